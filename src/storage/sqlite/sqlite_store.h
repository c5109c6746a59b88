// The default Store (DESIGN.md §5): one SQLite file in WAL mode, opened hardened, with one
// connection behind a timed mutex that serialises every transaction of this process.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include "storage/sql_store.h"
#include "storage/sqlite/sqlite_connection.h"

namespace haven::storage {

// What the connection actually runs with, read back from SQLite (for tests and diagnostics).
struct SqliteSettings {
  std::string journal_mode;  // "wal"
  int synchronous = 0;       // 2 = FULL
  bool foreign_keys = false;
  bool secure_delete = false;
  bool trusted_schema = true;
  bool defensive = false;
  int busy_timeout_ms = 0;
};

class SqliteStore final : public SqlStore {
 public:
  // Creates the file (mode 0600) if missing, tightens a group/world-readable one, applies the
  // hardened settings, runs quick_check (Corruption if the file is damaged or not a database)
  // and the migrations. Unavailable when the file cannot be opened. A unique_ptr because the
  // store hands out references (jobs()) and owns a mutex: it never moves.
  static Result<std::unique_ptr<SqliteStore>> open(std::filesystem::path const& path,
                                                   StoreConfig const& config);

  std::string_view engine() const override { return "sqlite"; }
  Result<void> ping() override;
  Result<SqliteSettings> read_settings();

 protected:
  Result<void> run_sql_transaction(app::TransactionMode mode, SqlWork const& work) override;

 private:
  SqliteStore(std::unique_ptr<SqliteConnection> conn, StoreConfig const& config);

  // One connection for reads and writes: SQLite admits one writer at a time anyway, commits
  // are short, and a single connection keeps "read your own write" trivial. Other processes
  // still read concurrently thanks to WAL. A read-only connection pool can be added behind
  // TransactionMode::ReadOnly without changing callers.
  std::timed_mutex mutex_;
  std::unique_ptr<SqliteConnection> conn_;
  std::chrono::milliseconds wait_timeout_;
};

}  // namespace haven::storage
