#include "app/ports/account_token_repository.h"

namespace haven::app {

// Stored codes: never rename.
std::string_view to_string(AccountTokenKind kind) {
  return kind == AccountTokenKind::Invitation ? "invitation" : "password-reset";
}

std::optional<AccountTokenKind> parse_account_token_kind(std::string_view text) {
  if (text == "invitation") return AccountTokenKind::Invitation;
  if (text == "password-reset") return AccountTokenKind::PasswordReset;
  return std::nullopt;
}

}  // namespace haven::app
