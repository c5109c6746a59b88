// A clock tests move by hand: FakeClock::advance(31min) instead of sleeping.
#pragma once

#include <atomic>

#include "core/clock.h"

namespace haven::testing {

class FakeClock final : public Clock {
 public:
  explicit FakeClock(time_point start = time_point{std::chrono::seconds{1'800'000'000}})
      : now_(start) {}
  time_point now() const override { return now_.load(); }
  void advance(std::chrono::system_clock::duration by) { now_ = now_.load() + by; }

 private:
  std::atomic<time_point> now_;
};

}  // namespace haven::testing
