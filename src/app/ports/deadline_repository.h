// The deadlines port (migration 0007): due dates on cases with their kind, an optional note
// sealed under the case's DEK, who set them and who marked them done. Reached through
// Transaction::deadlines(); engines implement it in storage/. Kind and due date are
// plaintext (DESIGN.md §2), so the agenda and the overdue queue are read without a key.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "domain/deadline.h"
#include "domain/ids.h"

namespace haven::app {

// One deadline as stored.
struct StoredDeadline {
  domain::DeadlineId id;
  domain::OrgId org;
  domain::CaseId case_id;
  domain::DeadlineKind kind = domain::DeadlineKind::Other;
  domain::DueDate due;
  // Sealed under the case's DEK with AAD = case id + "deadline:<id>"; empty: no note.
  std::vector<std::uint8_t> sealed_note;
  std::optional<domain::UserId> created_by;  // nullopt: the system
  std::chrono::system_clock::time_point created_at;
  std::optional<std::chrono::system_clock::time_point> done_at;  // set: done
  std::optional<domain::UserId> done_by;
};

// One line of a counsellor's agenda: an open deadline and the case it belongs to. No note:
// the agenda opens no case key.
struct AgendaLine {
  domain::DeadlineId id;
  domain::CaseId case_id;
  std::string case_number;
  domain::DeadlineKind kind = domain::DeadlineKind::Other;
  domain::DueDate due;
};

// How many open deadlines of an agenda fall in each bucket (domain::bucket_of).
struct AgendaCounts {
  std::int64_t overdue = 0;
  std::int64_t today = 0;
  std::int64_t this_week = 0;
};

// No permission checks here: use cases call app/policy.h first. Errors: NotFound for an
// unknown deadline or case and for one of another organisation (the same answer), Conflict
// for a taken id, InvalidInput for a value the database would refuse, Unavailable when the
// database does not answer.
class DeadlineRepository {
 public:
  virtual ~DeadlineRepository() = default;

  // Stores an open deadline (done_at/done_by are ignored). NotFound unless the case exists
  // and belongs to `record.org`; InvalidInput for a due date domain::check_due would call a
  // bad day or time, or a time on a kind other than Callback.
  virtual Result<void> add(StoredDeadline const& record) = 0;

  // The deadline, if it belongs to `org` and `case_id`.
  virtual Result<StoredDeadline> find(domain::OrgId const& org, domain::CaseId const& case_id,
                                      domain::DeadlineId const& id) = 0;

  // A case's deadlines: open ones by due day and time (whole days after timed ones), then
  // done ones, most recently done first; at most `limit` (1..500; larger is clamped).
  virtual Result<std::vector<StoredDeadline>> of_case(domain::OrgId const& org,
                                                      domain::CaseId const& case_id,
                                                      std::size_t limit) = 0;

  // Marks an open deadline done. Returns false, writing nothing, when it was done already.
  // NotFound as for find; NotFound "no such user" for an unknown `by`.
  virtual Result<bool> mark_done(domain::OrgId const& org, domain::CaseId const& case_id,
                                 domain::DeadlineId const& id,
                                 std::chrono::system_clock::time_point at,
                                 domain::UserId const& by) = 0;

  // Open deadlines due on or before `through` on `org`'s cases that are assigned to
  // `assignee` and not closed, by due day and time; at most `limit` (1..500).
  virtual Result<std::vector<AgendaLine>> agenda(domain::OrgId const& org,
                                                 domain::UserId const& assignee,
                                                 domain::Day through, std::size_t limit) = 0;
  // The same deadlines counted per bucket for `today` (through today + kThisWeekDays).
  virtual Result<AgendaCounts> count_agenda(domain::OrgId const& org,
                                            domain::UserId const& assignee, domain::Day today) = 0;
};

}  // namespace haven::app
