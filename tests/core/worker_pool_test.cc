#include "core/worker_pool.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace haven {
namespace {

using namespace std::chrono_literals;

TEST(WorkerPool, RunsEveryAcceptedTaskBeforeDestruction) {
  std::atomic<int> ran{0};
  {
    WorkerPool pool(2, 100);
    for (int i = 0; i < 50; ++i) ASSERT_TRUE(pool.try_post([&ran] { ++ran; }));
  }
  EXPECT_EQ(ran.load(), 50);
}

TEST(WorkerPool, RefusesWorkWhenTheQueueIsFull) {
  WorkerPool pool(1, 2);
  std::promise<void> started;
  std::promise<void> release;
  auto release_future = release.get_future().share();
  ASSERT_TRUE(pool.try_post([&started, release_future] {
    started.set_value();
    release_future.wait();
  }));
  started.get_future().wait();  // the worker is busy, the queue is empty
  EXPECT_TRUE(pool.try_post([] {}));
  EXPECT_TRUE(pool.try_post([] {}));
  auto refused = pool.try_post([] {});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::RateLimited);
  EXPECT_EQ(pool.queued(), 2u);
  release.set_value();
}

TEST(WorkerPool, RunsTasksInParallelOnEveryWorker) {
  constexpr int kWorkers = 4;
  WorkerPool pool(kWorkers, 10);
  std::mutex mutex;
  std::condition_variable all_in;
  int inside = 0;
  std::atomic<int> met{0};
  for (int i = 0; i < kWorkers; ++i) {
    ASSERT_TRUE(pool.try_post([&] {
      std::unique_lock lock(mutex);
      ++inside;
      all_in.notify_all();
      // Only possible if all four run at once; the timeout keeps a broken pool from hanging.
      if (all_in.wait_for(lock, 10s, [&] { return inside == kWorkers; })) ++met;
    }));
  }
  auto deadline = std::chrono::steady_clock::now() + 15s;
  while (met.load() < kWorkers && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(1ms);
  }
  EXPECT_EQ(met.load(), kWorkers);
}

}  // namespace
}  // namespace haven
