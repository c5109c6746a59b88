// Use cases on an organisation's staff accounts: adding a member (keys, TOTP secret, sealed
// email, first member's organisation keypair), listing members and disabling an account,
// each checked against app/policy.h and run in one transaction with its audit entries.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/audit_log.h"
#include "app/policy.h"
#include "app/ports/store.h"
#include "core/clock.h"
#include "core/random.h"
#include "core/result.h"
#include "domain/ids.h"
#include "domain/language.h"
#include "domain/staff.h"
#include "vault/password_kek.h"
#include "vault/secret_bytes.h"

namespace haven::app {

inline constexpr std::size_t kMinPasswordChars = 12;
inline constexpr std::size_t kMaxPasswordBytes = 1024;
inline constexpr std::size_t kMaxEmailBytes = 254;

struct NewStaffMember {
  domain::OrgId org;
  std::string role;  // as typed ("coordinator", ...); InvalidInput unless a known role
  std::string email;
  vault::SecretBytes password;  // UTF-8
  domain::Language language = domain::kDefaultLanguage;
};

// Enum, not bool: whether the member holds a grant of the organisation's secret key.
enum class OrgKeyStatus { Granted, Pending };

struct AddedStaffMember {
  domain::UserId id;
  // The new TOTP secret (20 bytes): the caller shows it once for enrolment and forgets it.
  vault::SecretBytes totp_secret;
  OrgKeyStatus org_key = OrgKeyStatus::Pending;
};

struct StaffMemberSummary {
  domain::UserId id;
  domain::Role role = domain::Role::Viewer;
  domain::AccountState state = domain::AccountState::Active;
  OrgKeyStatus org_key = OrgKeyStatus::Pending;
};

// Trims ASCII white space and lower-cases ASCII letters, then checks the basic shape
// (one '@', non-empty local part, a dotted domain, no spaces or control characters, at
// most kMaxEmailBytes). InvalidInput with a message that does not echo the address.
Result<std::string> normalise_staff_email(std::string_view email);

// At least kMinPasswordChars code points, at most kMaxPasswordBytes bytes, valid UTF-8.
// InvalidInput with a message for the user (never the password).
Result<void> check_new_password(vault::SecretBytes const& password);

class StaffService {
 public:
  // Every reference must outlive the service. `handle_pepper` keys the email lookup hash;
  // `password_params` is PasswordParams::production() except in tests. Thread-safe as the
  // store is.
  StaffService(Store& store, Clock const& clock, Random& random, AuditLog const& audit,
               vault::SecretBytes const& handle_pepper, vault::PasswordParams password_params)
      : store_(store),
        clock_(clock),
        random_(random),
        audit_(audit),
        pepper_(handle_pepper),
        params_(password_params) {}

  // Creates the account and its membership of `member.org` after Action::AddStaff and
  // authorise_role_change. The email is stored only as a keyed lookup hash and sealed to
  // the organisation's public key; user_sk is wrapped by the password's Argon2id KEK; the
  // TOTP secret is sealed to the user's own key. When the organisation has no keypair yet
  // (first member), one is made and its secret key granted to this member; otherwise the
  // grant stays Pending until a coordinator grants it. Audits member_added (and
  // org_key_granted) in the same transaction. Errors: InvalidInput (role, email, password),
  // NotFound (organisation, or one the actor may not see), PermissionDenied, Conflict when
  // an account with this email exists. Runs Argon2id on the calling thread.
  Result<AddedStaffMember> add_member(Actor const& actor, NewStaffMember member);

  // The members of `org` ordered by user id, after Action::ViewStaff. NotFound for an
  // unknown organisation or one the actor may not see.
  Result<std::vector<StaffMemberSummary>> list_members(Actor const& actor,
                                                       domain::OrgId const& org);

  // Disables the account (it can no longer sign in), after Action::DisableUser in every
  // organisation it belongs to (an account in none: system and network admins only).
  // Audits user_disabled once per organisation. NotFound for an unknown user; disabling a
  // disabled account succeeds without a new entry.
  Result<void> disable(Actor const& actor, domain::UserId const& user);

 private:
  Store& store_;
  Clock const& clock_;
  Random& random_;
  AuditLog const& audit_;
  vault::SecretBytes const& pepper_;
  vault::PasswordParams params_;
};

}  // namespace haven::app
