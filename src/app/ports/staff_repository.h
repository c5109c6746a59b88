// The staff port: user accounts, their memberships of organisations, organisation key
// grants and recovery codes, as stored. Secrets arrive already sealed or hashed by vault/
// and are kept as opaque bytes; nothing here can read an email address or a key.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "domain/ids.h"
#include "domain/language.h"
#include "domain/staff.h"

namespace haven::app {

using TimePoint = std::chrono::system_clock::time_point;

// A staff user as stored. Every std::string holding bytes below is opaque to storage.
struct StaffUser {
  domain::UserId id;
  // Keyed BLAKE2b of the normalised address (vault/, per-instance pepper): finds the
  // account at login without storing the address in plaintext. Unique.
  std::string email_lookup;
  std::string email_ciphertext;
  std::optional<std::string> display_name_ciphertext;
  domain::Language preferred_language = domain::kDefaultLanguage;
  domain::AccountState state = domain::AccountState::Active;
  domain::NetworkAdmin network_admin = domain::NetworkAdmin::No;
  // user_sk wrapped by the password KEK, with the Argon2id parameters and salt (vault/).
  std::string key_envelope;
  std::string public_key;                      // X25519 user_pk
  std::optional<std::string> totp_envelope;    // TOTP secret sealed by vault/, when enrolled
  std::optional<std::int64_t> totp_last_step;  // last accepted TOTP time step (replay guard)
  TimePoint created_at;
  TimePoint updated_at;
};

struct StaffMember {
  domain::UserId user;
  domain::Role role = domain::Role::Viewer;
};

// The organisation's secret key sealed to one member's public key (crypto_box_seal).
struct OrgKeyGrant {
  domain::OrgId org;
  domain::UserId user;
  std::string sealed_org_secret_key;
  std::optional<domain::UserId> granted_by;  // nullopt: at set-up, or the granter was deleted
  TimePoint granted_at;
};

// No permission checks here: use cases call app/policy.h first. Errors: NotFound for an
// unknown user, organisation, membership, grant or code; Conflict on duplicates; the
// transaction stays usable after either. Unavailable when the database does not answer.
class StaffRepository {
 public:
  virtual ~StaffRepository() = default;

  // --- users
  // Conflict when the id or the email lookup hash is taken.
  virtual Result<void> add_user(StaffUser const& user) = 0;
  virtual Result<StaffUser> find_user(domain::UserId const& id) = 0;
  // NotFound when no user has this lookup hash (callers answer a failed login the same way
  // whether or not the account exists).
  virtual Result<StaffUser> find_user_by_email_lookup(std::string_view email_lookup) = 0;
  // The same user_sk wrapped under a new KEK (password change, stronger Argon2id parameters
  // at sign-in): grants stay valid, since the keypair does not change.
  virtual Result<void> rewrap_key(domain::UserId const& id, std::string_view key_envelope,
                                  TimePoint now) = 0;
  // A password reset: a new keypair, so every org key grant sealed to the old public key
  // is deleted with it (useless now; coordinators re-grant, DESIGN.md §3).
  virtual Result<void> replace_keys(domain::UserId const& id, std::string_view key_envelope,
                                    std::string_view public_key, TimePoint now) = 0;
  // Enrols (a value) or removes (nullopt) TOTP; resets the last used step.
  virtual Result<void> set_totp(domain::UserId const& id, std::optional<std::string_view> envelope,
                                TimePoint now) = 0;
  // Records an accepted TOTP step. Conflict when `step` is not newer than the last one
  // (a replayed or older code), so each code works once even across instances.
  virtual Result<void> record_totp_step(domain::UserId const& id, std::int64_t step) = 0;
  virtual Result<void> set_state(domain::UserId const& id, domain::AccountState state,
                                 TimePoint now) = 0;
  virtual Result<void> set_network_admin(domain::UserId const& id, domain::NetworkAdmin admin,
                                         TimePoint now) = 0;
  virtual Result<void> set_preferred_language(domain::UserId const& id, domain::Language language,
                                              TimePoint now) = 0;

  // --- memberships: at most one role per user and organisation
  // NotFound for an unknown user or organisation; Conflict when already a member.
  virtual Result<void> add_membership(domain::UserId const& user, domain::OrgId const& org,
                                      domain::Role role, TimePoint now) = 0;
  // NotFound unless `user` is a member of `org`.
  virtual Result<void> change_role(domain::UserId const& user, domain::OrgId const& org,
                                   domain::Role role, TimePoint now) = 0;
  // NotFound unless a member; also deletes the member's grant of that organisation's key.
  virtual Result<void> remove_membership(domain::UserId const& user, domain::OrgId const& org) = 0;
  // The user's memberships ordered by organisation id (empty for an unknown user).
  virtual Result<std::vector<domain::Membership>> memberships_of(domain::UserId const& user) = 0;
  // The organisation's members ordered by user id (empty for an unknown organisation).
  virtual Result<std::vector<StaffMember>> members_of(domain::OrgId const& org) = 0;

  // --- organisation key grants: only members hold one, at most one each
  // NotFound unless `grant.user` is a member of `grant.org`; Conflict when a grant exists
  // (revoke first: re-granting is a deliberate act).
  virtual Result<void> grant_org_key(OrgKeyGrant const& grant) = 0;
  virtual Result<OrgKeyGrant> find_org_key_grant(domain::OrgId const& org,
                                                 domain::UserId const& user) = 0;
  // NotFound when there is no such grant.
  virtual Result<void> revoke_org_key(domain::OrgId const& org, domain::UserId const& user) = 0;

  // --- recovery codes (keyed hashes from vault/; the codes themselves are never stored)
  // Replaces every code of `user` with `code_hashes` (distinct). NotFound for an unknown user.
  virtual Result<void> replace_recovery_codes(domain::UserId const& user,
                                              std::span<std::string const> code_hashes,
                                              TimePoint now) = 0;
  // Marks the unused code with this hash used. NotFound when there is none (unknown or
  // already used): each code works once.
  virtual Result<void> use_recovery_code(domain::UserId const& user, std::string_view code_hash,
                                         TimePoint now) = 0;
  virtual Result<int> count_unused_recovery_codes(domain::UserId const& user) = 0;
};

}  // namespace haven::app
