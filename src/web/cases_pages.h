// An organisation's cases for its coordinators and counsellors (issue 4): the queues, the
// new case form and the case page with its timeline, notes, status and assignment. Only metadata is
// listed; what may be seen and done is app/'s decision (app::CaseService, app/policy.h): these
// handlers show what the use cases return and never log a word of a case.
#pragma once

#include <kainjow/mustache.hpp>

#include "app/session_service.h"
#include "http/message.h"
#include "web/site_parts.h"

namespace haven::web {

// GET /staff/orgs/{org}/cases: the queues as tabs (?queue=mine|unassigned|urgent|open|all,
// each with its count), filters ?status=, ?topic=, ?channel= (the domain words), 50 cases
// a page (?page=N from 1). An unknown queue or filter value: the page with a message, 400.
// Another organisation's id, an unknown or a malformed one: the same 404.
http::Response show_cases(SiteParts const& site, http::Request& request,
                          app::SignedInStaff const& staff);

// POST /staff/orgs/{org}/cases/{case}/assign, fields version and assignee (a member id, or
// empty to give the case back): CaseService::assign; 303 to the queue with ?done=taken or
// ?done=assigned, or to the case with from=case. A stale version: "changed meanwhile"
// (409), on the case page with both states when the form came from there.
http::Response assign_case(SiteParts const& site, http::Request& request,
                           app::SignedInStaff const& staff);

// GET /staff/orgs/{org}/cases/new: the new case form.
http::Response show_new_case(SiteParts const& site, http::Request& request,
                             app::SignedInStaff const& staff);

// POST /staff/orgs/{org}/cases/new, fields channel, origin, country, language, topic
// (repeated), urgency (repeated), summary: CaseService::create; 303 to the queue with
// ?done=created. Bad input: the form again with the message and what was typed, 400; no
// organisation key: the form with a message saying a coordinator must grant access, 403.
http::Response create_case(SiteParts const& site, http::Request& request,
                           app::SignedInStaff const& staff);

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

// Sets "case_queues" (href, name) and "has_case_queues" for the staff start page: the
// organisations whose cases `staff` may view.
void add_case_queue_links(SiteParts const& site, app::SignedInStaff const& staff,
                          kainjow::mustache::data& data);

}  // namespace haven::web
