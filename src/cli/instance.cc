#include "cli/instance.h"

#include <sys/stat.h>
#include <unistd.h>

#include <toml++/toml.h>
#include <cerrno>
#include <cstring>
#include <set>

#include "cli/file_write.h"
#include "core/hex.h"

namespace haven::cli {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kDefaultConfig =
    R"(# Haven instance configuration. Secrets live in secrets.toml beside this file (0600):
# back that file up separately, never together with the database.

[server]
# HOST:PORT, a literal address. Put a TLS reverse proxy or an onion service in front.
listen = "127.0.0.1:8080"
# Worker threads; 0 means one per core.
threads = 0
# true when TLS terminates in front of Haven: HSTS and Secure/__Host- cookies.
secure_transport = false

[database]
# "sqlite:haven.db" (relative to this directory) or "postgresql://user@host:port/db".
# The environment variable HAVEN_DATABASE_URL overrides it.
url = "sqlite:haven.db"

[log]
# debug, info, warn or error. Logs never contain names, contact details, message text or
# IP addresses.
level = "info"
)";

Error config_error(fs::path const& file, std::string const& what) {
  return make_error(ErrorCode::InvalidInput, file.string() + ": " + what);
}

// Typos in a security-relevant file must not be silently ignored.
Result<void> check_known_keys(toml::table const& table, fs::path const& file) {
  static std::set<std::string, std::less<>> const kKnown = {
      "server.listen",    "server.threads",   "server.secure_transport", "database.url",
      "log.level",        "secrets.csrf_key", "secrets.metrics_token",   "secrets.handle_pepper",
      "secrets.audit_key"};
  for (auto const& [section, node] : table) {
    auto const* inner = node.as_table();
    if (inner == nullptr) return config_error(file, "unknown key '" + std::string(section) + "'");
    for (auto const& [key, value] : *inner) {
      std::string full = std::string(section.str()) + "." + std::string(key.str());
      if (!kKnown.contains(full)) return config_error(file, "unknown key '" + full + "'");
    }
  }
  return {};
}

Result<toml::table> read_toml(fs::path const& file) {
  if (::access(file.c_str(), R_OK) != 0) {
    if (errno == ENOENT) return make_error(ErrorCode::NotFound, file.string() + " is missing");
    return make_error(ErrorCode::PermissionDenied,
                      "cannot read " + file.string() + ": " + std::strerror(errno));
  }
  try {
    auto table = toml::parse_file(file.string());
    if (auto checked = check_known_keys(table, file); !checked) return checked.error();
    return table;
  } catch (toml::parse_error const& e) {
    return config_error(file, "line " + std::to_string(e.source().begin.line) + ": " +
                                  std::string(e.description()));
  }
}

Result<log::Level> parse_level(std::string_view text, fs::path const& file) {
  if (text == "debug") return log::Level::Debug;
  if (text == "info") return log::Level::Info;
  if (text == "warn") return log::Level::Warn;
  if (text == "error") return log::Level::Error;
  return config_error(file, "log.level must be debug, info, warn or error");
}

// The store wants an absolute SQLite path: a relative one would follow the working
// directory of whoever runs `haven` next.
std::string resolve_database_url(std::string const& url, fs::path const& data_dir) {
  constexpr std::string_view kSqlite = "sqlite:";
  if (!url.starts_with(kSqlite)) return url;
  fs::path path = url.substr(kSqlite.size());
  if (path.is_relative()) path = data_dir / path;
  std::error_code ec;
  auto absolute = fs::absolute(path, ec);
  return (ec ? path : absolute).lexically_normal().string();
}

Result<InstanceConfig> parse_config(toml::table const& table, fs::path const& data_dir,
                                    fs::path const& file) {
  InstanceConfig config;
  auto listen = parse_listen_address(table["server"]["listen"].value_or(std::string()));
  if (!listen) return config_error(file, "server.listen: " + listen.error().detail);
  config.listen = *listen;
  auto threads = table["server"]["threads"].value_or(std::int64_t{0});
  if (threads < 0 || threads > 256) return config_error(file, "server.threads must be 0..256");
  config.threads = static_cast<unsigned>(threads);
  config.secure_transport = table["server"]["secure_transport"].value_or(false);
  auto url = table["database"]["url"].value_or(std::string());
  if (url.empty()) return config_error(file, "database.url is missing");
  config.database_url = resolve_database_url(url, data_dir);
  auto level = parse_level(table["log"]["level"].value_or(std::string("info")), file);
  if (!level) return level.error();
  config.log_level = *level;
  return config;
}

Result<InstanceSecrets> parse_secrets(fs::path const& file) {
  struct stat info {};
  if (::stat(file.c_str(), &info) == 0 && (info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    return make_error(
        ErrorCode::PermissionDenied,
        file.string() + " is readable by other users; run: chmod 600 " + file.string());
  }
  auto table = read_toml(file);
  if (!table) return table.error();
  InstanceSecrets secrets;
  auto read_key = [&](std::string_view name, vault::SecretBytes& into) -> Result<void> {
    auto bytes = from_hex((*table)["secrets"][name].value_or(std::string()));
    if (!bytes || bytes->size() != 32) {
      return config_error(file, "secrets." + std::string(name) +
                                    " must be 64 hex digits (instances made before it existed: "
                                    "run haven init on a new directory)");
    }
    into = vault::SecretBytes::copy_of(*bytes);
    vault::wipe_bytes(*bytes);
    return {};
  };
  for (auto [name, key] : {std::pair{"csrf_key", &secrets.csrf_key},
                           std::pair{"handle_pepper", &secrets.handle_pepper},
                           std::pair{"audit_key", &secrets.audit_key}}) {
    if (auto read = read_key(name, *key); !read) return read.error();
  }
  secrets.metrics_token = (*table)["secrets"]["metrics_token"].value_or(std::string());
  if (secrets.metrics_token.size() < 32) {
    return config_error(file, "secrets.metrics_token must be at least 32 characters");
  }
  return secrets;
}

}  // namespace

Result<void> create_instance(fs::path const& data_dir, Random& random) {
  std::error_code ec;
  if (fs::exists(data_dir / kConfigFile, ec)) {
    return make_error(ErrorCode::Conflict, data_dir.string() + " already holds a Haven instance");
  }
  if (fs::exists(data_dir, ec) && !fs::is_empty(data_dir, ec)) {
    return make_error(ErrorCode::Conflict,
                      data_dir.string() + " is not empty; choose a new or empty directory");
  }
  if (::mkdir(data_dir.c_str(), 0700) != 0 && errno != EEXIST) {
    auto code = errno == EACCES ? ErrorCode::PermissionDenied : ErrorCode::Unavailable;
    return make_error(code, "cannot create " + data_dir.string() + ": " + std::strerror(errno));
  }
  std::string secrets =
      "# Per-instance secrets. Keep this file 0600 and back it up apart from\n"
      "# the database.\n[secrets]\ncsrf_key = \"" +
      random_hex(random, 32) + "\"\nhandle_pepper = \"" + random_hex(random, 32) +
      "\"\naudit_key = \"" + random_hex(random, 32) + "\"\nmetrics_token = \"" +
      random_hex(random, 24) + "\"\n";
  if (auto r = write_file_atomically(data_dir / kSecretsFile, secrets, 0600, true); !r) return r;
  return write_file_atomically(data_dir / kConfigFile, kDefaultConfig, 0600, true);
}

Result<Instance> load_instance(fs::path const& data_dir,
                               std::optional<std::string> database_url_override) {
  std::error_code ec;
  if (!fs::is_directory(data_dir, ec)) {
    return make_error(ErrorCode::NotFound, "no data directory " + data_dir.string() +
                                               "; create one with: haven init --data " +
                                               data_dir.string());
  }
  auto config_file = data_dir / kConfigFile;
  auto table = read_toml(config_file);
  if (!table) {
    if (table.error().code == ErrorCode::NotFound) {
      return make_error(ErrorCode::NotFound,
                        data_dir.string() + " is not a Haven data directory (no " + kConfigFile +
                            "); run: haven init --data " + data_dir.string());
    }
    return table.error();
  }
  auto config = parse_config(*table, data_dir, config_file);
  if (!config) return config.error();
  if (database_url_override && !database_url_override->empty()) {
    config->database_url = resolve_database_url(*database_url_override, data_dir);
  }
  auto secrets = parse_secrets(data_dir / kSecretsFile);
  if (!secrets) return secrets.error();
  return Instance{data_dir, std::move(config).value(), std::move(secrets).value()};
}

}  // namespace haven::cli
