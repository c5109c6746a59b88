// The seam between engine-neutral SQL (migrations, jobs, later repositories) and the two
// engines: a connection that runs parameterised statements with $1..$n placeholders.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.h"

namespace haven::storage {

enum class Dialect { Sqlite, Postgres };

// A statement with a stable name: engines prepare it once per connection under that name.
struct Statement {
  std::string_view name;
  std::string_view sql;
};

struct Blob {
  std::string_view bytes;
};
// A bound parameter: NULL, integer, UTF-8 text (no NUL) or bytes.
using SqlParam = std::variant<std::nullptr_t, std::int64_t, std::string_view, Blob>;

class SqlRow {
 public:
  using Cell = std::variant<std::monostate, std::int64_t, std::string>;
  explicit SqlRow(std::vector<Cell> cells) : cells_(std::move(cells)) {}

  std::size_t size() const { return cells_.size(); }
  bool is_null(std::size_t i) const;
  // 0 when the cell is NULL or not an integer.
  std::int64_t int64(std::size_t i) const;
  // Text or bytes; empty when NULL or an integer.
  std::string const& text(std::size_t i) const;

 private:
  std::vector<Cell> cells_;
};

struct SqlResult {
  std::vector<SqlRow> rows;
  std::int64_t affected_rows = 0;
};

// One database connection. Not thread-safe: owned by one transaction at a time. Errors map
// to Unavailable (connection, busy, disk), Conflict (constraint), Corruption (damaged file)
// or Internal; their detail never contains parameter values.
class SqlConnection {
 public:
  virtual ~SqlConnection() = default;
  virtual Dialect dialect() const = 0;
  virtual Result<SqlResult> execute(Statement const& statement,
                                    std::span<SqlParam const> params) = 0;
  // Several parameterless statements (migrations, BEGIN/COMMIT).
  virtual Result<void> execute_script(std::string_view sql) = 0;

  Result<SqlResult> execute(Statement const& statement,
                            std::initializer_list<SqlParam> params = {}) {
    return execute(statement, std::span<SqlParam const>(params.begin(), params.size()));
  }
};

}  // namespace haven::storage
