#include "storage/sql_jobs.h"

#include <limits>
#include <string>

namespace haven::storage::sql_jobs {

namespace {

using std::chrono::milliseconds;

#define HAVEN_JOB_COLUMNS                                                                  \
  "id, kind, payload, state, attempts, max_attempts, run_after, lease_until, claimed_by, " \
  "last_error, dedupe_key, created_at"

constexpr Statement kInsert{
    "jobs.insert",
    "INSERT INTO jobs (id, kind, payload, state, attempts, max_attempts, run_after, "
    "dedupe_key, created_at, updated_at) "
    "VALUES ($1, $2, $3, 'ready', 0, $4, $5, $6, $7, $7) "
    "ON CONFLICT (dedupe_key) DO NOTHING"};
constexpr Statement kFindByDedupeKey{"jobs.find_by_dedupe_key",
                                     "SELECT id FROM jobs WHERE dedupe_key = $1"};
// A crash on the last allowed attempt counts as that attempt: a job that kills its worker
// must not be retried for ever.
constexpr Statement kBuryExpired{
    "jobs.bury_expired",
    "UPDATE jobs SET state = 'dead', lease_until = NULL, claimed_by = NULL, "
    "last_error = 'lease expired on the final attempt', updated_at = $1 "
    "WHERE state = 'running' AND lease_until <= $1 AND attempts >= max_attempts"};
#define HAVEN_CLAIM_HEAD                                                                      \
  "UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_until = $2, "            \
  "claimed_by = $3, updated_at = $1 WHERE id = (SELECT id FROM jobs "                         \
  "WHERE (state = 'ready' AND run_after <= $1) OR (state = 'running' AND lease_until <= $1) " \
  "ORDER BY run_after, created_at, id LIMIT 1"
// SQLite has one writer (BEGIN IMMEDIATE), so the sub-select cannot race; PostgreSQL skips
// rows other claimers hold instead of waiting for them.
constexpr Statement kClaimSqlite{"jobs.claim", HAVEN_CLAIM_HEAD ") RETURNING " HAVEN_JOB_COLUMNS};
constexpr Statement kClaimPostgres{
    "jobs.claim", HAVEN_CLAIM_HEAD " FOR UPDATE SKIP LOCKED) RETURNING " HAVEN_JOB_COLUMNS};
constexpr Statement kComplete{
    "jobs.complete",
    "DELETE FROM jobs WHERE id = $1 AND state = 'running' AND claimed_by = $2 AND attempts = $3"};
constexpr Statement kReschedule{
    "jobs.reschedule",
    "UPDATE jobs SET state = $4, run_after = $5, last_error = $6, updated_at = $7, "
    "lease_until = NULL, claimed_by = NULL "
    "WHERE id = $1 AND state = 'running' AND claimed_by = $2 AND attempts = $3"};
constexpr Statement kListDead{"jobs.list_dead", "SELECT " HAVEN_JOB_COLUMNS
                                                " FROM jobs WHERE state = 'dead' "
                                                "ORDER BY updated_at, id LIMIT $1"};
constexpr Statement kRetryDead{
    "jobs.retry_dead",
    "UPDATE jobs SET state = 'ready', attempts = 0, run_after = $2, updated_at = $2 "
    "WHERE id = $1 AND state = 'dead'"};
constexpr Statement kFind{"jobs.find", "SELECT " HAVEN_JOB_COLUMNS " FROM jobs WHERE id = $1"};

std::int64_t to_millis(Clock::time_point t) {
  return std::chrono::duration_cast<milliseconds>(t.time_since_epoch()).count();
}

Clock::time_point from_millis(std::int64_t ms) {
  return Clock::time_point{
      std::chrono::duration_cast<Clock::time_point::duration>(milliseconds{ms})};
}

Error lease_lost() {
  return make_error(ErrorCode::Conflict, "job lease lost: expired and claimed again");
}

std::optional<app::JobState> parse_state(std::string_view text) {
  if (text == "ready") return app::JobState::Ready;
  if (text == "running") return app::JobState::Running;
  if (text == "dead") return app::JobState::Dead;
  return std::nullopt;
}

// Columns as in HAVEN_JOB_COLUMNS.
Result<app::Job> read_job(SqlRow const& row) {
  auto id = app::JobId::parse(row.text(0));
  auto state = parse_state(row.text(3));
  if (!id || !state) return make_error(ErrorCode::Corruption, "jobs row has a bad id or state");
  std::optional<Clock::time_point> lease_until;
  if (!row.is_null(7)) lease_until = from_millis(row.int64(7));
  std::optional<std::string> dedupe_key;
  if (!row.is_null(10)) dedupe_key = row.text(10);
  app::Job job{.id = *id,
               .kind = row.text(1),
               .payload = row.text(2),
               .state = *state,
               .attempts = static_cast<int>(row.int64(4)),
               .max_attempts = static_cast<int>(row.int64(5)),
               .run_after = from_millis(row.int64(6)),
               .lease_until = lease_until,
               .claimed_by = row.text(8),
               .last_error = row.text(9),
               .dedupe_key = std::move(dedupe_key),
               .created_at = from_millis(row.int64(11))};
  return job;
}

Result<std::optional<app::Job>> read_optional_job(Result<SqlResult> result) {
  if (!result.ok()) return std::move(result).error();
  if (result->rows.empty()) return std::optional<app::Job>{};
  auto job = read_job(result->rows.front());
  if (!job.ok()) return std::move(job).error();
  return std::optional<app::Job>{std::move(job).value()};
}

}  // namespace

Result<app::Enqueued> enqueue(SqlConnection& conn, app::NewJob const& job, app::JobId const& id,
                              Clock::time_point now) {
  SqlParam dedupe = nullptr;
  if (job.dedupe_key) dedupe = std::string_view(*job.dedupe_key);
  auto inserted =
      conn.execute(kInsert, {id.str(), job.kind, Blob{job.payload}, std::int64_t{job.max_attempts},
                             to_millis(job.run_after), dedupe, to_millis(now)});
  if (!inserted.ok()) return std::move(inserted).error();
  if (inserted->affected_rows == 1) return app::Enqueued{id, app::EnqueueOutcome::Created};
  auto existing = conn.execute(kFindByDedupeKey, {dedupe});
  if (!existing.ok()) return std::move(existing).error();
  if (existing->rows.empty()) {
    return make_error(ErrorCode::Conflict, "job with this dedupe key vanished; enqueue again");
  }
  auto existing_id = app::JobId::parse(existing->rows[0].text(0));
  if (!existing_id) return make_error(ErrorCode::Corruption, "jobs row has a bad id");
  return app::Enqueued{*existing_id, app::EnqueueOutcome::AlreadyQueued};
}

Result<std::optional<app::Job>> claim(SqlConnection& conn, std::string_view worker_id,
                                      Clock::time_point now, milliseconds lease) {
  if (auto buried = conn.execute(kBuryExpired, {to_millis(now)}); !buried.ok()) {
    return std::move(buried).error();
  }
  auto const& statement = conn.dialect() == Dialect::Sqlite ? kClaimSqlite : kClaimPostgres;
  return read_optional_job(
      conn.execute(statement, {to_millis(now), to_millis(now + lease), worker_id}));
}

Result<void> complete(SqlConnection& conn, app::Job const& job) {
  auto deleted =
      conn.execute(kComplete, {job.id.str(), job.claimed_by, std::int64_t{job.attempts}});
  if (!deleted.ok()) return std::move(deleted).error();
  if (deleted->affected_rows != 1) return lease_lost();
  return {};
}

Result<void> reschedule(SqlConnection& conn, app::Job const& job, app::JobState state,
                        Clock::time_point run_after, std::string_view error,
                        Clock::time_point now) {
  auto updated = conn.execute(
      kReschedule, {job.id.str(), job.claimed_by, std::int64_t{job.attempts}, app::to_string(state),
                    to_millis(run_after), error, to_millis(now)});
  if (!updated.ok()) return std::move(updated).error();
  if (updated->affected_rows != 1) return lease_lost();
  return {};
}

Result<std::vector<app::Job>> list_dead(SqlConnection& conn, std::size_t limit) {
  auto capped = static_cast<std::int64_t>(
      std::min<std::size_t>(limit, std::numeric_limits<std::int32_t>::max()));
  auto result = conn.execute(kListDead, {capped});
  if (!result.ok()) return std::move(result).error();
  std::vector<app::Job> jobs;
  for (auto const& row : result->rows) {
    auto job = read_job(row);
    if (!job.ok()) return std::move(job).error();
    jobs.push_back(std::move(job).value());
  }
  return jobs;
}

Result<void> retry_dead(SqlConnection& conn, app::JobId const& id, Clock::time_point now) {
  auto updated = conn.execute(kRetryDead, {id.str(), to_millis(now)});
  if (!updated.ok()) return std::move(updated).error();
  if (updated->affected_rows != 1) return make_error(ErrorCode::NotFound, "no such dead job");
  return {};
}

Result<std::optional<app::Job>> find(SqlConnection& conn, app::JobId const& id) {
  return read_optional_job(conn.execute(kFind, {id.str()}));
}

}  // namespace haven::storage::sql_jobs
