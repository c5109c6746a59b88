// Use cases on an organisation's staff accounts: adding a member (keys, TOTP secret, sealed
// email, first member's organisation keypair), listing members (with their addresses for a
// holder of the organisation key) and disabling an account, each checked against
// app/policy.h and run in one transaction with its audit entries.
#pragma once

#include <chrono>
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
#include "vault/keypair.h"
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

// Whether the reader of a member list could open the organisation's key (their own grant,
// with their keypair), and so the sealed email addresses.
enum class AddressAccess { Readable, NoOrgKey };

struct MemberWithAddress {
  StaffMemberSummary member;
  // The address, opened with the organisation's key; nullopt under AddressAccess::NoOrgKey
  // (or for an envelope that does not open). Shown to the reader, never logged.
  std::optional<std::string> email;
};

// An invitation not yet followed (AccountLinks::invite), as its issuers see it.
struct PendingInvitation {
  domain::Role role = domain::Role::Viewer;
  std::optional<std::string> email;  // as for MemberWithAddress
  domain::Language language = domain::kDefaultLanguage;
  std::chrono::system_clock::time_point expires_at;
};

// The policy's answers for the reader on one organisation (app/policy.h), so a page offers
// only what would be allowed. Each action still checks for itself.
struct MemberListPermissions {
  bool can_invite = false;          // Action::AddStaff
  bool can_disable = false;         // Action::DisableUser
  bool can_reset_password = false;  // Action::ResetPassword
  bool can_end_sessions = false;    // Action::RevokeMemberSessions
  bool can_grant_org_key = false;   // Action::GrantOrgKey
};

struct MemberList {
  std::vector<MemberWithAddress> members;  // ordered by user id
  // Unexpired invitations, newest first; only for readers who may invite (empty otherwise).
  std::vector<PendingInvitation> invitations;
  AddressAccess addresses = AddressAccess::NoOrgKey;
  MemberListPermissions permissions;
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

  // The members of `org` as list_members, with their email addresses opened for the reader:
  // `reader` is the acting user's own keypair (SessionService::unlock_user_key), which opens
  // their grant of the organisation key, which opens the addresses sealed to it. A reader
  // without a grant (pending, or reset since) gets the list with AddressAccess::NoOrgKey and
  // no addresses, not an error; so does a keypair that is not the actor's. Also the pending
  // invitations for readers who may invite, and what the reader may do. Nothing is written
  // or logged. NotFound for an unknown organisation or one the actor may not see;
  // PermissionDenied for a member whose role may not view staff.
  Result<MemberList> list_members_with_addresses(Actor const& actor, vault::Keypair const& reader,
                                                 domain::OrgId const& org);

  // One member of `org`, after Action::ViewStaff: what an action on a member named in a URL
  // checks first, so another organisation's member answers exactly like a missing one
  // (NotFound, also for a user who is not a member of `org`).
  Result<StaffMemberSummary> find_member(Actor const& actor, domain::OrgId const& org,
                                         domain::UserId const& user);

  // Disables the account (it can no longer sign in), after authorise_account_action
  // (Action::DisableUser in every organisation it belongs to; a network admin's account only
  // by another network admin or the system; never one's own: PermissionDenied).
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
