// Strict UTF-8 validation (RFC 3629): no overlongs, no surrogates, nothing above U+10FFFF.
// Private to http/: paths, query strings and form fields are checked with it.
#pragma once

#include <string_view>

namespace haven::http {

bool is_valid_utf8(std::string_view text);

}  // namespace haven::http
