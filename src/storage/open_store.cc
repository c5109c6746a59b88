#include "storage/open_store.h"

#include <string_view>

#include "storage/postgres/postgres_store.h"
#include "storage/sqlite/sqlite_store.h"

namespace haven::storage {

namespace {

template <class Engine>
Result<std::unique_ptr<app::Store>> upcast(Result<std::unique_ptr<Engine>> opened) {
  if (!opened.ok()) return std::move(opened).error();
  return std::unique_ptr<app::Store>(std::move(opened).value());
}

}  // namespace

Result<std::unique_ptr<app::Store>> open_store(StoreConfig const& config) {
  std::string_view url = config.url;
  constexpr std::string_view kSqlite = "sqlite://";
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    return upcast(PostgresStore::open(config.url, config));
  }
  if (url.starts_with(kSqlite)) {
    std::string_view path = url.substr(kSqlite.size());
    if (!path.starts_with('/')) {
      return make_error(ErrorCode::InvalidInput,
                        "sqlite URL needs an absolute path: sqlite:///abs/path/haven.db");
    }
    return upcast(SqliteStore::open(std::string(path), config));
  }
  if (auto scheme = url.find("://"); scheme != std::string_view::npos) {
    // Only the scheme: the rest may hold a password.
    return make_error(ErrorCode::InvalidInput,
                      "unknown database URL scheme '" + std::string(url.substr(0, scheme)) +
                          "'; use sqlite:///abs/path/haven.db or postgresql://");
  }
  if (!url.starts_with('/')) {
    return make_error(ErrorCode::InvalidInput,
                      "database URL must be sqlite:///abs/path, an absolute path or "
                      "postgresql://...");
  }
  return upcast(SqliteStore::open(std::string(url), config));
}

}  // namespace haven::storage
