// The hotline call form (issue 4 §6): a counsellor on a call in progress records it on a new
// case or an existing one, checks whether the number called before, and may ask for a
// callback. What may be done is app::HotlineCalls' decision; these handlers show what it
// returns and never log the number or a word of the call.
#pragma once

#include <string>

#include "app/session_service.h"
#include "domain/ids.h"
#include "http/message.h"
#include "web/site_parts.h"

namespace haven::web {

// "/staff/orgs/{org}/calls/new", where the queue page and the staff home link to.
std::string new_call_path(domain::OrgId const& org);

// GET /staff/orgs/{org}/calls/new: the empty form, with a fresh one-time form id. Who may
// not create cases of the organisation (and anyone of another) gets the same 404 as for an
// unknown organisation.
http::Response show_new_call(SiteParts const& site, http::Request& request,
                             app::SignedInStaff const& staff);

// POST /staff/orgs/{org}/calls/new, fields form (the one-time id), number, language,
// minutes, summary, followup (none|callback) with callback_day and callback_time, target
// (new|existing) with case_number, or origin, country, topic and urgency (repeated), alias
// and take (assign the new case to oneself); action=check instead of saving re-renders the
// form with the earlier cases holding the number. Saved (or sent again): 303 to the case.
// Bad fields: the form again with a message under each and everything typed, 400; no
// organisation key: a message saying a coordinator must grant access, 403.
http::Response log_call(SiteParts const& site, http::Request& request,
                        app::SignedInStaff const& staff);

}  // namespace haven::web
