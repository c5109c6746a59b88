// Staff signing in and out: the sign-in form, the sign-in itself (deferred: Argon2id runs
// on the password hasher's threads, never on an I/O thread) and sign-out. Every refusal,
// whatever its reason, gets one answer: the same status and the same page.
#pragma once

#include <memory>

#include "app/session_service.h"
#include "http/message.h"
#include "http/router.h"
#include "web/site_parts.h"

namespace haven::web {

// GET /sign-in: the form (email, password, 6-digit code or a recovery code); with
// ?signed-out=1 it also says "You are signed out." A valid session goes on to /staff (303).
// 404 when the site has no sign-in.
http::Response show_sign_in(SiteParts const& site, http::Request& request);

// POST /sign-in, fields email, password, code. Success: a new session cookie (the session
// an older cookie named is ended: a new id every sign-in) and 303 to /staff (with
// ?recovery-codes-left=N when a recovery code was used). Refused for any reason: 403 and the
// form with one generic message and the typed address; throttled: 429 (Retry-After);
// a field missing: 400. The password is wiped from the request as soon as it is copied.
void sign_in(std::shared_ptr<SiteParts const> const& site, http::Request& request,
             http::Respond respond);

// POST /sign-out: ends the session, expires the cookie, asks the browser to clear this
// site's cache, cookies and storage (Clear-Site-Data), 303 to /sign-in?signed-out=1.
http::Response sign_out(SiteParts const& site, http::Request& request,
                        app::SignedInStaff const& staff);

}  // namespace haven::web
