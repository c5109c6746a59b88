#include "storage/sqlite/sqlite_store.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <thread>
#include <utility>
#include <vector>

#include "core/log.h"
#include "storage/migrations.h"

namespace haven::storage {

namespace {

constexpr Statement kQuickCheck{"sqlite.quick_check", "PRAGMA quick_check"};
constexpr Statement kJournalWal{"sqlite.journal_wal", "PRAGMA journal_mode = WAL"};
constexpr Statement kPing{"sqlite.ping", "SELECT 1"};

// The file must never be readable by anyone but the service user, and never a symlink an
// attacker planted. Created here, before SQLite sees it, so there is no window at 0644.
Result<void> create_private_file(std::filesystem::path const& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    return make_error(ErrorCode::Unavailable,
                      std::string("cannot open database file: ") + std::strerror(errno));
  }
  struct stat info {};
  Result<void> result;
  if (::fstat(fd, &info) != 0) {
    result = make_error(ErrorCode::Unavailable, "cannot stat database file");
  } else if ((info.st_mode & 077) != 0) {
    log::warn("storage.sqlite_mode_tightened");
    if (::fchmod(fd, 0600) != 0) {
      result = make_error(ErrorCode::Unavailable, "cannot restrict database file to 0600");
    }
  }
  ::close(fd);
  return result;
}

Result<void> configure_connection(sqlite3* db, std::chrono::milliseconds busy_timeout) {
  // DEFENSIVE: no writable_schema, no direct shadow-table writes; no double-quoted string
  // literals, so a typo cannot silently become a string.
  int const settings[][2] = {{SQLITE_DBCONFIG_DEFENSIVE, 1},
                             {SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0},
                             {SQLITE_DBCONFIG_DQS_DDL, 0},
                             {SQLITE_DBCONFIG_DQS_DML, 0},
                             {SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0}};
  for (auto const& [option, value] : settings) {
    int rc = sqlite3_db_config(db, option, value, nullptr);
    if (rc != SQLITE_OK) return sqlite_error(db, rc, "db_config");
  }
  int rc = sqlite3_busy_timeout(db, static_cast<int>(busy_timeout.count()));
  if (rc != SQLITE_OK) return sqlite_error(db, rc, "busy_timeout");
  return {};
}

Result<void> check_and_harden(SqliteConnection& conn) {
  auto pragmas = conn.execute_script(
      "PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON; PRAGMA trusted_schema = OFF;"
      " PRAGMA cell_size_check = ON;");
  if (!pragmas.ok()) return pragmas;
  auto check = conn.execute(kQuickCheck);
  if (!check.ok()) {
    if (check.error().code == ErrorCode::Corruption) {
      return make_error(ErrorCode::Corruption,
                        "database file is damaged or not a database: " + check.error().detail);
    }
    return std::move(check).error();
  }
  if (check->rows.size() != 1 || check->rows[0].text(0) != "ok") {
    return make_error(ErrorCode::Corruption, "database file failed quick_check");
  }
  auto wal = conn.execute(kJournalWal);
  if (!wal.ok()) return std::move(wal).error();
  if (wal->rows.empty() || wal->rows[0].text(0) != "wal") {
    return make_error(ErrorCode::Unavailable, "cannot switch the database to WAL mode");
  }
  // FULL: a commit is on disk (WAL fsynced) before we acknowledge anything to a user.
  return conn.execute_script("PRAGMA synchronous = FULL;");
}

Result<std::unique_ptr<SqliteConnection>> open_connection(std::filesystem::path const& path,
                                                          StoreConfig const& config) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(
      path.c_str(), &db,
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_EXRESCODE,
      nullptr);
  auto conn = std::make_unique<SqliteConnection>(db);  // closes `db` on every path
  if (rc != SQLITE_OK) return sqlite_error(db, rc, "open");
  if (auto r = configure_connection(db, config.wait_timeout); !r.ok()) return r.error();
  return conn;
}

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(std::filesystem::path const& path,
                                                       StoreConfig const& config) {
  if (config.clock == nullptr || config.random == nullptr) {
    return make_error(ErrorCode::InvalidInput, "store needs a clock and a random source");
  }
  if (!path.is_absolute()) {
    return make_error(ErrorCode::InvalidInput, "SQLite database path must be absolute");
  }
  if (auto created = create_private_file(path); !created.ok()) return created.error();
  auto conn = open_connection(path, config);
  if (!conn.ok()) return std::move(conn).error();
  if (auto r = check_and_harden(**conn); !r.ok()) return r.error();
  auto migrated =
      apply_migrations(**conn, embedded_migrations(Dialect::Sqlite), config.clock->now());
  if (!migrated.ok()) return std::move(migrated).error();
  // Opened after the migrations, so they never see an older schema.
  std::vector<std::unique_ptr<Reader>> readers;
  unsigned cores = std::thread::hardware_concurrency();
  std::size_t count = std::clamp(cores == 0 ? 2u : cores, 2u, 8u);
  for (std::size_t i = 0; i < count; ++i) {
    auto reader = open_connection(path, config);
    if (!reader.ok()) return std::move(reader).error();
    auto reader_settings = (*reader)->execute_script(
        "PRAGMA foreign_keys = ON; PRAGMA trusted_schema = OFF; PRAGMA cell_size_check = ON;"
        " PRAGMA query_only = ON;");
    if (!reader_settings.ok()) return reader_settings.error();
    readers.push_back(std::make_unique<Reader>());
    readers.back()->conn = std::move(*reader);
  }
  return std::unique_ptr<SqliteStore>(
      new SqliteStore(std::move(*conn), std::move(readers), config));
}

SqliteStore::SqliteStore(std::unique_ptr<SqliteConnection> conn,
                         std::vector<std::unique_ptr<Reader>> readers, StoreConfig const& config)
    : SqlStore(config),
      conn_(std::move(conn)),
      readers_(std::move(readers)),
      wait_timeout_(config.wait_timeout) {}

Result<std::unique_lock<std::timed_mutex>> SqliteStore::take_reader(SqliteConnection*& conn) {
  for (auto const& reader : readers_) {
    std::unique_lock lock(reader->mutex, std::try_to_lock);
    if (lock.owns_lock()) {
      conn = reader->conn.get();
      return lock;
    }
  }
  Reader& turn = *readers_[next_reader_.fetch_add(1) % readers_.size()];
  std::unique_lock lock(turn.mutex, std::defer_lock);
  if (!lock.try_lock_for(wait_timeout_)) {
    return make_error(ErrorCode::Unavailable, "no sqlite read connection free within wait timeout");
  }
  conn = turn.conn.get();
  return lock;
}

Result<void> SqliteStore::ping() {
  SqliteConnection* reader = nullptr;
  auto lock = take_reader(reader);
  if (!lock) return std::move(lock).error();
  auto r = reader->execute(kPing);
  if (!r.ok()) return std::move(r).error();
  return {};
}

Result<void> SqliteStore::run_sql_transaction(app::TransactionMode mode, SqlWork const& work) {
  if (mode == app::TransactionMode::ReadOnly) {
    SqliteConnection* reader = nullptr;
    auto lock = take_reader(reader);
    if (!lock) return std::move(lock).error();
    // Readers run with query_only for good: a write attempt fails, and nothing to restore.
    if (auto r = reader->execute_script("BEGIN"); !r.ok()) return r;
    return finish_transaction(*reader, work);
  }
  std::unique_lock lock(mutex_, std::defer_lock);
  if (!lock.try_lock_for(wait_timeout_)) {
    return make_error(ErrorCode::Unavailable, "sqlite write slot not free within wait timeout");
  }
  // IMMEDIATE takes the write lock up front, so other processes queue on busy_timeout here
  // instead of failing half-way with SQLITE_BUSY.
  if (auto r = conn_->execute_script("BEGIN IMMEDIATE"); !r.ok()) return r;
  return finish_transaction(*conn_, work);
}

Result<SqliteSettings> SqliteStore::read_settings() {
  std::lock_guard lock(mutex_);
  auto read = [&](std::string_view name, std::string_view sql) -> SqlRow {
    auto r = conn_->execute(Statement{name, sql});
    if (!r.ok() || r->rows.empty()) return SqlRow({});
    return r->rows.front();
  };
  SqliteSettings s;
  s.journal_mode = read("sqlite.read_journal_mode", "PRAGMA journal_mode").text(0);
  s.synchronous = static_cast<int>(read("sqlite.read_synchronous", "PRAGMA synchronous").int64(0));
  s.foreign_keys = read("sqlite.read_foreign_keys", "PRAGMA foreign_keys").int64(0) == 1;
  s.secure_delete = read("sqlite.read_secure_delete", "PRAGMA secure_delete").int64(0) == 1;
  s.trusted_schema = read("sqlite.read_trusted_schema", "PRAGMA trusted_schema").int64(0) == 1;
  s.busy_timeout_ms =
      static_cast<int>(read("sqlite.read_busy_timeout", "PRAGMA busy_timeout").int64(0));
  int defensive = 0;
  sqlite3_db_config(conn_->handle(), SQLITE_DBCONFIG_DEFENSIVE, -1, &defensive);
  s.defensive = defensive == 1;
  return s;
}

}  // namespace haven::storage
