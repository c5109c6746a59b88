// Small steps every repository repeats over SqlConnection: an existence check, a row count
// as a result, a LIMIT value, every row through a reader. Header-only; no state.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/result.h"
#include "storage/sql_connection.h"

namespace haven::storage {

// Runs a `SELECT count(*) ...` and says whether it counted anything.
inline Result<bool> count_is_positive(SqlConnection& conn, Statement const& statement,
                                      std::initializer_list<SqlParam> params) {
  auto counted = conn.execute(statement, params);
  if (!counted) return std::move(counted).error();
  return !counted->rows.empty() && counted->rows[0].int64(0) > 0;
}

// How many rows an UPDATE/DELETE touched, or its error.
inline Result<std::size_t> rows_affected(Result<SqlResult> result) {
  if (!result) return std::move(result).error();
  return static_cast<std::size_t>(std::max<std::int64_t>(result->affected_rows, 0));
}

// A size_t limit as a LIMIT parameter: clamped, because SQLite reads a negative LIMIT as
// "no limit" and PostgreSQL refuses one.
inline std::int64_t limit_value(std::size_t limit) {
  constexpr auto kMax = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
  return static_cast<std::int64_t>(std::min(limit, kMax));
}

// Every row of `result` through `read` (SqlRow const& -> Result<T>), in order; the first
// error (the query's or a row's) otherwise.
template <class Read, class T = std::decay_t<
                          decltype(std::declval<Read&>()(std::declval<SqlRow const&>()).value())>>
Result<std::vector<T>> read_rows(Result<SqlResult> result, Read read) {
  if (!result) return std::move(result).error();
  std::vector<T> out;
  out.reserve(result->rows.size());
  for (auto const& row : result->rows) {
    auto one = read(row);
    if (!one) return std::move(one).error();
    out.push_back(std::move(one).value());
  }
  return out;
}

}  // namespace haven::storage
