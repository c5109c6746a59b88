// Deadlines on the case page and the counsellor's agenda on the staff home (issue 4 §4):
// the case page's "Deadlines" section (its list, "Done" buttons and the form to set one),
// the two form posts, and the agenda's overdue / today / this week lists. What may be seen
// and done is app/'s decision (app::CaseDeadlines); nothing typed is ever logged.
#pragma once

#include <string>

#include <kainjow/mustache.hpp>

#include "app/case_deadlines.h"
#include "app/session_service.h"
#include "domain/deadline.h"
#include "domain/ids.h"
#include "domain/language.h"
#include "http/message.h"
#include "web/site_parts.h"

namespace haven::web {

// What the deadline form held: a refused submission shows it again as typed, with the
// problem, and (after a past date) the box that confirms the date has passed.
struct DeadlineDraft {
  std::string kind;
  std::string day;   // as typed: "YYYY-MM-DD" from a date input
  std::string time;  // as typed: "HH:MM", callbacks only
  std::string note;
  bool past_confirmed = false;
  bool offer_past = false;
  std::string problem;
};

// Adds the "Deadlines" section to the case page's `data` (has_deadlines_section,
// deadlines, deadline_kinds, the draft's values), read with the reader's key. Without
// app::CaseDeadlines in the site, or when the list cannot be read, the section is left out:
// the rest of the case page still serves.
void add_case_deadlines(SiteParts const& site, domain::Language language,
                        app::SignedInStaff const& staff, vault::Keypair const& reader,
                        domain::OrgId const& org, domain::CaseId const& id,
                        DeadlineDraft const& draft, kainjow::mustache::data& data);

// POST /staff/orgs/{org}/cases/{case}/deadlines, fields kind, day, time (callbacks), note
// and past ("yes": the date has passed, record it anyway): 303 to the case, also when the
// same deadline was already set (a form sent twice). A missing kind or date, a day that is
// not in the calendar (2026-02-30), a time on another kind, a past date not confirmed, a
// date over a year back or ten years ahead, a bad note: the case page with what was typed
// and the problem, 400.
http::Response set_case_deadline(SiteParts const& site, http::Request& request,
                                 app::SignedInStaff const& staff);

// POST /staff/orgs/{org}/cases/{case}/deadlines/{deadline}/done: 303 to the case, also when
// it was done already. Another case's or organisation's deadline, a random or malformed id:
// the same 404.
http::Response mark_deadline_done(SiteParts const& site, http::Request& request,
                                  app::SignedInStaff const& staff);

// Adds the staff home's agenda to `data` (has_agenda, agenda: per organisation the counts
// and lines of overdue, today and this week, each line linking to its case). Left out
// without app::CaseDeadlines or for a member with no case work.
void add_agenda(SiteParts const& site, domain::Language language, app::SignedInStaff const& staff,
                kainjow::mustache::data& data);

// The msgid that explains a refused due date (the deadline form's and the hotline form's
// callback).
std::string_view due_problem_msgid(domain::DueProblem problem);

}  // namespace haven::web
