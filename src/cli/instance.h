// A Haven instance on disk: the data directory with haven.toml (configuration),
// secrets.toml (per-instance secrets, 0600) and, by default, the SQLite database.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "cli/listen_address.h"
#include "core/log.h"
#include "core/random.h"
#include "core/result.h"
#include "vault/secret_bytes.h"

namespace haven::cli {

inline constexpr char kConfigFile[] = "haven.toml";
inline constexpr char kSecretsFile[] = "secrets.toml";
inline constexpr char kDefaultDatabaseFile[] = "haven.db";

struct InstanceConfig {
  ListenAddress listen{"127.0.0.1", 8080};
  unsigned threads = 0;      // 0: one per core
  std::string database_url;  // resolved: absolute SQLite path or a postgresql:// URL
  log::Level log_level = log::Level::Info;
  bool secure_transport = false;  // TLS terminates in front of haven (reverse proxy)
};

// Move-only: the keys live in guarded memory (vault::SecretBytes) and are wiped on exit.
struct InstanceSecrets {
  vault::SecretBytes csrf_key;       // 32 bytes, signs CSRF tokens
  vault::SecretBytes handle_pepper;  // 32 bytes, keys the hashes of emails and contact handles
  vault::SecretBytes audit_key;      // 32 bytes, keys the audit log's hash chain
  std::string metrics_token;         // bearer token for GET /metrics
};

struct Instance {
  std::filesystem::path data_dir;
  InstanceConfig config;
  InstanceSecrets secrets;
};

// Creates `data_dir` (0700) with a default haven.toml and fresh secrets. Conflict if it
// already holds an instance or other files; PermissionDenied/Unavailable on I/O errors.
Result<void> create_instance(std::filesystem::path const& data_dir, Random& random);

// Reads and validates an instance. `database_url_override` (HAVEN_DATABASE_URL) wins over
// haven.toml. NotFound with a hint to run `haven init` when there is no instance;
// PermissionDenied when unreadable or when secrets.toml is readable by others;
// InvalidInput naming the key for a malformed configuration.
Result<Instance> load_instance(std::filesystem::path const& data_dir,
                               std::optional<std::string> database_url_override);

}  // namespace haven::cli
