// One SQLite connection behind SqlConnection: statements prepared once and cached by name,
// $1..$n bound by name, SQLite result codes mapped to ErrorCode.
#pragma once

#include <string>
#include <unordered_map>

#include "storage/sql_connection.h"

struct sqlite3;
struct sqlite3_stmt;

namespace haven::storage {

class SqliteConnection final : public SqlConnection {
 public:
  // Takes ownership of an open handle.
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override;
  SqliteConnection(SqliteConnection const&) = delete;
  SqliteConnection& operator=(SqliteConnection const&) = delete;

  Dialect dialect() const override { return Dialect::Sqlite; }
  Result<SqlResult> execute(Statement const& statement, std::span<SqlParam const> params) override;
  Result<void> execute_script(std::string_view sql) override;
  using SqlConnection::execute;

  sqlite3* handle() const { return db_; }

 private:
  Result<sqlite3_stmt*> prepared(Statement const& statement);
  Result<void> bind(sqlite3_stmt* stmt, std::span<SqlParam const> params);

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

// The error for result code `rc` on `db`: BUSY/LOCKED/FULL/IOERR/CANTOPEN -> Unavailable,
// CONSTRAINT -> Conflict, CORRUPT/NOTADB -> Corruption, anything else -> Internal.
Error sqlite_error(sqlite3* db, int rc, std::string_view what);

}  // namespace haven::storage
