// The case page (issue 4): a case's metadata and decrypted timeline, and the changes made
// from it: notes and calls, status, and (through web/cases_pages.h's assign_case) the
// assignment. What may be seen and done is app/'s decision (app::CaseService); these
// handlers show what the use cases return and never log a word of a case.
#pragma once

#include <optional>
#include <string>

#include "app/case_service.h"
#include "app/session_service.h"
#include "domain/case.h"
#include "domain/ids.h"
#include "http/message.h"
#include "web/case_person.h"
#include "web/deadline_pages.h"
#include "web/site_parts.h"

namespace haven::web {

// GET /staff/orgs/{org}/cases/{case}: the case's metadata and timeline (author as "me",
// "a colleague" or "system"; an entry that does not open says so), the forms to add a note
// or call, change the status (only what the workflow allows from the current one) and the
// assignment. Without a grant of the organisation key: the queue with a message saying a
// coordinator must grant access, 403.
http::Response show_case(SiteParts const& site, http::Request& request,
                         app::SignedInStaff const& staff);

// POST /staff/orgs/{org}/cases/{case}/notes, fields text and kind (note|call): 303 to the
// case. An empty or refused text: the case page with a message, 400.
http::Response add_case_note(SiteParts const& site, http::Request& request,
                             app::SignedInStaff const& staff);

// POST /staff/orgs/{org}/cases/{case}/status, fields version, status and outcome (required
// when closing): 303 to the case. A stale version: the case page as it stands now with
// "changed meanwhile" and what was submitted, 409; a change the workflow forbids, 400.
http::Response change_case_status(SiteParts const& site, http::Request& request,
                                  app::SignedInStaff const& staff);

// What a change page shows above the case: a problem, and after a stale version what the
// reader asked for next to how the case stands now (CaseChange::current).
struct CaseFeedback {
  std::string problem;
  std::string submitted;
  std::optional<domain::Case> current;
  // The deadline form as typed, with its problem (web/deadline_pages.h).
  DeadlineDraft deadline;
  // A refused save of the person, with what was typed (web/case_person.h).
  PersonFeedback person;
};

// The case page as `staff` may read it, with `feedback` above it.
http::Response render_case(SiteParts const& site, http::Request const& request,
                           app::SignedInStaff const& staff, domain::OrgId const& org,
                           domain::CaseId const& id, CaseFeedback const& feedback, unsigned status);

// A refused change as the case page shows it: a stale version with both states (409), the
// workflow's refusal (400); anything else through the one error map. `submitted` names
// what the reader asked for.
http::Response render_refused_change(SiteParts const& site, http::Request const& request,
                                     app::SignedInStaff const& staff, domain::OrgId const& org,
                                     domain::CaseId const& id, app::CaseChange const& change,
                                     std::string submitted);

}  // namespace haven::web
