#include "http/utf8.h"

#include <cstdint>

namespace haven::http {

namespace {

// Length of the sequence starting with `lead`, 0 if `lead` cannot start one.
int sequence_length(std::uint8_t lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

bool is_continuation(std::uint8_t byte) { return (byte & 0xc0) == 0x80; }

}  // namespace

bool is_valid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    auto lead = static_cast<std::uint8_t>(text[i]);
    int length = sequence_length(lead);
    if (length == 0 || i + length > text.size()) return false;
    if (length == 1) {
      ++i;
      continue;
    }
    auto second = static_cast<std::uint8_t>(text[i + 1]);
    // The second byte's range rules out overlongs (E0, F0), surrogates (ED) and > U+10FFFF (F4).
    if (lead == 0xe0 && second < 0xa0) return false;
    if (lead == 0xed && second > 0x9f) return false;
    if (lead == 0xf0 && second < 0x90) return false;
    if (lead == 0xf4 && second > 0x8f) return false;
    for (int k = 1; k < length; ++k) {
      if (!is_continuation(static_cast<std::uint8_t>(text[i + k]))) return false;
    }
    i += length;
  }
  return true;
}

}  // namespace haven::http
