#include "storage/sql_sign_in_failures.h"

#include "storage/sql_rows.h"
#include "storage/sql_time.h"

namespace haven::storage {

namespace {

constexpr std::size_t kAccountKeyBytes = 32;

constexpr Statement kInsert{
    "sign_in_failures.insert",
    "INSERT INTO sign_in_failures (account_key, failed_at) VALUES ($1, $2)"};
constexpr Statement kCountSince{
    "sign_in_failures.count_since",
    "SELECT count(*) FROM sign_in_failures WHERE account_key = $1 AND failed_at >= $2"};
constexpr Statement kClear{"sign_in_failures.clear",
                           "DELETE FROM sign_in_failures WHERE account_key = $1"};
// Oldest first, a batch by id: neither engine takes LIMIT on DELETE by default.
constexpr Statement kDeleteOlder{
    "sign_in_failures.delete_older",
    "DELETE FROM sign_in_failures WHERE id IN (SELECT id FROM sign_in_failures "
    "WHERE failed_at < $1 ORDER BY failed_at LIMIT $2)"};

Result<void> check_key(std::string_view account_key) {
  if (account_key.size() != kAccountKeyBytes) {
    return make_error(ErrorCode::InvalidInput, "sign-in account key must be 32 bytes");
  }
  return {};
}

}  // namespace

Result<void> SqlSignInFailures::record(std::string_view account_key,
                                       std::chrono::system_clock::time_point at) {
  if (auto valid = check_key(account_key); !valid) return valid;
  auto inserted = conn_.execute(kInsert, {Blob{account_key}, to_millis(at)});
  if (!inserted) return std::move(inserted).error();
  return {};
}

Result<std::size_t> SqlSignInFailures::count_since(std::string_view account_key,
                                                   std::chrono::system_clock::time_point since) {
  if (auto valid = check_key(account_key); !valid) return std::move(valid).error();
  auto counted = conn_.execute(kCountSince, {Blob{account_key}, to_millis(since)});
  if (!counted) return std::move(counted).error();
  if (counted->rows.empty()) return std::size_t{0};
  return static_cast<std::size_t>(counted->rows[0].int64(0));
}

Result<void> SqlSignInFailures::clear(std::string_view account_key) {
  if (auto valid = check_key(account_key); !valid) return valid;
  auto deleted = conn_.execute(kClear, {Blob{account_key}});
  if (!deleted) return std::move(deleted).error();
  return {};
}

Result<std::size_t> SqlSignInFailures::remove_older_than(
    std::chrono::system_clock::time_point before, std::size_t limit) {
  return rows_affected(conn_.execute(kDeleteOlder, {to_millis(before), limit_value(limit)}));
}

}  // namespace haven::storage
