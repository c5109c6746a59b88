// Expected failures as values: a small closed set of error codes and Result<T>, our own
// stand-in for std::expected (not in g++ 12's C++20). Programming errors stay assertions.
#pragma once

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace haven {

enum class ErrorCode {
  InvalidInput,
  NotFound,
  PermissionDenied,
  Unauthenticated,
  Conflict,
  RateLimited,
  Unavailable,
  Corruption,
  Internal,
};

std::string_view to_string(ErrorCode code);

// `detail` is for the log only: it must never carry a name, handle, message text or address.
struct Error {
  ErrorCode code = ErrorCode::Internal;
  std::string detail;
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}      // NOLINT: implicit
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT: implicit

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(state_);
  }
  T const& value() const& {
    assert(ok());
    return std::get<0>(state_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(state_));
  }
  T* operator->() { return &value(); }
  T const* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  T const& operator*() const& { return value(); }

  Error const& error() const& {
    assert(!ok());
    return std::get<1>(state_);
  }
  Error&& error() && {
    assert(!ok());
    return std::get<1>(std::move(state_));
  }

 private:
  std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT: implicit

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  Error const& error() const& {
    assert(!ok_);
    return error_;
  }
  Error&& error() && {
    assert(!ok_);
    return std::move(error_);
  }

 private:
  Error error_;
  bool ok_ = true;
};

inline Error make_error(ErrorCode code, std::string detail = {}) {
  return Error{code, std::move(detail)};
}

}  // namespace haven
