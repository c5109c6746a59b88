// QR codes drawn as inline SVG (libqrencode), for the TOTP enrolment page: no image file,
// no script, nothing fetched, so it works under the strict CSP and without JavaScript.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace haven::web {

inline constexpr std::size_t kMaxQrTextBytes = 1024;

// An <svg> element (dark modules as one path on a white square, a 4-module quiet zone,
// scalable through its viewBox) encoding `text` at error-correction level M. `label` becomes
// the accessible name and is XML-escaped. InvalidInput for empty text or text longer than
// kMaxQrTextBytes; Internal if libqrencode fails. `text` may be a secret: it is never logged.
Result<std::string> render_qr_svg(std::string_view text, std::string_view label);

}  // namespace haven::web
