// The job queue's SQL, written once for both engines over SqlConnection. Each function runs
// inside a transaction its caller opened; SqlJobQueue and SqlTransaction supply that.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>
#include <vector>

#include "app/ports/job_queue.h"
#include "core/clock.h"
#include "core/result.h"
#include "storage/sql_connection.h"

namespace haven::storage::sql_jobs {

// Inserts `job` (already validated) under `id`, or finds the job holding its dedupe key.
Result<app::Enqueued> enqueue(SqlConnection& conn, app::NewJob const& job, app::JobId const& id,
                              Clock::time_point now);
// Dead-letters jobs whose final attempt's lease expired, then leases the next due job.
Result<std::optional<app::Job>> claim(SqlConnection& conn, std::string_view worker_id,
                                      Clock::time_point now, std::chrono::milliseconds lease);
// Conflict unless `job` still holds its lease (same worker, same attempt).
Result<void> complete(SqlConnection& conn, app::Job const& job);
Result<void> reschedule(SqlConnection& conn, app::Job const& job, app::JobState state,
                        Clock::time_point run_after, std::string_view error, Clock::time_point now);
Result<std::vector<app::Job>> list_dead(SqlConnection& conn, std::size_t limit);
// NotFound unless `id` names a dead job.
Result<void> retry_dead(SqlConnection& conn, app::JobId const& id, Clock::time_point now);
Result<std::optional<app::Job>> find(SqlConnection& conn, app::JobId const& id);

}  // namespace haven::storage::sql_jobs
