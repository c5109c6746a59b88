// A small bounded thread pool for CPU-heavy work (Argon2id) that must run off the HTTP I/O
// threads: a fixed number of workers and a queue limit, so a flood is refused, not queued.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "core/result.h"

namespace haven {

// Thread-safe. Tasks run in FIFO order on one of `workers` threads. The destructor stops
// accepting work, runs every task already queued, then joins: nothing accepted is dropped.
// A task must not throw (the pool would terminate), and must not block on the same pool.
class WorkerPool {
 public:
  // `workers` ≥ 1; `max_queued` counts tasks waiting, not those running.
  WorkerPool(std::size_t workers, std::size_t max_queued);
  ~WorkerPool();
  WorkerPool(WorkerPool const&) = delete;
  WorkerPool& operator=(WorkerPool const&) = delete;

  // RateLimited when `max_queued` tasks are already waiting; Unavailable once shutting down.
  // On success the pool owns `task` and will run it exactly once.
  Result<void> try_post(std::function<void()> task);

  std::size_t queued() const;

 private:
  void run_worker();

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;
  std::size_t max_queued_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace haven
