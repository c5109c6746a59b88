#include "storage/sql_store.h"

#include <algorithm>

#include "storage/migrations.h"
#include "storage/sql_account_tokens.h"
#include "storage/sql_audit.h"
#include "storage/sql_case_people.h"
#include "storage/sql_cases.h"
#include "storage/sql_deadlines.h"
#include "storage/sql_documents.h"
#include "storage/sql_jobs.h"
#include "storage/sql_organisations.h"
#include "storage/sql_sessions.h"
#include "storage/sql_sign_in_failures.h"
#include "storage/sql_staff.h"

namespace haven::storage {

namespace {

bool is_worker_char(char c) { return c > 0x20 && c < 0x7f; }

Result<void> validate_claim(std::string_view worker_id, std::chrono::milliseconds lease) {
  if (worker_id.empty() || worker_id.size() > app::kMaxWorkerIdBytes ||
      !std::all_of(worker_id.begin(), worker_id.end(), is_worker_char)) {
    return make_error(ErrorCode::InvalidInput, "worker id must be 1-128 printable ASCII");
  }
  if (lease <= std::chrono::milliseconds::zero()) {
    return make_error(ErrorCode::InvalidInput, "job lease must be positive");
  }
  return {};
}

// The Transaction a use case sees: repositories over the transaction's connection.
class SqlTransaction final : public app::Transaction, public app::JobScheduler {
 public:
  SqlTransaction(SqlConnection& conn, Clock const& clock, Random& random)
      : conn_(conn),
        clock_(clock),
        random_(random),
        organisations_(conn),
        staff_(conn),
        audit_(conn),
        sessions_(conn),
        sign_in_failures_(conn),
        account_tokens_(conn),
        cases_(conn),
        deadlines_(conn),
        documents_(conn),
        case_people_(conn) {}

  app::JobScheduler& jobs() override { return *this; }
  app::OrganisationRepository& organisations() override { return organisations_; }
  app::StaffRepository& staff() override { return staff_; }
  app::AuditRepository& audit() override { return audit_; }
  app::SessionRepository& sessions() override { return sessions_; }
  app::SignInFailures& sign_in_failures() override { return sign_in_failures_; }
  app::AccountTokenRepository& account_tokens() override { return account_tokens_; }
  app::CaseRepository& cases() override { return cases_; }
  app::DeadlineRepository& deadlines() override { return deadlines_; }
  app::DocumentRepository& documents() override { return documents_; }
  app::CasePersonRepository& case_people() override { return case_people_; }

  Result<app::Enqueued> enqueue(app::NewJob const& job) override {
    if (auto valid = app::validate_new_job(job); !valid.ok()) return valid.error();
    return sql_jobs::enqueue(conn_, job, app::JobId::generate(random_), clock_.now());
  }

 private:
  SqlConnection& conn_;
  Clock const& clock_;
  Random& random_;
  SqlOrganisations organisations_;
  SqlStaff staff_;
  SqlAudit audit_;
  SqlSessions sessions_;
  SqlSignInFailures sign_in_failures_;
  SqlAccountTokens account_tokens_;
  SqlCaseRepository cases_;
  SqlDeadlineRepository deadlines_;
  SqlDocumentRepository documents_;
  SqlCasePersonRepository case_people_;
};

}  // namespace

Result<void> finish_transaction(SqlConnection& conn, SqlWork const& work) {
  Result<void> result;
  try {
    result = work(conn);
  } catch (...) {
    (void)conn.execute_script("ROLLBACK");
    throw;
  }
  if (!result.ok()) {
    (void)conn.execute_script("ROLLBACK");
    return result;
  }
  if (auto committed = conn.execute_script("COMMIT"); !committed.ok()) {
    (void)conn.execute_script("ROLLBACK");
    return committed;
  }
  return {};
}

class SqlStore::Queue final : public app::JobQueue {
 public:
  explicit Queue(SqlStore& store) : store_(store) {}

  Result<app::Enqueued> enqueue(app::NewJob const& job) override {
    if (auto valid = app::validate_new_job(job); !valid.ok()) return valid.error();
    auto id = app::JobId::generate(*store_.random_);
    return in_transaction<app::Enqueued>(app::TransactionMode::ReadWrite, [&](SqlConnection& conn) {
      return sql_jobs::enqueue(conn, job, id, store_.clock().now());
    });
  }

  Result<std::optional<app::Job>> claim(std::string_view worker_id, Clock::time_point now,
                                        std::chrono::milliseconds lease) override {
    if (auto valid = validate_claim(worker_id, lease); !valid.ok()) return valid.error();
    return in_transaction<std::optional<app::Job>>(
        app::TransactionMode::ReadWrite,
        [&](SqlConnection& conn) { return sql_jobs::claim(conn, worker_id, now, lease); });
  }

  Result<void> complete(app::Job const& job) override {
    return store_.run_sql_transaction(app::TransactionMode::ReadWrite, [&](SqlConnection& conn) {
      return sql_jobs::complete(conn, job);
    });
  }

  Result<app::FailOutcome> fail(app::Job const& job, std::string_view error_detail,
                                Clock::time_point now) override {
    app::FailOutcome outcome{app::JobState::Dead, job.run_after};
    if (job.attempts < job.max_attempts) {
      outcome = {app::JobState::Ready,
                 now + store_.retry_.delay_after(job.attempts, *store_.random_)};
    }
    std::string error = app::sanitize_job_error(error_detail);
    auto done =
        store_.run_sql_transaction(app::TransactionMode::ReadWrite, [&](SqlConnection& conn) {
          return sql_jobs::reschedule(conn, job, outcome.state, outcome.next_run_after, error, now);
        });
    if (!done.ok()) return std::move(done).error();
    return outcome;
  }

  Result<std::vector<app::Job>> list_dead(std::size_t limit) override {
    return in_transaction<std::vector<app::Job>>(
        app::TransactionMode::ReadOnly,
        [&](SqlConnection& conn) { return sql_jobs::list_dead(conn, limit); });
  }

  Result<void> retry_dead(app::JobId const& id) override {
    return store_.run_sql_transaction(app::TransactionMode::ReadWrite, [&](SqlConnection& conn) {
      return sql_jobs::retry_dead(conn, id, store_.clock().now());
    });
  }

  Result<std::optional<app::Job>> find(app::JobId const& id) override {
    return in_transaction<std::optional<app::Job>>(
        app::TransactionMode::ReadOnly,
        [&](SqlConnection& conn) { return sql_jobs::find(conn, id); });
  }

 private:
  template <class T, class Work>
  Result<T> in_transaction(app::TransactionMode mode, Work work) {
    std::optional<T> out;
    auto done = store_.run_sql_transaction(mode, [&](SqlConnection& conn) -> Result<void> {
      auto r = work(conn);
      if (!r.ok()) return std::move(r).error();
      out.emplace(std::move(r).value());
      return {};
    });
    if (!done.ok()) return std::move(done).error();
    return std::move(*out);
  }

  SqlStore& store_;
};

SqlStore::SqlStore(StoreConfig const& config)
    : clock_(config.clock),
      random_(config.random),
      retry_(config.retry),
      queue_(std::make_unique<Queue>(*this)) {}

SqlStore::~SqlStore() = default;

Result<void> SqlStore::run_in_transaction(app::TransactionMode mode,
                                          std::function<Result<void>(app::Transaction&)> work) {
  return run_sql_transaction(mode, [&](SqlConnection& conn) {
    SqlTransaction tx(conn, *clock_, *random_);
    return work(tx);
  });
}

Result<int> SqlStore::schema_version() {
  int version = 0;
  auto done = run_sql_transaction(app::TransactionMode::ReadOnly, [&](SqlConnection& conn) {
    auto v = read_schema_version(conn);
    if (!v.ok()) return Result<void>(std::move(v).error());
    version = *v;
    return Result<void>();
  });
  if (!done.ok()) return std::move(done).error();
  return version;
}

app::JobQueue& SqlStore::jobs() { return *queue_; }

}  // namespace haven::storage
