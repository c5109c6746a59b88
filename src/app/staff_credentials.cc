// normalise_staff_email and check_new_password (declared in staff_service.h): the input
// checks for a new staff account, kept apart from the use cases.
#include <algorithm>
#include <string_view>

#include "app/staff_service.h"
#include "domain/text.h"

namespace haven::app {

namespace {

bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Control characters and spaces have no place in an address and would corrupt log lines
// or terminal output if they ever reached one.
bool is_plain(unsigned char c) { return c > 0x20 && c != 0x7f; }

}  // namespace

Result<std::string> normalise_staff_email(std::string_view email) {
  while (!email.empty() && is_ascii_space(email.front())) email.remove_prefix(1);
  while (!email.empty() && is_ascii_space(email.back())) email.remove_suffix(1);
  auto invalid = [] {
    return make_error(ErrorCode::InvalidInput, "the email address is not valid");
  };
  if (email.empty() || email.size() > kMaxEmailBytes) return invalid();
  if (domain::count_code_points(email) < 0) return invalid();
  std::string out(email);
  for (char& c : out) {
    if (!is_plain(static_cast<unsigned char>(c))) return invalid();
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  auto at = out.find('@');
  if (at == std::string::npos || at == 0 || out.find('@', at + 1) != std::string::npos) {
    return invalid();
  }
  std::string_view domain_part = std::string_view(out).substr(at + 1);
  auto dot = domain_part.find('.');
  if (dot == std::string_view::npos || domain_part.front() == '.' || domain_part.back() == '.' ||
      domain_part.find("..") != std::string_view::npos) {
    return invalid();
  }
  return out;
}

Result<void> check_new_password(vault::SecretBytes const& password) {
  if (password.empty()) return make_error(ErrorCode::InvalidInput, "the password is empty");
  if (password.size() > kMaxPasswordBytes) {
    return make_error(ErrorCode::InvalidInput, "the password is longer than 1024 bytes");
  }
  std::string_view text(reinterpret_cast<char const*>(password.data()), password.size());
  auto chars = domain::count_code_points(text);
  if (chars < 0) return make_error(ErrorCode::InvalidInput, "the password is not valid UTF-8");
  if (static_cast<std::size_t>(chars) < kMinPasswordChars) {
    return make_error(ErrorCode::InvalidInput, "the password must be at least 12 characters");
  }
  return {};
}

}  // namespace haven::app
