#include "core/worker_pool.h"

#include <cassert>
#include <utility>

namespace haven {

WorkerPool::WorkerPool(std::size_t workers, std::size_t max_queued) : max_queued_(max_queued) {
  assert(workers >= 1);
  threads_.reserve(workers);
  for (std::size_t i = 0; i < workers; ++i) threads_.emplace_back([this] { run_worker(); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& thread : threads_) thread.join();
}

Result<void> WorkerPool::try_post(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return make_error(ErrorCode::Unavailable, "worker pool stopping");
    if (queue_.size() >= max_queued_) {
      return make_error(ErrorCode::RateLimited, "worker pool queue full");
    }
    queue_.push_back(std::move(task));
  }
  wake_.notify_one();
  return {};
}

std::size_t WorkerPool::queued() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

void WorkerPool::run_worker() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      // Drain before exiting: a task accepted by try_post is a promise to run it.
      if (queue_.empty()) return;
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    task();
  }
}

}  // namespace haven
