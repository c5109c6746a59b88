#include "storage/sqlite/sqlite_connection.h"

#include <sqlite3.h>

namespace haven::storage {

namespace {

ErrorCode code_for(int rc) {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_NOMEM:
    case SQLITE_NOLFS:
      return ErrorCode::Unavailable;
    case SQLITE_CONSTRAINT:
      return ErrorCode::Conflict;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return ErrorCode::Corruption;
    default:
      return ErrorCode::Internal;
  }
}

SqlRow read_row(sqlite3_stmt* stmt) {
  int columns = sqlite3_column_count(stmt);
  std::vector<SqlRow::Cell> cells;
  cells.reserve(static_cast<std::size_t>(columns));
  for (int i = 0; i < columns; ++i) {
    switch (sqlite3_column_type(stmt, i)) {
      case SQLITE_NULL:
        cells.emplace_back(std::monostate{});
        break;
      case SQLITE_INTEGER:
        cells.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(stmt, i)));
        break;
      case SQLITE_BLOB: {
        auto const* data = static_cast<char const*>(sqlite3_column_blob(stmt, i));
        int size = sqlite3_column_bytes(stmt, i);
        cells.emplace_back(std::string(data ? data : "", static_cast<std::size_t>(size)));
        break;
      }
      default: {  // TEXT, and FLOAT rendered as text
        auto const* data = reinterpret_cast<char const*>(sqlite3_column_text(stmt, i));
        int size = sqlite3_column_bytes(stmt, i);
        cells.emplace_back(std::string(data ? data : "", static_cast<std::size_t>(size)));
      }
    }
  }
  return SqlRow(std::move(cells));
}

}  // namespace

Error sqlite_error(sqlite3* db, int rc, std::string_view what) {
  std::string detail = "sqlite ";
  detail += what;
  detail += ": ";
  detail += sqlite3_errstr(rc);
  if (db != nullptr) {
    detail += " (";
    detail += sqlite3_errmsg(db);
    detail += ")";
  }
  return make_error(code_for(rc), std::move(detail));
}

SqliteConnection::~SqliteConnection() {
  for (auto& [name, stmt] : statements_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

Result<sqlite3_stmt*> SqliteConnection::prepared(Statement const& statement) {
  std::string name(statement.name);
  if (auto it = statements_.find(name); it != statements_.end()) return it->second;
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, statement.sql.data(), static_cast<int>(statement.sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return sqlite_error(db_, rc, "prepare " + name);
  statements_.emplace(std::move(name), stmt);
  return stmt;
}

Result<void> SqliteConnection::bind(sqlite3_stmt* stmt, std::span<SqlParam const> params) {
  for (std::size_t i = 0; i < params.size(); ++i) {
    std::string placeholder = "$" + std::to_string(i + 1);
    int index = sqlite3_bind_parameter_index(stmt, placeholder.c_str());
    if (index == 0) continue;  // the statement does not use this parameter
    int rc = std::visit(
        [&](auto const& value) -> int {
          using T = std::decay_t<decltype(value)>;
          if constexpr (std::is_same_v<T, std::nullptr_t>) {
            return sqlite3_bind_null(stmt, index);
          } else if constexpr (std::is_same_v<T, std::int64_t>) {
            return sqlite3_bind_int64(stmt, index, value);
          } else if constexpr (std::is_same_v<T, std::string_view>) {
            // SQLITE_STATIC: the caller's data outlives the step; bindings are cleared after.
            return sqlite3_bind_text64(stmt, index, value.data() ? value.data() : "", value.size(),
                                       SQLITE_STATIC, SQLITE_UTF8);
          } else {
            if (value.bytes.empty()) return sqlite3_bind_zeroblob(stmt, index, 0);
            return sqlite3_bind_blob64(stmt, index, value.bytes.data(), value.bytes.size(),
                                       SQLITE_STATIC);
          }
        },
        params[i]);
    if (rc != SQLITE_OK) return sqlite_error(db_, rc, "bind");
  }
  return {};
}

Result<SqlResult> SqliteConnection::execute(Statement const& statement,
                                            std::span<SqlParam const> params) {
  auto stmt = prepared(statement);
  if (!stmt.ok()) return std::move(stmt).error();
  // Always leave the statement reset and unbound: no dangling SQLITE_STATIC pointers, no
  // read transaction held open by a half-stepped statement.
  struct Reset {
    sqlite3_stmt* s;
    ~Reset() {
      sqlite3_reset(s);
      sqlite3_clear_bindings(s);
    }
  } reset{*stmt};
  if (auto bound = bind(*stmt, params); !bound.ok()) return bound.error();
  SqlResult result;
  for (;;) {
    int rc = sqlite3_step(*stmt);
    if (rc == SQLITE_ROW) {
      result.rows.push_back(read_row(*stmt));
      continue;
    }
    if (rc == SQLITE_DONE) break;
    return sqlite_error(db_, rc, std::string(statement.name));
  }
  if (!sqlite3_stmt_readonly(*stmt)) result.affected_rows = sqlite3_changes64(db_);
  return result;
}

Result<void> SqliteConnection::execute_script(std::string_view sql) {
  std::string text(sql);  // sqlite3_exec wants a NUL-terminated string
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return sqlite_error(db_, rc, "script");
  return {};
}

}  // namespace haven::storage
