// Durable audit entries for reads (a case opened, a document downloaded), several at a
// time: the counsellors who open cases at the same moment share one transaction and so one
// fsync (group commit), instead of queueing one by one behind the single writer. A read is
// shown only after its entry committed; a page never waits for more than the batch in
// front of it.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

#include "app/audit_log.h"
#include "app/ports/store.h"
#include "core/result.h"

namespace haven::app {

// The most entries one transaction appends; more wait for the next one.
inline constexpr std::size_t kMaxReadAuditBatch = 128;

class ReadAudit {
 public:
  // `store` and `audit` must outlive this. Thread-safe.
  ReadAudit(Store& store, AuditLog const& audit) : store_(store), audit_(audit) {}
  ReadAudit(ReadAudit const&) = delete;
  ReadAudit& operator=(ReadAudit const&) = delete;

  // Appends `event` and returns once it committed, together with the events recorded
  // meanwhile: the first caller to find no batch committing commits everything queued so
  // far, the others wait for it. Should a shared transaction fail, each of its events is
  // tried alone, so one bad event (InvalidInput) never fails another's read. AuditLog's and
  // the store's errors pass through.
  Result<void> record(AuditEvent const& event);

 private:
  struct Pending {
    AuditEvent event;
    bool finished = false;
    Result<void> outcome;
  };

  // Appends every event of `batch` (at most kMaxReadAuditBatch), outside the lock.
  void commit(std::vector<std::shared_ptr<Pending>> const& batch);

  Store& store_;
  AuditLog const& audit_;
  std::mutex mutex_;
  std::condition_variable finished_;
  std::vector<std::shared_ptr<Pending>> queued_;
  bool committing_ = false;
};

}  // namespace haven::app
