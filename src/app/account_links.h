// One-time account links a coordinator hands to a person out of band (issue 3): an
// invitation to join an organisation (72 h) and a password reset. Following either, the
// person sets a password and enrols TOTP on the same page, and gets recovery codes.
//
// A reset makes a new keypair: every organisation key grant sealed to the old key is gone,
// so nothing the old key could open is readable until a coordinator grants the
// organisation key again (KeyGrants). The pages say so.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/audit_log.h"
#include "app/policy.h"
#include "app/ports/account_token_repository.h"
#include "app/ports/store.h"
#include "core/clock.h"
#include "core/random.h"
#include "core/result.h"
#include "domain/ids.h"
#include "domain/language.h"
#include "domain/staff.h"
#include "vault/password_hasher.h"
#include "vault/password_kek.h"
#include "vault/secret_bytes.h"

namespace haven::app {

inline constexpr std::chrono::hours kInvitationLifetime{72};
// Shorter than an invitation: the account exists and the link replaces its password.
inline constexpr std::chrono::hours kPasswordResetLifetime{24};

// A link just issued: shown once to the coordinator, who passes it on.
struct IssuedLink {
  AccountTokenId id;
  vault::SecretBytes secret;
  std::chrono::system_clock::time_point expires_at;
};

// The link's text form, for the URL path: "<token id>.<64 hex digits>".
std::string account_link_text(AccountTokenId const& id, vault::SecretBytes const& secret);

// What the page for a link shows before the person sets a password.
struct LinkDetails {
  AccountTokenKind kind = AccountTokenKind::Invitation;
  domain::OrgId org;
  std::string org_name;
  std::optional<domain::Role> role;  // invitations
  domain::Language language = domain::kDefaultLanguage;
  std::chrono::system_clock::time_point expires_at;
  // The TOTP secret to enrol (as QR code and base32): derived from the link, so the form
  // posted back checks against the same secret without the server storing it.
  vault::SecretBytes totp_secret;
  // The same secret for the page (the web layer has no vault/): base32 for typing by hand,
  // and the otpauth://totp/ URI (issuer Haven, labelled with the organisation's name) for
  // the QR code. Secrets both: never logged.
  std::string totp_secret_base32;
  std::string totp_uri;
};

struct AcceptedLink {
  AccountTokenKind kind = AccountTokenKind::Invitation;
  domain::UserId user;
  domain::Language language = domain::kDefaultLanguage;
  // Ten single-use codes for a lost phone: show once, never stored in plaintext.
  std::vector<std::string> recovery_codes;
};

class AccountLinks {
 public:
  using AcceptDone = std::function<void(Result<AcceptedLink>)>;

  // The references must outlive the service, and `hasher` must be destroyed (it waits for
  // the accepts it has queued) before the others. Thread-safe as the store is. Argon2id
  // runs on the calling thread in `accept`: call it off the I/O threads, or use
  // `accept_async`.
  AccountLinks(Store& store, Clock const& clock, Random& random, AuditLog const& audit,
               vault::SecretBytes const& handle_pepper, vault::PasswordHasher& hasher,
               vault::PasswordParams password_params)
      : store_(store),
        clock_(clock),
        random_(random),
        audit_(audit),
        pepper_(handle_pepper),
        hasher_(hasher),
        params_(password_params) {}

  // Invites `email` to `org` as `role`, after Action::AddStaff and authorise_role_change.
  // InvalidInput for a malformed address or unknown role, or an organisation without keys
  // yet (its first member is added at the console); Conflict when an account with this
  // address exists or an invitation to this organisation is pending; NotFound for an
  // organisation the actor may not see. Audited (invitation_issued).
  Result<IssuedLink> invite(Actor const& actor, domain::OrgId const& org, std::string_view email,
                            std::string_view role, domain::Language language);

  // A reset link for `user`, after Action::ResetPassword in every organisation the user
  // belongs to; replaces any earlier reset link of the user. NotFound for an unknown user or
  // one the actor may not see; InvalidInput for a disabled account; PermissionDenied for
  // the actor's own account (OwnAccount changes one's own password) and, unless the actor
  // is another network admin, for a network admin's. Audited.
  Result<IssuedLink> issue_reset(Actor const& actor, domain::UserId const& user);

  // The details for the page. NotFound, the same for a malformed, unknown, used, expired or
  // forged link (and a reset of an account disabled meanwhile).
  Result<LinkDetails> open(std::string_view link_text);

  // Follows the link: checks the new password (check_new_password) and the TOTP code for
  // the link's enrolment secret, then, in one transaction that also deletes the link:
  //  - invitation: creates the account (keys, sealed TOTP secret) and its membership; its
  //    organisation key grant is pending until a coordinator grants it;
  //  - reset: a new keypair and TOTP secret, every old grant, session and recovery code gone.
  // Both make new recovery codes and are audited. Errors: NotFound as for `open` (also when
  // used by a concurrent request), InvalidInput for the password, PermissionDenied for a
  // wrong code, Conflict when an account with the invited address appeared meanwhile.
  Result<AcceptedLink> accept(std::string_view link_text, vault::SecretBytes password,
                              std::string_view totp_code);

  // `accept` on the password hasher's bounded pool, the one sign-in uses, so a web request
  // never runs Argon2id on an I/O thread. `done` runs once: on a hasher thread with accept's
  // result, or on the calling thread with RateLimited when the pool's queue is full
  // (Unavailable while shutting down). It must not block for long.
  void accept_async(std::string link_text, vault::SecretBytes password, std::string totp_code,
                    AcceptDone done);

 private:
  struct Opened;
  Result<Opened> find_valid(Transaction& tx, std::string_view link_text);
  Result<IssuedLink> store_link(Transaction& tx, AccountToken token, vault::SecretBytes secret);

  Store& store_;
  Clock const& clock_;
  Random& random_;
  AuditLog const& audit_;
  vault::SecretBytes const& pepper_;
  vault::PasswordHasher& hasher_;
  vault::PasswordParams params_;
};

}  // namespace haven::app
