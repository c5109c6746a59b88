// The pages behind the one-time account links a coordinator hands out (issue 3): following
// an invitation (/welcome/<link>) or a password reset (/reset/<link>), the person enrols an
// authenticator app (QR code and typed key), sets a password and is shown their recovery
// codes once. The link's secret is in the URL, so every answer is no-store and
// no-referrer; a link that is malformed, unknown, used, expired or of the other kind gets
// the plain 404 of any missing page.
#pragma once

#include <memory>

#include "http/message.h"
#include "http/router.h"
#include "web/site_parts.h"

namespace haven::web {

// GET /welcome/{link}, GET /reset/{link}: the organisation, the role (invitations), when the
// link expires, the QR code and key to enrol, and the form (password twice, 6-digit code).
// In the link's language unless the visitor chose another with the language switch. A
// reset page says that the old password stops working and that nothing the account could
// read is readable again until a coordinator grants access again.
http::Response show_invitation(SiteParts const& site, http::Request& request);
http::Response show_reset(SiteParts const& site, http::Request& request);

// POST /welcome/{link}, POST /reset/{link}, fields password, password_again, code.
// Deferred: app::AccountLinks::accept_async runs Argon2id on the password hasher's pool.
// Success: 200 and the ten recovery codes (no redirect: they are shown only in this
// answer). Refused with the form again and a message, nothing changed: passwords that
// differ or break the password rules 422, a wrong code 403, a field missing 400, the
// hasher's queue full 429 (Retry-After). The passwords are wiped from the request as soon
// as they are copied and never drawn back into a page.
void accept_invitation(std::shared_ptr<SiteParts const> const& site, http::Request& request,
                       http::Respond respond);
void accept_reset(std::shared_ptr<SiteParts const> const& site, http::Request& request,
                  http::Respond respond);

}  // namespace haven::web
