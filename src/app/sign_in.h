// Signing a staff member in (issue 3): email + password + TOTP code (or a recovery code),
// checked so that a wrong password, an unknown address and a disabled account cost the same
// work and get the same answer, throttled per account and per client, and ending in a new
// session whose cookie secret only the browser holds (DESIGN.md §3).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "app/audit_log.h"
#include "app/client_throttle.h"
#include "app/ports/session_repository.h"
#include "app/ports/store.h"
#include "core/clock.h"
#include "core/random.h"
#include "core/result.h"
#include "domain/ids.h"
#include "domain/language.h"
#include "vault/password_hasher.h"
#include "vault/password_kek.h"
#include "vault/secret_bytes.h"

namespace haven::app {

// A session ends 30 minutes after its last use, and 12 hours after sign-in at the latest.
inline constexpr std::chrono::minutes kSessionIdleTimeout{30};
inline constexpr std::chrono::hours kSessionLifetime{12};
// Failures per account key in the trailing window that are still checked; the next one is
// refused without running Argon2id until the oldest leaves the window, so a guesser gets
// five tries a minute and the real user waits at most a minute.
inline constexpr std::size_t kFailuresPerAccountWindow = 5;
inline constexpr std::chrono::minutes kFailureWindow{1};
// Per client (an opaque key the web layer derives from the connection, never stored): more
// generous, since many people may share one address (NAT, Tor exits).
inline constexpr std::size_t kFailuresPerClientWindow = 20;
inline constexpr std::size_t kMaxClientLabelBytes = 64;

struct SignInAttempt {
  std::string email;
  vault::SecretBytes password;  // UTF-8; wiped when the attempt ends
  std::string second_factor;    // the 6-digit code, or a recovery code
  std::string client_label;     // coarse browser label for the session list (see SessionRepository)
  std::string client_key;       // empty: no per-client throttling
};

struct NewSession {
  SessionId id;
  vault::SecretBytes secret;  // goes into the cookie, and nowhere else
  domain::UserId user;
  domain::Language language = domain::kDefaultLanguage;
  std::chrono::system_clock::time_point expires_at;
  // Set when a recovery code stood in for the TOTP code: the unused codes left.
  std::optional<int> recovery_codes_left;
};

// The error every refused sign-in gets, whatever the reason (wrong password, unknown
// address, disabled account, wrong or replayed code): PermissionDenied with this detail.
inline constexpr char kSignInRefused[] = "sign-in refused";

class SignInService {
 public:
  using Done = std::function<void(Result<NewSession>)>;

  // Every reference must outlive the service, and `hasher` must be destroyed (it waits for
  // running derivations) before the others. `password_params` is what new and re-hashed
  // passwords get, and the cost of the stand-in derivation for unknown addresses.
  SignInService(Store& store, Clock const& clock, Random& random, AuditLog const& audit,
                vault::SecretBytes const& handle_pepper, vault::PasswordHasher& hasher,
                vault::PasswordParams password_params, ClientThrottle& client_throttle)
      : store_(store),
        clock_(clock),
        random_(random),
        audit_(audit),
        pepper_(handle_pepper),
        hasher_(hasher),
        params_(password_params),
        clients_(client_throttle) {}

  // Checks `attempt` and calls `done` exactly once: on the calling thread for input errors
  // and throttling, otherwise on a hasher thread after Argon2id. Results: a NewSession
  // (sign-in audited, failures of the account forgotten, the TOTP step or recovery code
  // used up); InvalidInput when a field is empty or the address malformed;
  // PermissionDenied (kSignInRefused) for every refusal; RateLimited when the account key or
  // client is throttled or the hasher's queue is full; Unavailable when the database is.
  void sign_in(SignInAttempt attempt, Done done);

 private:
  struct Pending;
  void finish(std::shared_ptr<Pending> pending, Result<vault::SecretBytes> kek);
  Result<NewSession> complete(Pending& pending, vault::SecretBytes const& kek);
  Result<void> record_failure(Pending const& pending);
  void rewrap_stronger(domain::UserId const& user, vault::SecretBytes const& password,
                       vault::SecretBytes const& user_sk);

  Store& store_;
  Clock const& clock_;
  Random& random_;
  AuditLog const& audit_;
  vault::SecretBytes const& pepper_;
  vault::PasswordHasher& hasher_;
  vault::PasswordParams params_;
  ClientThrottle& clients_;
};

}  // namespace haven::app
