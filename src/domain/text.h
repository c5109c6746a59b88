// Validation of text that staff type and others read: short labels (organisation names,
// cities) and free text (notes): valid UTF-8, no control or bidirectional-override
// characters, bounded length.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"

namespace haven::domain {

// Number of code points in `text`, or -1 when it is not strict UTF-8
// (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF).
std::ptrdiff_t count_code_points(std::string_view text);

// InvalidInput naming `field` unless `text` is 1..max_chars code points of valid UTF-8
// without C0/C1 controls, DEL, line/paragraph separators or bidi overrides (which let a
// label masquerade as another in a list), and without leading or trailing spaces.
Result<void> validate_label(std::string_view field, std::string_view text, std::size_t max_chars);

// The same for free text that staff write (a case summary, a note): line feeds and tabs are
// allowed, every other character validate_label refuses is refused (a carriage return too:
// forms' CRLF is turned into LF before this), and it must hold something besides white space.
Result<void> validate_text(std::string_view field, std::string_view text, std::size_t max_chars);

// `text` made safe to show on one line, for what arrives from outside and cannot be refused
// (an uploaded file's name): each byte of malformed UTF-8 becomes U+FFFD, every character
// validate_label refuses is dropped, and the result is cut after `max_chars` code points.
std::string printable_label(std::string_view text, std::size_t max_chars);

}  // namespace haven::domain
