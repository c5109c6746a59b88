// The staff workspace's first pages: the start page after sign-in and the member's own
// sessions (list, end one, end all others). Routes are Access::Staff: make_router has
// resolved the session before any of these runs; what the member may do is app/'s check.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "app/session_service.h"
#include "domain/staff.h"
#include "http/message.h"
#include "web/site_parts.h"

namespace haven::web {

// GET /staff: "Signed in", the member's organisations and roles, links, sign-out button;
// with ?recovery-codes-left=N the notice that a recovery code was used and N are left.
http::Response show_staff_home(SiteParts const& site, http::Request& request,
                               app::SignedInStaff const& staff);
// GET /staff/sessions: the member's sessions, newest first, this one marked; with
// ?ended=N the notice that N sessions were ended.
http::Response show_own_sessions(SiteParts const& site, http::Request& request,
                                 app::SignedInStaff const& staff);
// POST /staff/sessions/{id}/end: ends one of the member's own sessions, 303 back to the
// list. Another member's session, or none, is 404 alike.
http::Response end_own_session(SiteParts const& site, http::Request& request,
                               app::SignedInStaff const& staff);
// POST /staff/sessions/end-others: ends every other session of the member, 303 back.
http::Response end_other_sessions(SiteParts const& site, http::Request& request,
                                  app::SignedInStaff const& staff);

// The msgid naming `role` ("Counsellor"), translated by the page that shows it.
std::string_view role_msgid(domain::Role role);

// The organisation's name as the member may see it; its id when the site cannot look names
// up or the lookup fails (the page still works).
std::string organisation_name(SiteParts const& site, app::SignedInStaff const& staff,
                              domain::OrgId const& org);

}  // namespace haven::web
