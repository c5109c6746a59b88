#include "domain/text.h"

#include <cstdint>
#include <string>

namespace haven::domain {

namespace {

int sequence_length(std::uint8_t lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

bool is_continuation(std::uint8_t byte) { return (byte & 0xc0) == 0x80; }

// Decodes the sequence at `i` (already known to be `length` bytes long and in range);
// -1 when it is malformed.
std::int32_t decode(std::string_view text, std::size_t i, int length) {
  auto lead = static_cast<std::uint8_t>(text[i]);
  if (length == 1) return lead;
  auto second = static_cast<std::uint8_t>(text[i + 1]);
  // The second byte's range rules out overlongs (E0, F0), surrogates (ED) and > U+10FFFF (F4).
  if ((lead == 0xe0 && second < 0xa0) || (lead == 0xed && second > 0x9f) ||
      (lead == 0xf0 && second < 0x90) || (lead == 0xf4 && second > 0x8f)) {
    return -1;
  }
  std::int32_t cp = lead & (0x7f >> length);
  for (int k = 1; k < length; ++k) {
    auto byte = static_cast<std::uint8_t>(text[i + k]);
    if (!is_continuation(byte)) return -1;
    cp = (cp << 6) | (byte & 0x3f);
  }
  return cp;
}

bool is_forbidden(std::int32_t cp) {
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return true;       // C0, DEL, C1
  if (cp == 0x2028 || cp == 0x2029) return true;                  // line/paragraph separator
  if (cp >= 0x202a && cp <= 0x202e) return true;                  // bidi embeddings/overrides
  if (cp >= 0x2066 && cp <= 0x2069) return true;                  // bidi isolates
  if (cp == 0x200e || cp == 0x200f || cp == 0xfeff) return true;  // marks, BOM
  return false;
}

// Calls `each` per code point; false when `text` is not strict UTF-8.
template <class Each>
bool for_each_code_point(std::string_view text, Each each) {
  std::size_t i = 0;
  while (i < text.size()) {
    int length = sequence_length(static_cast<std::uint8_t>(text[i]));
    if (length == 0 || i + length > text.size()) return false;
    std::int32_t cp = decode(text, i, length);
    if (cp < 0) return false;
    each(cp);
    i += static_cast<std::size_t>(length);
  }
  return true;
}

enum class Lines { Single, Multiple };

// The checks validate_label and validate_text share; `lines` says whether LF and TAB pass.
Result<void> validate_characters(std::string_view field, std::string_view text,
                                 std::size_t max_chars, Lines lines) {
  auto fail = [&](std::string_view why) {
    return make_error(ErrorCode::InvalidInput, std::string(field) + " " + std::string(why));
  };
  if (text.empty()) return fail("must not be empty");
  // Cheap bound before decoding: a code point is at most 4 bytes.
  if (text.size() > max_chars * 4) {
    return fail("must be at most " + std::to_string(max_chars) + " characters");
  }
  std::size_t count = 0;
  bool forbidden = false;
  bool blank = true;
  if (!for_each_code_point(text, [&](std::int32_t cp) {
        ++count;
        bool white = cp == ' ' || cp == '\n' || cp == '\t';
        blank = blank && white;
        bool allowed_control = lines == Lines::Multiple && (cp == '\n' || cp == '\t');
        forbidden = forbidden || (is_forbidden(cp) && !allowed_control);
      })) {
    return fail("is not valid UTF-8");
  }
  if (forbidden) return fail("must not contain control characters");
  if (count > max_chars) {
    return fail("must be at most " + std::to_string(max_chars) + " characters");
  }
  if (lines == Lines::Multiple && blank) return fail("must not be empty");
  return {};
}

}  // namespace

std::ptrdiff_t count_code_points(std::string_view text) {
  std::ptrdiff_t count = 0;
  if (!for_each_code_point(text, [&](std::int32_t) { ++count; })) return -1;
  return count;
}

Result<void> validate_label(std::string_view field, std::string_view text, std::size_t max_chars) {
  if (auto valid = validate_characters(field, text, max_chars, Lines::Single); !valid) {
    return valid;
  }
  if (text.front() == ' ' || text.back() == ' ') {
    return make_error(ErrorCode::InvalidInput,
                      std::string(field) + " must not start or end with a space");
  }
  return {};
}

Result<void> validate_text(std::string_view field, std::string_view text, std::size_t max_chars) {
  return validate_characters(field, text, max_chars, Lines::Multiple);
}

std::string printable_label(std::string_view text, std::size_t max_chars) {
  static constexpr std::string_view kReplacement = "\xef\xbf\xbd";  // U+FFFD
  std::string out;
  std::size_t count = 0;
  std::size_t i = 0;
  while (i < text.size() && count < max_chars) {
    int length = sequence_length(static_cast<std::uint8_t>(text[i]));
    std::int32_t cp = (length == 0 || i + length > text.size()) ? -1 : decode(text, i, length);
    if (cp < 0) {
      out += kReplacement;
      ++count;
      ++i;
      continue;
    }
    if (!is_forbidden(cp)) {
      out.append(text.substr(i, static_cast<std::size_t>(length)));
      ++count;
    }
    i += static_cast<std::size_t>(length);
  }
  return out;
}

}  // namespace haven::domain
