// The sign-in throttle's memory: recent failed sign-ins per account key, shared by every
// instance through the database (issue 3: from the 6th failure in a minute). The key is the
// keyed hash of the normalised email, computed for unknown addresses too, so throttling
// reveals nothing about which accounts exist. No address, IP or password is stored.
#pragma once

#include <chrono>
#include <cstddef>
#include <string_view>

#include "core/result.h"

namespace haven::app {

// No permission checks. Errors: Unavailable when the database does not answer.
class SignInFailures {
 public:
  virtual ~SignInFailures() = default;

  // Records one failure for `account_key` (32 bytes) at `at`.
  virtual Result<void> record(std::string_view account_key,
                              std::chrono::system_clock::time_point at) = 0;
  // Failures for `account_key` at or after `since`.
  virtual Result<std::size_t> count_since(std::string_view account_key,
                                          std::chrono::system_clock::time_point since) = 0;
  // Forgets every failure of `account_key` (after a successful sign-in).
  virtual Result<void> clear(std::string_view account_key) = 0;
  // Forgets failures older than `before`, at most `limit` rows; returns how many went.
  virtual Result<std::size_t> remove_older_than(std::chrono::system_clock::time_point before,
                                                std::size_t limit) = 0;
};

}  // namespace haven::app
