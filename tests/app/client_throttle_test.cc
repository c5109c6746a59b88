#include "app/client_throttle.h"

#include <gtest/gtest.h>

namespace haven::app {
namespace {

using namespace std::chrono_literals;
using TimePoint = std::chrono::system_clock::time_point;

TEST(ClientThrottle, RefusesFromTheFailureAfterTheLimitUntilTheWindowPasses) {
  ClientThrottle throttle(3, 60s);
  TimePoint t{1'800'000'000s};
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(throttle.allows("a", t));
    throttle.record_failure("a", t + std::chrono::seconds(i));
  }
  EXPECT_FALSE(throttle.allows("a", t + 10s));
  EXPECT_TRUE(throttle.allows("b", t + 10s));
  // The first failure leaves the window at t + 60 s: one more try.
  EXPECT_TRUE(throttle.allows("a", t + 60s));
  throttle.forget("a");
  EXPECT_TRUE(throttle.allows("a", t + 11s));
}

TEST(ClientThrottle, AnEmptyKeyIsNeverThrottledNorTracked) {
  ClientThrottle throttle(1, 60s);
  TimePoint t{1'800'000'000s};
  for (int i = 0; i < 5; ++i) throttle.record_failure("", t);
  EXPECT_TRUE(throttle.allows("", t));
  EXPECT_EQ(throttle.tracked_clients(), 0u);
}

TEST(ClientThrottle, StaysBoundedWhenFlooded) {
  ClientThrottle throttle(5, 60s);
  TimePoint t{1'800'000'000s};
  for (std::size_t i = 0; i < ClientThrottle::kMaxClients + 5'000; ++i) {
    throttle.record_failure("client-" + std::to_string(i), t);
  }
  EXPECT_LE(throttle.tracked_clients(), ClientThrottle::kMaxClients);
  // When full again, keys whose failures have left the window go first.
  for (std::size_t i = 0; i < 6'000; ++i) {
    throttle.record_failure("late-" + std::to_string(i), t + 61s);
  }
  EXPECT_LE(throttle.tracked_clients(), 6'000u);
}

}  // namespace
}  // namespace haven::app
