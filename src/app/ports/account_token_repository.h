// The one-time links a coordinator hands to a person out of band: an invitation to join an
// organisation (72 h) and a password reset (issue 3). The link carries the token id and a
// 32-byte secret; a row holds only the secret's hash. A token is deleted when used, so each
// works once.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/id.h"
#include "core/result.h"
#include "domain/ids.h"
#include "domain/language.h"
#include "domain/staff.h"

namespace haven::app {

struct AccountTokenTag {};
using AccountTokenId = Id<AccountTokenTag>;

// Stored as "invitation" / "password-reset": never rename.
enum class AccountTokenKind { Invitation, PasswordReset };

struct AccountToken {
  AccountTokenId id;
  AccountTokenKind kind = AccountTokenKind::Invitation;
  std::string secret_hash;  // 32 bytes
  domain::OrgId org;        // invitation: the organisation to join; reset: the issuer's
  // Reset: the account. Invitation: nullopt (the account is made when it is accepted).
  std::optional<domain::UserId> user;
  // Invitation only: the role offered, the keyed email lookup hash and the address sealed
  // to the organisation's public key (both computed when inviting), the page language.
  std::optional<domain::Role> role;
  std::string email_lookup;
  std::string email_ciphertext;
  domain::Language language = domain::kDefaultLanguage;
  std::optional<domain::UserId> issued_by;  // nullopt: the operator at the console
  std::chrono::system_clock::time_point created_at;
  std::chrono::system_clock::time_point expires_at;
};

// No permission checks. Errors: NotFound for an unknown (or used) token, or an unknown
// organisation or user on add; Conflict for a taken id, or (invitations) a pending
// invitation with the same email lookup in the same organisation; Unavailable.
class AccountTokenRepository {
 public:
  virtual ~AccountTokenRepository() = default;

  virtual Result<void> add(AccountToken const& token) = 0;
  virtual Result<AccountToken> find(AccountTokenId const& id) = 0;
  // Deletes the token: call in the transaction that accepts it. NotFound when already gone
  // (used by a concurrent request), so it works exactly once.
  virtual Result<void> remove(AccountTokenId const& id) = 0;
  // The organisation's unexpired tokens at `now`, newest first.
  virtual Result<std::vector<AccountToken>> list_for_org(
      domain::OrgId const& org, std::chrono::system_clock::time_point now) = 0;
  // Deletes every password-reset token of `user` (a new one replaces the old; a disabled
  // account keeps none). Returns how many went.
  virtual Result<std::size_t> remove_resets_for_user(domain::UserId const& user) = 0;
  // Deletes tokens whose expires_at is before `now`, at most `limit`; returns how many went.
  virtual Result<std::size_t> remove_expired(std::chrono::system_clock::time_point now,
                                             std::size_t limit) = 0;
};

std::string_view to_string(AccountTokenKind kind);
std::optional<AccountTokenKind> parse_account_token_kind(std::string_view text);

}  // namespace haven::app
