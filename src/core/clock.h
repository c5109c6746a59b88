// Time as an injected interface: domain rules take `now` as an argument, services get a
// Clock, tests use FakeClock (tests/support) and never sleep.
#pragma once

#include <chrono>

namespace haven {

class Clock {
 public:
  using time_point = std::chrono::system_clock::time_point;
  virtual ~Clock() = default;
  virtual time_point now() const = 0;
};

class SystemClock final : public Clock {
 public:
  time_point now() const override { return std::chrono::system_clock::now(); }
};

}  // namespace haven
