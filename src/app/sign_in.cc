#include "app/sign_in.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <utility>

#include "app/staff_service.h"
#include "app/stored_bytes.h"
#include "core/log.h"
#include "vault/keyed_hash.h"
#include "vault/keypair.h"
#include "vault/recovery_codes.h"
#include "vault/sealed_box.h"
#include "vault/session_secret.h"
#include "vault/totp.h"
#include "vault/user_key.h"

namespace haven::app {

namespace {

void log_rehash_failure(Error const& error) {
  log::warn("sign-in: re-wrapping the user key with stronger parameters failed",
            {{"code", std::string(to_string(error.code))}});
}

Error refused() { return make_error(ErrorCode::PermissionDenied, kSignInRefused); }

bool is_totp_code(std::string_view code) {
  return code.size() == vault::kTotpDigits &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Labels come from a header anyone can set: keep printable ASCII only, and short.
std::string clean_label(std::string_view label) {
  std::string out;
  for (char c : label) {
    if (out.size() == kMaxClientLabelBytes) break;
    if (c >= 0x20 && c < 0x7f) out.push_back(c);
  }
  return out;
}

}  // namespace

struct SignInService::Pending {
  SignInAttempt attempt;
  std::string account_key;        // keyed hash of the normalised address
  std::optional<StaffUser> user;  // only an active account; nullopt runs the stand-in
  std::chrono::system_clock::time_point started;
  Done done;
  // Kept only when the stored envelope was made with weaker Argon2id parameters than the
  // current ones: after a good sign-in the key is re-wrapped under a stronger KEK.
  std::optional<vault::SecretBytes> rehash_password;
};

void SignInService::sign_in(SignInAttempt attempt, Done done) {
  if (attempt.email.empty() || attempt.password.empty() || attempt.second_factor.empty()) {
    attempt.password.wipe();
    return done(make_error(ErrorCode::InvalidInput, "email, password and code are required"));
  }
  auto email = normalise_staff_email(attempt.email);
  if (!email || attempt.password.size() > kMaxPasswordBytes) {
    attempt.password.wipe();
    return done(refused());
  }
  auto lookup = vault::handle_hash(pepper_, vault::HandleKind::Email, *email);
  if (!lookup) return done(std::move(lookup).error());

  auto pending = std::make_shared<Pending>();
  pending->account_key = to_stored(*lookup);
  pending->started = clock_.now();
  pending->done = std::move(done);

  if (!clients_.allows(attempt.client_key, pending->started)) {
    attempt.password.wipe();
    return pending->done(make_error(ErrorCode::RateLimited, "sign-in: client throttled"));
  }
  auto loaded = store_.in_transaction(
      [&](Transaction& tx) -> Result<std::optional<StaffUser>> {
        auto failures = tx.sign_in_failures().count_since(pending->account_key,
                                                          pending->started - kFailureWindow);
        if (!failures) return std::move(failures).error();
        if (*failures >= kFailuresPerAccountWindow) {
          return make_error(ErrorCode::RateLimited, "sign-in: account key throttled");
        }
        auto user = tx.staff().find_user_by_email_lookup(pending->account_key);
        if (!user) {
          if (user.error().code == ErrorCode::NotFound) return std::optional<StaffUser>();
          return std::move(user).error();
        }
        if (user->state != domain::AccountState::Active) return std::optional<StaffUser>();
        return std::optional<StaffUser>(std::move(user).value());
      },
      TransactionMode::ReadOnly);
  if (!loaded) {
    attempt.password.wipe();
    return pending->done(std::move(loaded).error());
  }
  pending->user = std::move(loaded).value();

  // Unknown address or disabled account: the same Argon2id cost with the current
  // parameters and a salt fixed per address, so neither time nor answer tells them apart.
  vault::PasswordParams params = params_;
  vault::PasswordSalt salt{};
  std::copy_n(lookup->begin(), salt.size(), salt.begin());
  if (pending->user) {
    auto header = vault::read_wrapped_user_key_header(stored_bytes(pending->user->key_envelope));
    if (!header) {
      attempt.password.wipe();
      return pending->done(std::move(header).error());
    }
    params = header->params;
    salt = header->salt;
    auto weaker = vault::needs_rehash(stored_bytes(pending->user->key_envelope), params_);
    if (weaker && *weaker) {
      pending->rehash_password = vault::SecretBytes::copy_of(attempt.password.span());
    }
  }
  auto password = std::move(attempt.password);
  pending->attempt = std::move(attempt);
  auto queued = hasher_.derive_kek_async(
      std::move(password), salt, params,
      [this, pending](Result<vault::SecretBytes> kek) { finish(pending, std::move(kek)); });
  if (!queued) pending->done(std::move(queued).error());
}

void SignInService::finish(std::shared_ptr<Pending> pending, Result<vault::SecretBytes> kek) {
  if (!kek) return pending->done(std::move(kek).error());
  auto session = complete(*pending, *kek);
  if (!session && session.error().code == ErrorCode::PermissionDenied) {
    if (auto recorded = record_failure(*pending); !recorded) {
      return pending->done(std::move(recorded).error());
    }
  }
  pending->done(std::move(session));
}

Result<NewSession> SignInService::complete(Pending& pending, vault::SecretBytes const& kek) {
  if (!pending.user) return refused();
  StaffUser const& user = *pending.user;
  auto user_sk = vault::unwrap_user_key(kek, stored_bytes(user.key_envelope));
  if (!user_sk) return refused();

  std::string_view const factor = pending.attempt.second_factor;
  std::optional<std::int64_t> totp_step;
  std::optional<vault::RecoveryCodeHash> recovery_hash;
  if (is_totp_code(factor)) {
    if (!user.totp_envelope) return refused();
    auto public_key = vault::public_key_of(*user_sk);
    if (!public_key) return std::move(public_key).error();
    vault::Keypair keys{.public_key = *public_key,
                        .secret_key = vault::SecretBytes::copy_of(user_sk->span())};
    auto totp_secret = vault::open_sealed(keys, vault::SealedPurpose::TotpSecret,
                                          stored_bytes(*user.totp_envelope));
    if (!totp_secret) return std::move(totp_secret).error();
    std::optional<std::uint64_t> last;
    if (user.totp_last_step) last = static_cast<std::uint64_t>(*user.totp_last_step);
    auto step = vault::verify_totp(*totp_secret, factor, clock_.now(), last);
    if (!step) return refused();
    totp_step = static_cast<std::int64_t>(*step);
  } else {
    auto hash = vault::recovery_code_hash(pepper_, user.id.str(), factor);
    if (!hash) return hash.error().code == ErrorCode::PermissionDenied ? refused() : hash.error();
    recovery_hash = *hash;
  }

  NewSession session{.id = SessionId::generate(random_),
                     .secret = vault::generate_session_secret(),
                     .user = user.id,
                     .language = user.preferred_language,
                     .expires_at = {},
                     .recovery_codes_left = std::nullopt};
  auto secret_hash = vault::hash_session_secret(session.secret);
  if (!secret_hash) return std::move(secret_hash).error();
  auto wrapped = vault::wrap_user_key_for_session(session.secret, session.id.str(), *user_sk);
  if (!wrapped) return std::move(wrapped).error();

  auto now = clock_.now();
  session.expires_at = now + kSessionLifetime;
  auto stored = store_.in_transaction([&](Transaction& tx) -> Result<std::optional<int>> {
    std::optional<int> codes_left;
    if (totp_step) {
      // Conflict: this step (or a later one) was used meanwhile: a replayed code.
      if (auto used = tx.staff().record_totp_step(user.id, *totp_step); !used) {
        return used.error().code == ErrorCode::Conflict ? refused() : used.error();
      }
    } else {
      auto used = tx.staff().use_recovery_code(user.id, to_stored(*recovery_hash), now);
      if (!used) return used.error().code == ErrorCode::NotFound ? refused() : used.error();
      auto left = tx.staff().count_unused_recovery_codes(user.id);
      if (!left) return std::move(left).error();
      codes_left = *left;
    }
    if (auto cleared = tx.sign_in_failures().clear(pending.account_key); !cleared) {
      return cleared.error();
    }
    StaffSession row{.id = session.id,
                     .user = user.id,
                     .secret_hash = to_stored(*secret_hash),
                     .wrapped_user_key = to_stored(*wrapped),
                     .client_label = clean_label(pending.attempt.client_label),
                     .created_at = now,
                     .last_seen_at = now,
                     .expires_at = session.expires_at};
    if (auto added = tx.sessions().add(row); !added) return added.error();
    AuditEvent event{.actor_kind = AuditActorKind::User,
                     .actor_id = user.id,
                     .action = recovery_hash ? AuditAction::RecoveryCodeUsed : AuditAction::SignIn,
                     .organisation = std::nullopt,
                     .object_kind = AuditObjectKind::User,
                     .object_id = user.id.str(),
                     .outcome = AuditOutcome::Ok};
    if (recovery_hash) {
      if (auto audited = audit_.append(tx, event); !audited) return audited.error();
      event.action = AuditAction::SignIn;
    }
    if (auto audited = audit_.append(tx, event); !audited) return audited.error();
    return codes_left;
  });
  if (!stored) return std::move(stored).error();
  session.recovery_codes_left = *stored;
  clients_.forget(pending.attempt.client_key);
  if (pending.rehash_password) rewrap_stronger(user.id, *pending.rehash_password, *user_sk);
  return session;
}

void SignInService::rewrap_stronger(domain::UserId const& user, vault::SecretBytes const& password,
                                    vault::SecretBytes const& user_sk) {
  // Best effort: the sign-in has succeeded and stays valid; the next one tries again.
  auto salt = vault::generate_password_salt();
  auto kek = vault::derive_kek(password, salt, params_);
  if (!kek) return log_rehash_failure(kek.error());
  auto wrapped = vault::wrap_user_key(*kek, params_, salt, user_sk);
  if (!wrapped) return log_rehash_failure(wrapped.error());
  auto stored = store_.in_transaction([&](Transaction& tx) {
    return tx.staff().rewrap_key(user, to_stored(*wrapped), clock_.now());
  });
  if (!stored) log_rehash_failure(stored.error());
}

Result<void> SignInService::record_failure(Pending const& pending) {
  clients_.record_failure(pending.attempt.client_key, clock_.now());
  return store_.in_transaction([&](Transaction& tx) -> Result<void> {
    if (auto recorded = tx.sign_in_failures().record(pending.account_key, clock_.now());
        !recorded) {
      return recorded;
    }
    // Only an existing account has an object to name; nobody signed in, so Anonymous.
    if (!pending.user) return {};
    AuditEvent event{.actor_kind = AuditActorKind::Anonymous,
                     .actor_id = std::nullopt,
                     .action = AuditAction::SignInFailed,
                     .organisation = std::nullopt,
                     .object_kind = AuditObjectKind::User,
                     .object_id = pending.user->id.str(),
                     .outcome = AuditOutcome::Denied};
    auto audited = audit_.append(tx, event);
    if (!audited) return audited.error();
    return {};
  });
}

}  // namespace haven::app
