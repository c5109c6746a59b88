// The storage port the application layer runs on: one Store per process, units of work in
// transactions, and repositories reached through the Transaction (README.md explains why).
#pragma once

#include <functional>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>

#include "app/ports/account_token_repository.h"
#include "app/ports/audit_repository.h"
#include "app/ports/case_person_repository.h"
#include "app/ports/case_repository.h"
#include "app/ports/deadline_repository.h"
#include "app/ports/document_repository.h"
#include "app/ports/job_queue.h"
#include "app/ports/organisation_repository.h"
#include "app/ports/session_repository.h"
#include "app/ports/sign_in_failures.h"
#include "app/ports/staff_repository.h"
#include "core/result.h"

namespace haven::app {

enum class TransactionMode { ReadWrite, ReadOnly };

// One unit of work, valid only inside the callback that received it. Repositories hang off
// it (cases(), users(), sessions(), audit() as they land), so everything a use case does
// commits or rolls back together. Not thread-safe: one thread per transaction.
class Transaction {
 public:
  virtual ~Transaction() = default;
  // Jobs enqueued here become visible only if the transaction commits (transactional outbox).
  virtual JobScheduler& jobs() = 0;
  // The network's organisations (organisation_repository.h).
  virtual OrganisationRepository& organisations() = 0;
  // Users, memberships, org key grants, recovery codes (staff_repository.h).
  virtual StaffRepository& staff() = 0;
  // The hash-chained audit log (audit_repository.h; appended through app/audit_log.h).
  virtual AuditRepository& audit() = 0;
  // Signed-in staff sessions (session_repository.h).
  virtual SessionRepository& sessions() = 0;
  // Recent failed sign-ins per account key, for the throttle (sign_in_failures.h).
  virtual SignInFailures& sign_in_failures() = 0;
  // Invitations and password-reset links (account_token_repository.h).
  virtual AccountTokenRepository& account_tokens() = 0;
  // Cases, their number sequence and their timelines (case_repository.h).
  virtual CaseRepository& cases() = 0;
  // Deadlines on cases and the counsellors' agendas (deadline_repository.h).
  virtual DeadlineRepository& deadlines() = 0;
  // The person on each case and their contact handle hashes (case_person_repository.h).
  virtual CasePersonRepository& case_people() = 0;
  // Files attached to cases, sealed in chunks (document_repository.h).
  virtual DocumentRepository& documents() = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // "sqlite" or "postgresql", for logs and `haven doctor`.
  virtual std::string_view engine() const = 0;
  // Success when the database answers; Unavailable otherwise.
  virtual Result<void> ping() = 0;
  // Number of the newest migration applied.
  virtual Result<int> schema_version() = 0;

  // Runs `work` in one transaction: commits when it returns success, rolls back when it
  // returns an error (passed through) or throws (rethrown). Unavailable when no connection
  // or write slot frees up within the configured wait. Do not nest: use the Transaction you
  // have. Thread-safe.
  virtual Result<void> run_in_transaction(TransactionMode mode,
                                          std::function<Result<void>(Transaction&)> work) = 0;

  // The worker side of the job queue; each call is its own transaction.
  virtual JobQueue& jobs() = 0;

  // Typed convenience over run_in_transaction: `work` returns Result<T>, so does this.
  template <class Work>
  auto in_transaction(Work&& work, TransactionMode mode = TransactionMode::ReadWrite)
      -> std::invoke_result_t<Work&, Transaction&>;
};

namespace detail {
template <class R>
struct ResultValue;
template <class T>
struct ResultValue<Result<T>> {
  using type = T;
};
}  // namespace detail

template <class Work>
auto Store::in_transaction(Work&& work, TransactionMode mode)
    -> std::invoke_result_t<Work&, Transaction&> {
  using R = std::invoke_result_t<Work&, Transaction&>;
  using T = typename detail::ResultValue<R>::type;
  if constexpr (std::is_void_v<T>) {
    return run_in_transaction(mode, [&](Transaction& tx) { return work(tx); });
  } else {
    std::optional<T> out;
    auto done = run_in_transaction(mode, [&](Transaction& tx) -> Result<void> {
      auto r = work(tx);
      if (!r.ok()) return std::move(r).error();
      out.emplace(std::move(r).value());
      return {};
    });
    if (!done.ok()) return std::move(done).error();
    return std::move(*out);
  }
}

}  // namespace haven::app
