#include "http/wire_check.h"

namespace haven::http {

namespace {

bool is_token_char(unsigned char c) {
  if (c >= '0' && c <= '9') return true;
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
      return true;
    default:
      return false;
  }
}

}  // namespace

bool is_valid_header_name(std::string_view name) {
  if (name.empty()) return false;
  for (unsigned char c : name) {
    if (!is_token_char(c)) return false;
  }
  return true;
}

bool is_valid_header_value(std::string_view value) {
  for (unsigned char c : value) {
    if ((c < 0x20 && c != '\t') || c == 0x7f) return false;
  }
  return true;
}

bool is_valid_cookie_value(std::string_view value) {
  for (unsigned char c : value) {
    bool ok = c == 0x21 || (c >= 0x23 && c <= 0x2b) || (c >= 0x2d && c <= 0x3a) ||
              (c >= 0x3c && c <= 0x5b) || (c >= 0x5d && c <= 0x7e);
    if (!ok) return false;
  }
  return true;
}

}  // namespace haven::http
