#include "cli/background_priority.h"

#include <gtest/gtest.h>
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <future>

namespace haven::cli {
namespace {

struct Scheduling {
  int policy = -1;
  int nice = -100;
};

Scheduling scheduling_of_this_thread() {
  errno = 0;
  int nice = ::getpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()));
  EXPECT_EQ(errno, 0);
  return Scheduling{.policy = ::sched_getscheduler(0), .nice = nice};
}

TEST(BackgroundPriority, LowersTheCallingThreadAndNoOther) {
  Scheduling before = scheduling_of_this_thread();
  if (before.policy != SCHED_OTHER) GTEST_SKIP() << "the test runner is not SCHED_OTHER";
  // On a thread of its own: the change cannot be undone, and the test runner must keep its
  // normal priority.
  auto lowered = std::async(std::launch::async, [] {
                   auto result = lower_this_thread_priority();
                   EXPECT_TRUE(result.ok()) << result.error().detail;
                   return scheduling_of_this_thread();
                 }).get();
  EXPECT_EQ(lowered.policy, SCHED_OTHER);
  EXPECT_EQ(lowered.nice, 19);
  Scheduling after = scheduling_of_this_thread();
  EXPECT_EQ(after.policy, before.policy);
  EXPECT_EQ(after.nice, before.nice);
}

}  // namespace
}  // namespace haven::cli
