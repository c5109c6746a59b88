// The session port: signed-in staff sessions as stored (DESIGN.md §3). The cookie holds the
// session id and a 32-byte secret; a row holds only the secret's hash and user_sk wrapped
// under a key derived from that secret, so a seized table unlocks nothing.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/id.h"
#include "core/result.h"
#include "domain/ids.h"

namespace haven::app {

struct SessionTag {};
// 128-bit random, the public half of the session cookie.
using SessionId = Id<SessionTag>;

struct StaffSession {
  SessionId id;
  domain::UserId user;
  std::string secret_hash;       // 32 bytes: vault::hash_session_secret
  std::string wrapped_user_key;  // vault::wrap_user_key_for_session
  // A coarse label of the browser ("Firefox, Android") so the owner can tell sessions apart
  // when revoking one; never the User-Agent string itself, never an address. At most 64 bytes.
  std::string client_label;
  std::chrono::system_clock::time_point created_at;
  // Moves forward as the session is used (the idle timeout counts from here).
  std::chrono::system_clock::time_point last_seen_at;
  // created_at + the absolute lifetime: never extended.
  std::chrono::system_clock::time_point expires_at;
};

// No permission checks here. A session that ended is deleted, not flagged: nothing of it
// stays behind. Errors: NotFound for an unknown session; Conflict for a taken id;
// Unavailable when the database does not answer.
class SessionRepository {
 public:
  virtual ~SessionRepository() = default;

  // NotFound when the user does not exist.
  virtual Result<void> add(StaffSession const& session) = 0;
  virtual Result<StaffSession> find(SessionId const& id) = 0;
  // Sets last_seen_at to `at` (only ever forward: an older `at` leaves it). NotFound when gone.
  virtual Result<void> touch(SessionId const& id, std::chrono::system_clock::time_point at) = 0;
  // NotFound when there is no such session.
  virtual Result<void> remove(SessionId const& id) = 0;
  // The user's sessions, newest first (empty for an unknown user).
  virtual Result<std::vector<StaffSession>> list_for_user(domain::UserId const& user) = 0;
  // Deletes every session of `user` except `keep` (when given); returns how many went.
  virtual Result<std::size_t> remove_for_user(domain::UserId const& user,
                                              std::optional<SessionId> const& keep) = 0;
  // Deletes sessions whose expires_at has passed or whose last_seen_at is older than
  // `idle_before`, at most `limit` rows; returns how many went.
  virtual Result<std::size_t> remove_expired(std::chrono::system_clock::time_point now,
                                             std::chrono::system_clock::time_point idle_before,
                                             std::size_t limit) = 0;
};

}  // namespace haven::app
