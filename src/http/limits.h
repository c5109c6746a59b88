// Every size and time limit of the HTTP server, named, in one place (CONVENTIONS example 7).
#pragma once

#include <chrono>
#include <cstddef>

namespace haven::http::limits {

inline constexpr std::size_t kMaxHeaderBytes = 16 * 1024;  // larger → 431
inline constexpr std::size_t kMaxBodyBytes = 64 * 1024;    // default per route → 413
inline constexpr std::size_t kMaxFormFields = 200;
inline constexpr std::size_t kMaxMultipartParts = 32;
inline constexpr std::size_t kMaxConnections = 4096;
inline constexpr std::chrono::seconds kHeaderReadTimeout{10};  // whole header, not per byte
inline constexpr std::chrono::seconds kBodyReadTimeout{30};
inline constexpr std::chrono::seconds kIdleTimeout{15};  // keep-alive between requests
inline constexpr std::chrono::seconds kWriteTimeout{30};
// A deferred route's answer (router.h); later → 503. Far above an Argon2id hash (~100 ms)
// on a busy worker pool, well below a browser's patience.
inline constexpr std::chrono::seconds kDeferredResponseTimeout{30};
inline constexpr std::chrono::seconds kShutdownGrace{10};  // in-flight requests finish

}  // namespace haven::http::limits
