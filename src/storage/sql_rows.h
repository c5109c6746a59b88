// Small steps every repository repeats over SqlConnection: an existence check, a row count
// as a result, a LIMIT value. Header-only; no state.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <utility>

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

}  // namespace haven::storage
