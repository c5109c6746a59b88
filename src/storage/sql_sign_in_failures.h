// The sign-in throttle's failures over one transaction's SqlConnection, written once for
// both engines: one row per failure, keyed by the 32-byte account key. Lives as long as the
// SqlTransaction that owns it.
#pragma once

#include "app/ports/sign_in_failures.h"
#include "storage/sql_connection.h"

namespace haven::storage {

// An account key that is not 32 bytes is InvalidInput on every method (a key of another
// size would silently count nothing). remove_older_than deletes `failed_at < before`.
class SqlSignInFailures final : public app::SignInFailures {
 public:
  explicit SqlSignInFailures(SqlConnection& conn) : conn_(conn) {}

  Result<void> record(std::string_view account_key,
                      std::chrono::system_clock::time_point at) override;
  Result<std::size_t> count_since(std::string_view account_key,
                                  std::chrono::system_clock::time_point since) override;
  Result<void> clear(std::string_view account_key) override;
  Result<std::size_t> remove_older_than(std::chrono::system_clock::time_point before,
                                        std::size_t limit) override;

 private:
  SqlConnection& conn_;
};

}  // namespace haven::storage
