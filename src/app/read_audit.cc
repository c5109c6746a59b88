#include "app/read_audit.h"

#include <algorithm>
#include <iterator>
#include <utility>

namespace haven::app {

Result<void> ReadAudit::record(AuditEvent const& event) {
  auto mine = std::make_shared<Pending>(Pending{.event = event, .finished = false, .outcome = {}});
  std::unique_lock lock(mutex_);
  queued_.push_back(mine);
  while (!mine->finished) {
    if (committing_) {
      finished_.wait(lock);
      continue;
    }
    // This caller commits the oldest queued events, its own among them unless more than
    // a batch's worth queued before it (then it loops and commits the next batch).
    committing_ = true;
    std::size_t take = std::min(queued_.size(), kMaxReadAuditBatch);
    std::vector<std::shared_ptr<Pending>> batch(queued_.begin(),
                                                queued_.begin() + static_cast<long>(take));
    queued_.erase(queued_.begin(), queued_.begin() + static_cast<long>(take));
    lock.unlock();
    auto finish = [&] {
      lock.lock();
      for (auto const& pending : batch) pending->finished = true;
      committing_ = false;
      finished_.notify_all();
    };
    try {
      commit(batch);
    } catch (...) {
      // A programming error rethrown by the store: the waiting readers must not hang.
      for (auto const& pending : batch) {
        pending->outcome = make_error(ErrorCode::Internal, "read audit failed");
      }
      finish();
      throw;
    }
    finish();
  }
  return mine->outcome;
}

void ReadAudit::commit(std::vector<std::shared_ptr<Pending>> const& batch) {
  auto append_all = [&](std::vector<std::shared_ptr<Pending>> const& events) {
    return store_.run_in_transaction(TransactionMode::ReadWrite, [&](Transaction& tx) {
      for (auto const& pending : events) {
        auto appended = audit_.append(tx, pending->event);
        if (!appended) return Result<void>(std::move(appended).error());
      }
      return Result<void>();
    });
  };
  Result<void> together = append_all(batch);
  if (together || batch.size() == 1) {
    for (auto const& pending : batch) pending->outcome = together;
    return;
  }
  for (auto const& pending : batch) pending->outcome = append_all({pending});
}

}  // namespace haven::app
