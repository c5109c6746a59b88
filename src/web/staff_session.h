// The staff session as the web layer sees it: the cookie (its name, __Host- under TLS;
// reading, setting after sign-in, expiring at sign-out), turning a request into the
// signed-in member through app::SessionService, and the language of staff pages.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "app/session_service.h"
#include "core/result.h"
#include "domain/language.h"
#include "http/message.h"
#include "web/site_parts.h"

namespace haven::web {

// Without TLS; over TLS http::Response::set_cookie sends it as "__Host-haven_session".
inline constexpr std::string_view kSessionCookie = "haven_session";

// The cookie's value as sent under the name the transport uses (only the __Host- one over
// TLS, so a cookie planted without the prefix is ignored); nullopt when absent.
std::optional<std::string_view> session_cookie(SiteParts const& site, http::Request const& request);

// Set-Cookie for `value` (app::session_cookie_value): HttpOnly, SameSite=Strict, Path=/,
// Max-Age = app::kSessionLifetime, Secure and __Host- over TLS.
void set_session_cookie(SiteParts const& site, http::Response& response, std::string value);
// Set-Cookie that makes the browser drop the session cookie (empty value, Max-Age=0).
void expire_session_cookie(SiteParts const& site, http::Response& response);

// The signed-in member for `request`: Unauthenticated without a cookie or with one that no
// longer names a valid session; Unavailable/Internal from the store pass through. The
// site must have a SessionService.
Result<app::SignedInStaff> resolve_staff(SiteParts const& site, http::Request const& request);

// 303 to /sign-in (GET and POST alike), no-store, and the stale cookie expired when the
// request carried one.
http::Response send_to_sign_in(SiteParts const& site, http::Request const& request);

// Staff pages speak the language chosen with the switch (the "lang" cookie) and otherwise
// the member's preferred language, not the browser's.
domain::Language staff_language(http::Request const& request, app::SignedInStaff const& staff);

}  // namespace haven::web
