// An organisation's member list for its coordinators (issue 3): email addresses opened
// with the signed-in member's own key, roles, account state, who still waits for the
// organisation key; inviting, password reset links, granting the key, ending a member's
// sessions, disabling. What the reader may see and do is app/'s decision (app/policy.h):
// these handlers only show what the use cases return and never log an address.
#pragma once

#include <kainjow/mustache.hpp>

#include "app/session_service.h"
#include "domain/language.h"
#include "http/message.h"
#include "web/site_parts.h"

namespace haven::web {

// GET /staff/orgs/{org}/members: the list, the pending invitations and the invitation form
// (for those who may invite), one button per allowed action on each member. A reader
// without the organisation key sees no addresses and a notice saying why. Notices from the
// query: ?done=granted|disabled, ?ended=N. Another organisation's id, an unknown or a
// malformed one: the same 404.
http::Response show_members(SiteParts const& site, http::Request& request,
                            app::SignedInStaff const& staff);

// POST /staff/orgs/{org}/members/invite, fields email, role, language: the invitation link
// page (the link shown once: /welcome/<link>, its expiry, how to pass it on). Bad input or a
// pending invitation: the list again with a message and the typed values, 400 or 409.
http::Response invite_member(SiteParts const& site, http::Request& request,
                             app::SignedInStaff const& staff);

// POST /staff/orgs/{org}/members/{member}/reset: the reset link page (/reset/<link> once,
// and that the member reads nothing until access is granted again). One's own account is
// refused with a message (403), as is a disabled one (409).
http::Response reset_member_password(SiteParts const& site, http::Request& request,
                                     app::SignedInStaff const& staff);

// POST /staff/orgs/{org}/members/{member}/grant: seals the organisation key to the member
// with the reader's own key (from their session); 303 to the list with ?done=granted. A
// reader who holds no grant themselves, or a member who already has one: the list with a
// message (403, 409).
http::Response grant_member_access(SiteParts const& site, http::Request& request,
                                   app::SignedInStaff const& staff);

// POST /staff/orgs/{org}/members/{member}/end-sessions: signs the member out everywhere;
// 303 to the list with ?ended=N. One's own: refused with a message pointing to the own
// sessions page (403).
http::Response end_member_sessions(SiteParts const& site, http::Request& request,
                                   app::SignedInStaff const& staff);

// POST /staff/orgs/{org}/members/{member}/disable: disables the account, which ends its
// sessions; 303 to the list with ?done=disabled. One's own: refused with a message (403).
http::Response disable_member(SiteParts const& site, http::Request& request,
                              app::SignedInStaff const& staff);

// Sets "member_lists" (href, name) and "has_member_lists" for the staff start page: the
// organisations whose members `staff` manages (may invite to, app/policy.h).
void add_member_list_links(SiteParts const& site, app::SignedInStaff const& staff,
                           kainjow::mustache::data& data);

}  // namespace haven::web
