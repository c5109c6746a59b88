// The durable background-job port (DESIGN.md §5): mail polling, reminders, retention purge
// and sending are rows in the database, claimed with a lease, retried with back-off and
// dead-lettered, so a crashed worker or a restarted instance loses nothing.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/id.h"
#include "core/random.h"
#include "core/result.h"

namespace haven::app {

struct JobTag {};
using JobId = Id<JobTag>;

// Limits every JobQueue enforces (InvalidInput beyond them). Payloads carry references and
// sealed blobs, not attachments, so 1 MiB is generous.
inline constexpr std::size_t kMaxJobPayloadBytes = std::size_t{1} << 20;
inline constexpr std::size_t kMaxJobKindBytes = 64;
inline constexpr std::size_t kMaxDedupeKeyBytes = 200;
inline constexpr std::size_t kMaxWorkerIdBytes = 128;
inline constexpr std::size_t kMaxJobErrorBytes = 1000;  // longer details are truncated
inline constexpr int kMaxJobAttempts = 100;
inline constexpr int kDefaultJobAttempts = 8;

enum class JobState { Ready, Running, Dead };
std::string_view to_string(JobState state);

struct NewJob {
  // What to do: lower-case ASCII letters, digits, '.', '_' and '-' ("mail.send").
  std::string kind;
  // Opaque bytes, stored as given: callers seal anything sensitive before enqueueing.
  std::string payload;
  // Not claimable before this instant.
  Clock::time_point run_after;
  // Plaintext and unique among queued, running and dead jobs: printable ASCII without spaces,
  // never an identity or contact detail ("reminder:<case id>:2026-05-01").
  std::optional<std::string> dedupe_key;
  int max_attempts = kDefaultJobAttempts;
};

struct Job {
  JobId id;
  std::string kind;
  std::string payload;
  JobState state = JobState::Ready;
  int attempts = 0;  // claims so far, including the current one
  int max_attempts = kDefaultJobAttempts;
  Clock::time_point run_after;
  std::optional<Clock::time_point> lease_until;
  std::string claimed_by;
  std::string last_error;
  std::optional<std::string> dedupe_key;
  Clock::time_point created_at;
};

enum class EnqueueOutcome { Created, AlreadyQueued };
struct Enqueued {
  JobId id;  // the existing job's id when AlreadyQueued
  EnqueueOutcome outcome;
};

struct FailOutcome {
  JobState state;  // Ready (will be retried) or Dead
  Clock::time_point next_run_after;
};

// Exponential back-off: base * 2^(attempt-1), plus up to `jitter_percent` of that from the
// injected Random so failed workers do not retry in lock-step, never more than `cap`.
struct RetryPolicy {
  std::chrono::milliseconds base{std::chrono::seconds{30}};
  std::chrono::milliseconds cap{std::chrono::hours{1}};
  int jitter_percent = 20;

  std::chrono::milliseconds delay_after(int attempts, Random& random) const;
};

// InvalidInput naming the offending field, or success. Every JobScheduler calls it.
Result<void> validate_new_job(NewJob const& job);
// Error detail as stored: NUL and other control bytes replaced, invalid UTF-8 replaced,
// truncated at a character boundary to kMaxJobErrorBytes.
std::string sanitize_job_error(std::string_view detail);

// Enqueueing: what a unit of work may do with jobs, atomically with its other writes
// (Transaction::jobs()), or on its own (Store::jobs()).
class JobScheduler {
 public:
  virtual ~JobScheduler() = default;
  // InvalidInput for a bad job; with a dedupe key already present, no new job and the
  // existing job's id with EnqueueOutcome::AlreadyQueued.
  virtual Result<Enqueued> enqueue(NewJob const& job) = 0;
};

// The worker side. Each call is its own transaction; all are thread-safe and safe across
// processes sharing the database.
class JobQueue : public JobScheduler {
 public:
  // Atomically takes the next due job (Ready with run_after <= now, or Running with an
  // expired lease: its worker died) and leases it to `worker_id` until now + lease.
  // A job whose lease expired on its last allowed attempt is dead-lettered instead.
  // nullopt when nothing is due. Two claimers never receive the same job.
  virtual Result<std::optional<Job>> claim(std::string_view worker_id, Clock::time_point now,
                                           std::chrono::milliseconds lease) = 0;
  // Removes a finished job. Conflict if the lease was lost (expired and re-claimed).
  virtual Result<void> complete(Job const& job) = 0;
  // Records `error_detail` (plaintext: no case data) and schedules a retry after the
  // policy's delay, or dead-letters the job after max_attempts. Conflict if the lease was lost.
  virtual Result<FailOutcome> fail(Job const& job, std::string_view error_detail,
                                   Clock::time_point now) = 0;
  // Dead-lettered jobs, oldest first, at most `limit`.
  virtual Result<std::vector<Job>> list_dead(std::size_t limit) = 0;
  // Puts a dead job back in the queue with its attempts reset. NotFound if no such dead job.
  virtual Result<void> retry_dead(JobId const& id) = 0;
  // The job in any state, or nullopt (completed jobs are deleted).
  virtual Result<std::optional<Job>> find(JobId const& id) = 0;
};

}  // namespace haven::app
