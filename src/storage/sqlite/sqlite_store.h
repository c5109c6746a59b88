// The default Store (DESIGN.md §5): one SQLite file in WAL mode, opened hardened, with one
// connection for writes and one for reads, each behind a timed mutex.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

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
  struct Reader {
    std::timed_mutex mutex;
    std::unique_ptr<SqliteConnection> conn;
  };

  SqliteStore(std::unique_ptr<SqliteConnection> conn, std::vector<std::unique_ptr<Reader>> readers,
              StoreConfig const& config);

  // A free reader, or the next one in turn once it frees up within wait_timeout_; the lock
  // is the caller's until it returns. Unavailable when none frees up.
  Result<std::unique_lock<std::timed_mutex>> take_reader(SqliteConnection*& conn);

  // Writes (and read-write transactions) on one connection: SQLite admits one writer at a
  // time anyway. Read-only transactions and ping() on others, one per core (2-8): with
  // synchronous = FULL a commit waits for an fsync, tens of milliseconds on some disks, and
  // WAL lets a reader run beside it instead of queueing behind it (bench/run-sign-in: a
  // /healthz behind a refused sign-in's commit was the whole p99). A read sees every
  // transaction committed before it began, so "read your own write" still holds. Several
  // readers let the queue pages of several counsellors run on several cores at once
  // (bench/run-cases).
  std::timed_mutex mutex_;
  std::unique_ptr<SqliteConnection> conn_;
  std::vector<std::unique_ptr<Reader>> readers_;
  std::atomic<std::size_t> next_reader_{0};
  std::chrono::milliseconds wait_timeout_;
};

}  // namespace haven::storage
