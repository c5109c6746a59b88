#include "app/session_service.h"

#include <algorithm>
#include <utility>

#include "app/sign_in.h"
#include "app/stored_bytes.h"
#include "vault/session_secret.h"

namespace haven::app {

namespace {

Error signed_out() { return make_error(ErrorCode::Unauthenticated, "no valid session"); }

}  // namespace

std::string session_cookie_value(SessionId const& id, vault::SecretBytes const& secret) {
  return id.str() + "." + vault::session_secret_to_hex(secret);
}

Result<SessionCookie> parse_session_cookie(std::string_view value) {
  auto dot = value.find('.');
  if (dot == std::string_view::npos) {
    return make_error(ErrorCode::InvalidInput, "session cookie: no separator");
  }
  auto id = SessionId::parse(value.substr(0, dot));
  if (!id) return make_error(ErrorCode::InvalidInput, "session cookie: bad id");
  auto secret = vault::session_secret_from_hex(value.substr(dot + 1));
  if (!secret) return std::move(secret).error();
  return SessionCookie{.id = std::move(*id), .secret = std::move(secret).value()};
}

Result<SignedInStaff> SessionService::resolve(std::string_view cookie_value) {
  auto cookie = parse_session_cookie(cookie_value);
  if (!cookie) return signed_out();
  auto now = clock_.now();
  // Every staff request resolves its session: it is checked on the read connection, and the
  // single writer is taken only to end a session that timed out or whose account is no
  // longer active, or to move last_seen_at (once per kSessionTouchInterval).
  enum class Then { Nothing, Touch, Remove };
  Then then = Then::Nothing;
  auto resolved = store_.in_transaction(
      [&](Transaction& tx) -> Result<SignedInStaff> {
        auto session = tx.sessions().find(cookie->id);
        if (!session) {
          return session.error().code == ErrorCode::NotFound ? signed_out() : session.error();
        }
        vault::SessionSecretHash stored{};
        if (session->secret_hash.size() != stored.size()) {
          return make_error(ErrorCode::Corruption, "session: secret hash size");
        }
        std::copy(session->secret_hash.begin(), session->secret_hash.end(), stored.begin());
        // A wrong secret leaves the row alone: whoever guessed an id must not end the session.
        if (!vault::verify_session_secret(cookie->secret, stored)) return signed_out();
        if (now >= session->expires_at || now - session->last_seen_at >= kSessionIdleTimeout) {
          then = Then::Remove;
          return signed_out();
        }
        auto user = tx.staff().find_user(session->user);
        if (!user) return user.error().code == ErrorCode::NotFound ? signed_out() : user.error();
        if (user->state != domain::AccountState::Active) {
          then = Then::Remove;
          return signed_out();
        }
        if (now - session->last_seen_at >= kSessionTouchInterval) then = Then::Touch;
        auto memberships = tx.staff().memberships_of(user->id);
        if (!memberships) return std::move(memberships).error();
        return SignedInStaff{
            .session = session->id,
            .actor = Actor::user(user->id, user->network_admin, std::move(memberships).value()),
            .language = user->preferred_language,
            .expires_at = session->expires_at};
      },
      TransactionMode::ReadOnly);
  if (then == Then::Nothing) return resolved;
  // Ended meanwhile (signed out elsewhere): NotFound from either write is signed out too.
  auto written = store_.in_transaction([&](Transaction& tx) -> Result<void> {
    if (then == Then::Remove) return tx.sessions().remove(cookie->id);
    return tx.sessions().touch(cookie->id, now);
  });
  if (!written) {
    return written.error().code == ErrorCode::NotFound ? signed_out() : written.error();
  }
  return resolved;
}

Result<vault::Keypair> SessionService::unlock_user_key(std::string_view cookie_value) {
  auto staff = resolve(cookie_value);
  if (!staff) return std::move(staff).error();
  return unlock_user_key(*staff, cookie_value);
}

Result<vault::Keypair> SessionService::unlock_user_key(SignedInStaff const& staff,
                                                       std::string_view cookie_value) {
  auto cookie = parse_session_cookie(cookie_value);
  if (!cookie || cookie->id != staff.session) return signed_out();
  auto session = store_.in_transaction(
      [&](Transaction& tx) { return tx.sessions().find(cookie->id); }, TransactionMode::ReadOnly);
  if (!session) return signed_out();
  auto user_sk = vault::unwrap_user_key_for_session(cookie->secret, cookie->id.str(),
                                                    stored_bytes(session->wrapped_user_key));
  if (!user_sk) return std::move(user_sk).error();
  auto public_key = vault::public_key_of(*user_sk);
  if (!public_key) return std::move(public_key).error();
  return vault::Keypair{.public_key = *public_key, .secret_key = std::move(user_sk).value()};
}

Result<void> SessionService::audit_session_end(Transaction& tx, SignedInStaff const& staff,
                                               AuditAction action) {
  auto event = AuditEvent::by(staff.actor, action);
  event.object_kind = AuditObjectKind::User;
  event.object_id = staff.actor.user_id()->str();
  auto audited = audit_.append(tx, event);
  if (!audited) return audited.error();
  return {};
}

Result<void> SessionService::sign_out(SignedInStaff const& staff) {
  return store_.in_transaction([&](Transaction& tx) -> Result<void> {
    auto removed = tx.sessions().remove(staff.session);
    if (!removed) return removed.error().code == ErrorCode::NotFound ? Result<void>() : removed;
    return audit_session_end(tx, staff, AuditAction::SignOut);
  });
}

Result<std::vector<SessionSummary>> SessionService::list_own(SignedInStaff const& staff) {
  auto sessions = store_.in_transaction(
      [&](Transaction& tx) { return tx.sessions().list_for_user(*staff.actor.user_id()); },
      TransactionMode::ReadOnly);
  if (!sessions) return std::move(sessions).error();
  auto now = clock_.now();
  std::vector<SessionSummary> out;
  for (auto& session : *sessions) {
    // Expired rows wait for housekeeping; they are not sessions any more.
    if (now >= session.expires_at || now - session.last_seen_at >= kSessionIdleTimeout) continue;
    out.push_back(SessionSummary{.id = session.id,
                                 .client_label = std::move(session.client_label),
                                 .created_at = session.created_at,
                                 .last_seen_at = session.last_seen_at,
                                 .current = session.id == staff.session});
  }
  return out;
}

Result<void> SessionService::revoke_own(SignedInStaff const& staff, SessionId const& session) {
  return store_.in_transaction([&](Transaction& tx) -> Result<void> {
    auto found = tx.sessions().find(session);
    if (!found) return found.error();
    if (found->user != *staff.actor.user_id()) {
      return make_error(ErrorCode::NotFound, "no such session");
    }
    if (auto removed = tx.sessions().remove(session); !removed) return removed;
    return audit_session_end(tx, staff, AuditAction::SessionsRevoked);
  });
}

Result<std::size_t> SessionService::revoke_other_own(SignedInStaff const& staff) {
  return store_.in_transaction([&](Transaction& tx) -> Result<std::size_t> {
    auto removed = tx.sessions().remove_for_user(*staff.actor.user_id(), staff.session);
    if (!removed) return removed;
    if (*removed > 0) {
      if (auto audited = audit_session_end(tx, staff, AuditAction::SessionsRevoked); !audited) {
        return audited.error();
      }
    }
    return removed;
  });
}

Result<std::size_t> SessionService::revoke_member_sessions(Actor const& actor,
                                                           domain::UserId const& member) {
  return store_.in_transaction([&](Transaction& tx) -> Result<std::size_t> {
    auto user = tx.staff().find_user(member);
    if (!user) return user.error();
    auto memberships = tx.staff().memberships_of(member);
    if (!memberships) return std::move(memberships).error();
    auto allowed = authorise_account_action(
        actor, Action::RevokeMemberSessions,
        TargetAccount{
            .id = member, .network_admin = user->network_admin, .memberships = *memberships});
    if (!allowed) return allowed.error();
    auto removed = tx.sessions().remove_for_user(member, std::nullopt);
    if (!removed) return removed;
    auto event = AuditEvent::by(actor, AuditAction::SessionsRevoked);
    event.object_kind = AuditObjectKind::User;
    event.object_id = member.str();
    if (memberships->empty()) {
      if (auto audited = audit_.append(tx, event); !audited) return audited.error();
    }
    for (auto const& membership : *memberships) {
      event.organisation = membership.org;
      if (auto audited = audit_.append(tx, event); !audited) return audited.error();
    }
    return removed;
  });
}

Result<std::size_t> SessionService::remove_expired(std::size_t limit) {
  auto now = clock_.now();
  return store_.in_transaction([&](Transaction& tx) {
    return tx.sessions().remove_expired(now, now - kSessionIdleTimeout, limit);
  });
}

}  // namespace haven::app
