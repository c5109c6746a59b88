// An organisation's cases for its coordinators and counsellors (issue 4): the queues, the
// new case form and assignment (the case page itself is web/case_page.h). Only metadata is
// listed; what may be seen and done is app/'s decision (app::CaseService, app/policy.h): these
// handlers show what the use cases return and never log a word of a case.
#pragma once

#include <kainjow/mustache.hpp>

#include <string_view>

#include "app/session_service.h"
#include "domain/case.h"
#include "domain/ids.h"
#include "domain/language.h"
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

// The queue page for `org` (as GET shows it, from the request's query); `problem` (a msgid)
// above it and `status` 4xx when it answers a refusal.
http::Response render_case_queue(SiteParts const& site, http::Request const& request,
                                 app::SignedInStaff const& staff, domain::OrgId const& org,
                                 std::string_view problem, unsigned status);

// A case's metadata as the queue and the case page show it: id, number, status, channel,
// topics, urgency (and urgent), country, assignee ("me", "assigned", "unassigned"),
// created, updated, version, can_take (`can_take` and nobody assigned).
kainjow::mustache::object case_row(SiteParts const& site, domain::Language language,
                                   app::SignedInStaff const& staff, domain::Case const& record,
                                   bool can_take);

// Sets "case_queues" (href, name) and "has_case_queues" for the staff start page: the
// organisations whose cases `staff` may view.
void add_case_queue_links(SiteParts const& site, app::SignedInStaff const& staff,
                          kainjow::mustache::data& data);

}  // namespace haven::web
