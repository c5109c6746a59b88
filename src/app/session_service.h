// Staff sessions after sign-in (issue 3, DESIGN.md §3): turning the cookie into the acting
// user on every request (idle and absolute timeouts), signing out, listing and revoking
// one's own sessions, and a coordinator ending a member's sessions.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "app/audit_log.h"
#include "app/policy.h"
#include "app/ports/session_repository.h"
#include "app/ports/store.h"
#include "core/clock.h"
#include "core/result.h"
#include "domain/ids.h"
#include "domain/language.h"
#include "vault/keypair.h"
#include "vault/secret_bytes.h"

namespace haven::app {

// A session is written back (last seen) at most this often, so reading pages does not turn
// into one database write each; the idle timeout is exact to within this much.
inline constexpr std::chrono::minutes kSessionTouchInterval{1};

// The cookie's value: "<session id>.<64 hex digits of the secret>".
std::string session_cookie_value(SessionId const& id, vault::SecretBytes const& secret);

struct SessionCookie {
  SessionId id;
  vault::SecretBytes secret;
};
// InvalidInput for anything but the shape above.
Result<SessionCookie> parse_session_cookie(std::string_view value);

// Who is signed in, for one request.
struct SignedInStaff {
  SessionId session;
  Actor actor;
  domain::Language language = domain::kDefaultLanguage;
  std::chrono::system_clock::time_point expires_at;
};

struct SessionSummary {
  SessionId id;
  std::string client_label;
  std::chrono::system_clock::time_point created_at;
  std::chrono::system_clock::time_point last_seen_at;
  bool current = false;  // the session asking
};

class SessionService {
 public:
  // The references must outlive the service. Thread-safe as the store is.
  SessionService(Store& store, Clock const& clock, AuditLog const& audit)
      : store_(store), clock_(clock), audit_(audit) {}

  // The signed-in staff member for a cookie value. Unauthenticated for a malformed value, an
  // unknown session, a wrong secret, an expired or idle session (deleted on the way) and a
  // disabled account: the caller sends the person to sign in, whatever the reason.
  Result<SignedInStaff> resolve(std::string_view cookie_value);

  // The signed-in user's own keypair, unwrapped from the session row with the cookie's
  // secret (never stored anywhere): what decrypting organisation and case keys starts from.
  // Unauthenticated as `resolve`. The caller wipes it (SecretBytes does) when done.
  Result<vault::Keypair> unlock_user_key(std::string_view cookie_value);
  // The same for a request whose session resolve() has just checked (`staff`): reads only
  // the wrapped key, of that same session (another cookie's is Unauthenticated), so a
  // request resolves its session once.
  Result<vault::Keypair> unlock_user_key(SignedInStaff const& staff, std::string_view cookie_value);

  // Ends the session (deleted, audited). Signing out twice succeeds.
  Result<void> sign_out(SignedInStaff const& staff);

  // The caller's own sessions, newest first, the current one marked.
  Result<std::vector<SessionSummary>> list_own(SignedInStaff const& staff);
  // Ends one of the caller's own sessions; NotFound for any other id (another user's session
  // answers like one that does not exist).
  Result<void> revoke_own(SignedInStaff const& staff, SessionId const& session);
  // Ends every session of the caller but the current one; returns how many ended.
  Result<std::size_t> revoke_other_own(SignedInStaff const& staff);

  // A coordinator (or network admin, or the system) ends every session of `member`, after
  // Action::RevokeMemberSessions in each organisation the member belongs to (NotFound for a
  // user the actor may not see; PermissionDenied for a network admin's sessions unless the
  // actor is another network admin). Audited per organisation. Returns how many ended.
  Result<std::size_t> revoke_member_sessions(Actor const& actor, domain::UserId const& member);

  // Housekeeping: deletes expired and idle sessions, at most `limit`; returns how many.
  Result<std::size_t> remove_expired(std::size_t limit);

 private:
  Result<void> audit_session_end(Transaction& tx, SignedInStaff const& staff, AuditAction action);

  Store& store_;
  Clock const& clock_;
  AuditLog const& audit_;
};

}  // namespace haven::app
