#include "storage/sql_deadlines.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>

#include "storage/sql_rows.h"
#include "storage/sql_time.h"

namespace haven::storage {

namespace {

#define HAVEN_DEADLINE_COLUMNS                                                           \
  "id, org_id, case_id, kind, due_on, due_minute, sealed_note, created_by, created_at, " \
  "done_at, done_by"

constexpr std::size_t kMaxDeadlinesPerPage = 500;
constexpr int kMinYear = 1000;
constexpr int kMaxYear = 9999;
constexpr std::int64_t kMinutesPerDay = 24 * 60;

constexpr Statement kUserExists{"deadlines.user_exists",
                                "SELECT count(*) FROM users WHERE id = $1"};
constexpr Statement kCaseInOrg{"deadlines.case_in_org",
                               "SELECT count(*) FROM cases WHERE id = $1 AND org_id = $2"};
// ON CONFLICT DO NOTHING: a taken id shows in the row count, and the transaction stays
// usable on PostgreSQL.
constexpr Statement kInsert{"deadlines.insert",
                            "INSERT INTO case_deadlines (id, org_id, case_id, kind, due_on, "
                            "due_minute, sealed_note, created_by, created_at) "
                            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING"};
constexpr Statement kFind{"deadlines.find", "SELECT " HAVEN_DEADLINE_COLUMNS
                                            " FROM case_deadlines "
                                            "WHERE id = $1 AND case_id = $2 AND org_id = $3"};
// Open first by due day, timed ones before whole days; then done, latest first.
constexpr Statement kOfCase{
    "deadlines.of_case",
    "SELECT " HAVEN_DEADLINE_COLUMNS
    " FROM case_deadlines WHERE case_id = $1 AND org_id = $2 "
    "ORDER BY done_at IS NOT NULL, done_at DESC, due_on, due_minute IS NULL, due_minute, id "
    "LIMIT $3"};
constexpr Statement kMarkDone{"deadlines.mark_done",
                              "UPDATE case_deadlines SET done_at = $4, done_by = $5 "
                              "WHERE id = $1 AND case_id = $2 AND org_id = $3 AND done_at IS NULL"};
// From the assignee's cases (cases_org_assignee) to their open deadlines
// (case_deadlines_open: `d.done_at IS NULL` repeats its WHERE). Closed cases drop out:
// closing a case ends its work, and reopening brings its deadlines back.
#define HAVEN_AGENDA_FROM                                                           \
  " FROM cases c JOIN case_deadlines d ON d.case_id = c.id "                        \
  "WHERE c.org_id = $1 AND c.assignee = $2 AND c.status <> 'closed' AND d.done_at " \
  "IS NULL AND d.org_id = $1 "
constexpr Statement kAgenda{
    "deadlines.agenda",
    "SELECT d.id, d.case_id, c.number, d.kind, d.due_on, d.due_minute" HAVEN_AGENDA_FROM
    "AND d.due_on <= $3 "
    "ORDER BY d.due_on, d.due_minute IS NULL, d.due_minute, c.number, d.id LIMIT $4"};
constexpr Statement kCountAgenda{
    "deadlines.count_agenda",
    "SELECT count(*) FILTER (WHERE d.due_on < $3), count(*) FILTER (WHERE d.due_on = $3), "
    "count(*) FILTER (WHERE d.due_on > $3)" HAVEN_AGENDA_FROM "AND d.due_on <= $4"};

Error no_deadline() { return make_error(ErrorCode::NotFound, "no such deadline"); }

SqlParam optional_id(std::optional<domain::UserId> const& id) {
  if (!id) return nullptr;
  return std::string_view(id->str());
}

// What add() refuses before the database sees it (its CHECKs would answer with an aborted
// transaction on PostgreSQL).
Result<void> check_due(domain::DeadlineKind kind, domain::DueDate const& due) {
  int year = static_cast<int>(due.day.year());
  if (!due.day.ok() || year < kMinYear || year > kMaxYear) {
    return make_error(ErrorCode::InvalidInput, "due date is not a calendar day in 1000-9999");
  }
  if (!due.time) return {};
  if (due.time->count() < 0 || due.time->count() >= kMinutesPerDay) {
    return make_error(ErrorCode::InvalidInput, "time of day must be 00:00-23:59");
  }
  if (kind != domain::DeadlineKind::Callback) {
    return make_error(ErrorCode::InvalidInput, "only a callback has a time of day");
  }
  return {};
}

// The due_on and due_minute columns at `day` and `day + 1`.
Result<domain::DueDate> read_due(SqlRow const& row, int day) {
  auto parsed = domain::parse_day(row.text(day));
  if (!parsed) return make_error(ErrorCode::Corruption, "case_deadlines row has a bad due_on");
  domain::DueDate due{.day = *parsed, .time = std::nullopt};
  if (!row.is_null(day + 1)) {
    auto minute = row.int64(day + 1);
    if (minute < 0 || minute >= kMinutesPerDay) {
      return make_error(ErrorCode::Corruption, "case_deadlines row has a bad due_minute");
    }
    due.time = std::chrono::minutes{minute};
  }
  return due;
}

Result<std::optional<domain::UserId>> read_user(SqlRow const& row, int column) {
  if (row.is_null(column)) return std::optional<domain::UserId>();
  auto user = domain::UserId::parse(row.text(column));
  if (!user) return make_error(ErrorCode::Corruption, "case_deadlines row has a bad user id");
  return std::optional<domain::UserId>(std::move(*user));
}

// Columns as in HAVEN_DEADLINE_COLUMNS.
Result<app::StoredDeadline> read_deadline(SqlRow const& row) {
  auto id = domain::DeadlineId::parse(row.text(0));
  auto org = domain::OrgId::parse(row.text(1));
  auto case_id = domain::CaseId::parse(row.text(2));
  auto kind = domain::parse_deadline_kind(row.text(3));
  if (!id || !org || !case_id || !kind) {
    return make_error(ErrorCode::Corruption, "case_deadlines row has a bad id or kind");
  }
  auto due = read_due(row, 4);
  if (!due) return std::move(due).error();
  auto created_by = read_user(row, 7);
  if (!created_by) return std::move(created_by).error();
  auto done_by = read_user(row, 10);
  if (!done_by) return std::move(done_by).error();
  app::StoredDeadline out{.id = *id,
                          .org = *org,
                          .case_id = *case_id,
                          .kind = *kind,
                          .due = *due,
                          .sealed_note = {},
                          .created_by = *created_by,
                          .created_at = from_millis(row.int64(8)),
                          .done_at = std::nullopt,
                          .done_by = *done_by};
  if (!row.is_null(6)) {
    auto const& note = row.text(6);
    out.sealed_note.assign(note.begin(), note.end());
  }
  if (!row.is_null(9)) out.done_at = from_millis(row.int64(9));
  return out;
}

Result<app::AgendaLine> read_agenda_line(SqlRow const& row) {
  auto id = domain::DeadlineId::parse(row.text(0));
  auto case_id = domain::CaseId::parse(row.text(1));
  auto kind = domain::parse_deadline_kind(row.text(3));
  if (!id || !case_id || !kind) {
    return make_error(ErrorCode::Corruption, "case_deadlines row has a bad id or kind");
  }
  auto due = read_due(row, 4);
  if (!due) return std::move(due).error();
  return app::AgendaLine{
      .id = *id, .case_id = *case_id, .case_number = row.text(2), .kind = *kind, .due = *due};
}

}  // namespace

Result<void> SqlDeadlineRepository::require_user(domain::UserId const& user) {
  auto known = count_is_positive(conn_, kUserExists, {user.str()});
  if (!known) return std::move(known).error();
  if (!*known) return make_error(ErrorCode::NotFound, "no such user");
  return {};
}

Result<void> SqlDeadlineRepository::add(app::StoredDeadline const& record) {
  if (auto valid = check_due(record.kind, record.due); !valid) return valid;
  auto known = count_is_positive(conn_, kCaseInOrg, {record.case_id.str(), record.org.str()});
  if (!known) return std::move(known).error();
  if (!*known) return make_error(ErrorCode::NotFound, "no such case");
  if (record.created_by) {
    if (auto user = require_user(*record.created_by); !user) return user;
  }
  std::string day = domain::format_day(record.due.day);
  SqlParam minute = nullptr;
  if (record.due.time) minute = std::int64_t{record.due.time->count()};
  SqlParam note = nullptr;
  if (!record.sealed_note.empty()) {
    note = Blob{std::string_view(reinterpret_cast<char const*>(record.sealed_note.data()),
                                 record.sealed_note.size())};
  }
  auto inserted =
      conn_.execute(kInsert, {record.id.str(), record.org.str(), record.case_id.str(),
                              domain::to_string(record.kind), day, minute, note,
                              optional_id(record.created_by), to_millis(record.created_at)});
  if (!inserted) return std::move(inserted).error();
  if (inserted->affected_rows != 1) {
    return make_error(ErrorCode::Conflict, "a deadline with this id exists");
  }
  return {};
}

Result<app::StoredDeadline> SqlDeadlineRepository::find(domain::OrgId const& org,
                                                        domain::CaseId const& case_id,
                                                        domain::DeadlineId const& id) {
  auto found = conn_.execute(kFind, {id.str(), case_id.str(), org.str()});
  if (!found) return std::move(found).error();
  if (found->rows.empty()) return no_deadline();
  return read_deadline(found->rows.front());
}

Result<std::vector<app::StoredDeadline>> SqlDeadlineRepository::of_case(
    domain::OrgId const& org, domain::CaseId const& case_id, std::size_t limit) {
  return read_rows(conn_.execute(kOfCase, {case_id.str(), org.str(),
                                           limit_value(std::min(limit, kMaxDeadlinesPerPage))}),
                   read_deadline);
}

Result<bool> SqlDeadlineRepository::mark_done(domain::OrgId const& org,
                                              domain::CaseId const& case_id,
                                              domain::DeadlineId const& id,
                                              std::chrono::system_clock::time_point at,
                                              domain::UserId const& by) {
  if (auto user = require_user(by); !user) return std::move(user).error();
  auto updated = rows_affected(
      conn_.execute(kMarkDone, {id.str(), case_id.str(), org.str(), to_millis(at), by.str()}));
  if (!updated) return std::move(updated).error();
  if (*updated == 1) return true;
  auto found = find(org, case_id, id);
  if (!found) return std::move(found).error();
  return false;
}

Result<std::vector<app::AgendaLine>> SqlDeadlineRepository::agenda(domain::OrgId const& org,
                                                                   domain::UserId const& assignee,
                                                                   domain::Day through,
                                                                   std::size_t limit) {
  std::string day = domain::format_day(through);
  return read_rows(conn_.execute(kAgenda, {org.str(), assignee.str(), day,
                                           limit_value(std::min(limit, kMaxDeadlinesPerPage))}),
                   read_agenda_line);
}

Result<app::AgendaCounts> SqlDeadlineRepository::count_agenda(domain::OrgId const& org,
                                                              domain::UserId const& assignee,
                                                              domain::Day today) {
  std::string first = domain::format_day(today);
  std::string last =
      domain::format_day(domain::Day{std::chrono::sys_days{today} + domain::kThisWeekDays});
  auto counted = conn_.execute(kCountAgenda, {org.str(), assignee.str(), first, last});
  if (!counted) return std::move(counted).error();
  if (counted->rows.empty()) return app::AgendaCounts{};
  auto const& row = counted->rows.front();
  return app::AgendaCounts{
      .overdue = row.int64(0), .today = row.int64(1), .this_week = row.int64(2)};
}

}  // namespace haven::storage
