// Deadlines on cases (issue 4 §4): setting one (a kind, a due date, an optional note sealed
// under the case's DEK), marking it done, listing a case's deadlines with their notes, and
// a counsellor's agenda: the open deadlines of the cases assigned to them in each
// organisation they work for, as overdue / today / this week (UTC days: domain/deadline.h).
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/audit_log.h"
#include "app/case_access.h"
#include "app/policy.h"
#include "app/ports/deadline_repository.h"
#include "app/ports/store.h"
#include "core/clock.h"
#include "core/random.h"
#include "core/result.h"
#include "domain/deadline.h"
#include "domain/ids.h"
#include "vault/keypair.h"

namespace haven::app {

// The most deadlines a case page lists and an agenda shows per organisation (the counts
// still cover all of them).
inline constexpr std::size_t kMaxCaseDeadlines = 200;
inline constexpr std::size_t kMaxAgendaLines = 100;

struct NewDeadline {
  domain::DeadlineKind kind = domain::DeadlineKind::Other;
  domain::DueDate due;
  // Optional: empty for none, else 1..kMaxDeadlineNoteChars code points (validate_text).
  std::string note;
  // A due day before today only when the person asked for it (domain::PastDue).
  domain::PastDue past = domain::PastDue::Refused;
};

// A deadline as the reader sees it.
struct CaseDeadline {
  domain::DeadlineId id;
  domain::DeadlineKind kind = domain::DeadlineKind::Other;
  domain::DueDate due;
  std::string note;              // empty: none (or note_unreadable)
  bool note_unreadable = false;  // the envelope did not open: the page says so
  std::optional<domain::UserId> created_by;
  std::chrono::system_clock::time_point created_at;
  std::optional<std::chrono::system_clock::time_point> done_at;
  std::optional<domain::UserId> done_by;
  bool is_done() const { return done_at.has_value(); }
};

// What set() did: `created` is false when an open deadline of the same kind, due date and
// note already stood on the case (a form sent twice): it is returned, nothing is written.
struct SetDeadline {
  CaseDeadline deadline;
  bool created = true;
};

// One organisation's part of an agenda.
struct OrgAgenda {
  domain::OrgId org;
  std::vector<AgendaLine> overdue;
  std::vector<AgendaLine> today;
  std::vector<AgendaLine> this_week;
  AgendaCounts counts;  // all of them, even beyond kMaxAgendaLines
};

struct Agenda {
  domain::Day today;
  std::vector<OrgAgenda> organisations;  // in the order of the actor's memberships
};

// Errors as CaseService's (case_service.h): NotFound "no such case" for an unknown case,
// another organisation's or an organisation the actor is not a member of, and NotFound
// "no such deadline" for a deadline of another case; PermissionDenied for a role that may
// not and, with kNoOrgKeyGrant, without a grant of the organisation key; InvalidInput with
// nothing written. Notes are never logged or audited: entries carry the case id only.
class CaseDeadlines {
 public:
  // Every reference must outlive the object. Thread-safe as the store is.
  CaseDeadlines(Store& store, Clock const& clock, Random& random, AuditLog const& audit)
      : store_(store), clock_(clock), random_(random), audit_(audit) {}

  // After Action::EditCase: a new open deadline (domain::validate_due against today, UTC),
  // its note sealed under the case's DEK (AAD = case id + "deadline:<id>"). Audits
  // deadline_set. Does not change the case's version: a deadline never makes a colleague's
  // status change "changed meanwhile".
  Result<SetDeadline> set(Actor const& actor, vault::Keypair const& reader,
                          domain::OrgId const& org, domain::CaseId const& case_id,
                          NewDeadline const& request);

  // set's checks of the request alone (the due date against today, the note), for use
  // cases that check everything before they write.
  Result<void> check(NewDeadline const& request) const;

  // set's work inside the caller's transaction on a case it has unlocked, for a use case
  // that sets a deadline as one step of a bigger change (app/hotline_calls.h). Checks the
  // request, not the permission (authorise_case first). Audits deadline_set.
  Result<SetDeadline> set_in(Transaction& tx, Actor const& actor, UnlockedCase const& unlocked,
                             NewDeadline const& request);

  // After Action::EditCase: marks the deadline done (by the actor, now). Marking a done
  // deadline again changes nothing and succeeds (returns false), so a repeated click is
  // harmless. Audits deadline_done when it changed something. Needs no key.
  Result<bool> mark_done(Actor const& actor, domain::OrgId const& org,
                         domain::CaseId const& case_id, domain::DeadlineId const& id);

  // After Action::OpenCase: the case's deadlines (open by due date, then done, latest
  // first; at most kMaxCaseDeadlines) with their notes. Not audited by itself: it is read
  // for the case page, whose CaseService::open audits case_opened.
  Result<std::vector<CaseDeadline>> list(Actor const& actor, vault::Keypair const& reader,
                                         domain::OrgId const& org, domain::CaseId const& case_id);

  // The actor's agenda for today (UTC): for each organisation where they may view cases,
  // the open deadlines due up to a week ahead on the not-closed cases assigned to them,
  // bucketed by domain::bucket_of. Metadata only: no key, no notes, not audited. An actor
  // without memberships (the system) gets an empty agenda.
  Result<Agenda> agenda(Actor const& actor);

  // Today as this service counts it (UTC), for pages that explain a refused date before
  // asking (set() checks again).
  domain::Day today() const { return domain::utc_day(clock_.now()); }

 private:
  Store& store_;
  Clock const& clock_;
  Random& random_;
  AuditLog const& audit_;
};

}  // namespace haven::app
