// The hotline call log (issue 4 §6): a call in progress recorded in one step, on a new case
// or an existing one of the organisation, with the caller's number as a person handle (for
// "called before"), a Call timeline entry sealed under the case's DEK
// (docs/formats/call-record.md) and an optional callback deadline, all in one transaction.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "app/audit_log.h"
#include "app/case_deadlines.h"
#include "app/case_people.h"
#include "app/case_service.h"
#include "app/policy.h"
#include "app/ports/store.h"
#include "core/clock.h"
#include "core/id.h"
#include "core/random.h"
#include "core/result.h"
#include "domain/case.h"
#include "domain/deadline.h"
#include "domain/ids.h"
#include "domain/language.h"
#include "vault/keypair.h"

namespace haven::app {

// The one-time id of a call form: drawn when the form is first shown and kept through its
// re-renderings, so the same form sent twice (a double click, the back button) logs one
// call and makes at most one case.
struct CallFormTag {};
using CallFormId = Id<CallFormTag>;

// The longest call recorded, in minutes.
inline constexpr int kMaxCallMinutes = 600;
// The summary leaves room in the entry's kMaxCaseTextChars for the record's first line.
inline constexpr std::size_t kMaxCallSummaryChars = kMaxCaseTextChars - 100;

// The details of the InvalidInput a bad call form gets, one per field, so the page can name
// the field in the reader's language (and keep everything typed). A bad number is
// case_people.h's kBadPhone, a full person its kTooManyHandles, a bad alias its kBadAlias.
inline constexpr std::string_view kBadCallSummary =
    "the summary of the call is required: up to 19,900 characters that can be stored";
inline constexpr std::string_view kBadCallMinutes = "the duration is 0 to 600 minutes";
inline constexpr std::string_view kUnknownCaseNumber =
    "no case of the organisation has this case number";
inline constexpr std::string_view kBadCallback = "the callback date is not valid";
// Conflict: this form's call is on record already, but not where this submission points
// (the form was sent again with another target); nothing was written.
inline constexpr std::string_view kCallAlreadyLogged = "this call was logged already";

// Where the call goes.
struct NewCallCase {
  // Channel, status and language are set by log_call (hotline, new, the call's language);
  // the rest is what the counsellor caught during the call. `assignee` as in NewCase.
  domain::CaseMetadata metadata;
  // The person's alias; blank: `default_alias` with "{number}" replaced by the case number
  // (the page's translation of "Caller {number}").
  std::string alias;
  std::string default_alias;
};

struct HotlineCall {
  CallFormId form;
  std::string caller_number;  // as typed; blank: the caller hid it
  domain::Language language = domain::Language::Ru;
  std::optional<int> minutes;  // nullopt: not noted
  std::string summary;
  std::optional<domain::DueDate> callback;  // the follow-up "call back", a callback deadline
  // Exactly one of: a new case, or the number of an existing case of the organisation.
  std::optional<NewCallCase> new_case;
  std::string case_number;  // "DE-2026-0042"; trimmed and upper-cased before the lookup
};

struct LoggedCall {
  domain::Case record;  // the case the call is on, as it stands after the call
  bool created_case = false;
  // The form had been sent before and its call is on this case: nothing was written.
  bool repeated = false;
};

// The first line of a call record: "Call, 12 min, ru" or "Call, ru" (the stored words, not
// translated; docs/formats/call-record.md).
std::string call_record_text(HotlineCall const& call);

// Errors: NotFound "no such case" for an organisation the actor is not a member of (as
// CaseService); PermissionDenied for a role the policy refuses (CreateCase for a new case,
// EditCase for an existing one) and, with kNoOrgKeyGrant, without a grant of the
// organisation key; InvalidInput with one of the details above (or domain::validate's for
// bad metadata) and nothing written; Conflict kCallAlreadyLogged. The number, alias and
// summary are never logged or audited: entries carry the case id only.
class HotlineCalls {
 public:
  // Every reference must outlive the object. Thread-safe as the store is.
  HotlineCalls(Store& store, Clock const& clock, Random& random, AuditLog const& audit,
               CaseService& cases, CasePeople& people, CaseDeadlines& deadlines)
      : store_(store),
        clock_(clock),
        random_(random),
        audit_(audit),
        cases_(cases),
        people_(people),
        deadlines_(deadlines) {}

  // Checks the whole form, then in one transaction: makes the case (case_created) or finds
  // the existing one by its number, appends the Call entry (case_note_added; the case's
  // version and updated_at move), records the number on the person (person_changed),
  // sets the callback deadline (deadline_set). A form already logged returns its case with
  // `repeated` and writes nothing.
  Result<LoggedCall> log_call(Actor const& actor, vault::Keypair const& reader,
                              domain::OrgId const& org, HotlineCall const& call);

  // A fresh one-time id for a call form.
  CallFormId new_form_id() { return CallFormId::generate(random_); }

  // "Called before": the organisation's cases holding the caller's number, newest first
  // (CasePeople::contacted_before, which audits contact_looked_up without the number).
  Result<std::vector<EarlierCase>> called_before(Actor const& actor, domain::OrgId const& org,
                                                 std::string_view number);

 private:
  Store& store_;
  Clock const& clock_;
  Random& random_;
  AuditLog const& audit_;
  CaseService& cases_;
  CasePeople& people_;
  CaseDeadlines& deadlines_;
};

}  // namespace haven::app
