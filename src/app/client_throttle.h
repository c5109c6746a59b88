// Failed sign-ins per client, in memory only: the key is whatever opaque value the web layer
// derives from the connection (a keyed hash under a per-process random key), so no address
// is ever stored, and a restart forgets everything (the per-account throttle in the database
// is the one that survives). Bounded: at most kMaxClients keys; when full, keys whose
// failures all left the window go first, then arbitrary ones (an attacker with that many
// addresses gains little: the per-account throttle still holds).
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace haven::app {

class ClientThrottle {
 public:
  static constexpr std::size_t kMaxClients = 100'000;

  // Refuse from the (max_failures + 1)-th failure within `window`.
  ClientThrottle(std::size_t max_failures, std::chrono::seconds window)
      : max_failures_(max_failures), window_(window) {}

  // True when `client` may try now. An empty key is never throttled.
  bool allows(std::string_view client, std::chrono::system_clock::time_point now);
  void record_failure(std::string_view client, std::chrono::system_clock::time_point now);
  // Forgets `client`'s failures (after a successful sign-in).
  void forget(std::string_view client);
  std::size_t tracked_clients() const;

 private:
  using TimePoint = std::chrono::system_clock::time_point;
  void drop_old(std::deque<TimePoint>& failures, TimePoint now) const;
  void make_room(TimePoint now);

  std::size_t const max_failures_;
  std::chrono::seconds const window_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::deque<TimePoint>> failures_;
};

}  // namespace haven::app
