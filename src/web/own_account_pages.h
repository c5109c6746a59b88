// The staff member's own account (issue 3): the page with the preferred language, the
// recovery codes left and two forms, the password change (deferred: Argon2id runs twice on
// the password hasher's threads) and new recovery codes (shown once). Routes are
// Access::Staff; what the member may change is app::OwnAccount's business.
#pragma once

#include <memory>

#include "app/session_service.h"
#include "http/message.h"
#include "http/router.h"
#include "web/site_parts.h"

namespace haven::web {

// GET /staff/account: preferred language, unused recovery codes left, a link to the
// sessions, the two forms; with ?password-changed=N the notice that the password changed
// and N other sessions ended. 404 when the site has no OwnAccount.
http::Response show_own_account(SiteParts const& site, http::Request& request,
                                app::SignedInStaff const& staff);

// POST /staff/account/password, fields current, new, again. Success: 303 to
// /staff/account?password-changed=N (N other sessions ended). The page again with one
// message otherwise: the new ones differ (400), too short or too long (400), the current
// one wrong (403, the sign-in's refusal wording), the hasher busy (429, Retry-After). The
// passwords are wiped from the request as soon as they are copied and never shown again.
void change_own_password(std::shared_ptr<SiteParts const> const& site, http::Request& request,
                         app::SignedInStaff const& staff, http::Respond respond);

// POST /staff/account/recovery-codes: ten new codes replace every old one; the page lists
// them once (never stored in plaintext, not shown again).
http::Response renew_own_recovery_codes(SiteParts const& site, http::Request& request,
                                        app::SignedInStaff const& staff);

}  // namespace haven::web
