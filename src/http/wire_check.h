// Checks on what goes onto the wire: Beast 1.74 writes header values verbatim, so a value
// with CR or LF would split the response. Every header the server sends passes here.
#pragma once

#include <string_view>

namespace haven::http {

// RFC 9110 token characters, non-empty.
bool is_valid_header_name(std::string_view name);
// No CTL but horizontal tab (so no CR, LF or NUL) and no DEL.
bool is_valid_header_value(std::string_view value);
// RFC 6265 cookie-octets (no space, comma, semicolon, quote or backslash).
bool is_valid_cookie_value(std::string_view value);

}  // namespace haven::http
