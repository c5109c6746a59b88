#include "app/own_account.h"

#include <memory>
#include <utility>

#include "app/staff_service.h"
#include "app/stored_bytes.h"
#include "vault/recovery_codes.h"
#include "vault/user_key.h"

namespace haven::app {

namespace {

AuditEvent about_self(SignedInStaff const& staff, AuditAction action) {
  auto event = AuditEvent::by(staff.actor, action);
  event.object_kind = AuditObjectKind::User;
  event.object_id = staff.actor.user_id()->str();
  return event;
}

}  // namespace

Result<std::size_t> OwnAccount::change_password(SignedInStaff const& staff,
                                                vault::SecretBytes current,
                                                vault::SecretBytes replacement) {
  auto const& id = *staff.actor.user_id();
  if (auto good = check_new_password(replacement); !good) return std::move(good).error();
  if (current.empty() || current.size() > kMaxPasswordBytes) {
    return make_error(ErrorCode::PermissionDenied, "wrong current password");
  }
  auto user = store_.in_transaction([&](Transaction& tx) { return tx.staff().find_user(id); },
                                    TransactionMode::ReadOnly);
  if (!user) return std::move(user).error();
  auto envelope = stored_bytes(user->key_envelope);
  auto header = vault::read_wrapped_user_key_header(envelope);
  if (!header) return std::move(header).error();
  auto kek = vault::derive_kek(current, header->salt, header->params);
  current.wipe();
  if (!kek) return std::move(kek).error();
  auto user_sk = vault::unwrap_user_key(*kek, envelope);
  if (!user_sk) return make_error(ErrorCode::PermissionDenied, "wrong current password");

  auto salt = vault::generate_password_salt();
  auto new_kek = vault::derive_kek(replacement, salt, params_);
  replacement.wipe();
  if (!new_kek) return std::move(new_kek).error();
  auto wrapped = vault::wrap_user_key(*new_kek, params_, salt, *user_sk);
  if (!wrapped) return std::move(wrapped).error();

  return store_.in_transaction([&](Transaction& tx) -> Result<std::size_t> {
    // The envelope read above must still be the stored one: a password changed meanwhile
    // (another session) wins, and this request fails rather than undo it.
    auto again = tx.staff().find_user(id);
    if (!again) return again.error();
    if (again->key_envelope != user->key_envelope) {
      return make_error(ErrorCode::Conflict, "the password was changed meanwhile");
    }
    if (auto stored = tx.staff().rewrap_key(id, to_stored(*wrapped), clock_.now()); !stored) {
      return stored.error();
    }
    auto ended = tx.sessions().remove_for_user(id, staff.session);
    if (!ended) return ended;
    auto audited = audit_.append(tx, about_self(staff, AuditAction::PasswordChanged));
    if (!audited) return audited.error();
    return ended;
  });
}

void OwnAccount::change_password_async(SignedInStaff staff, vault::SecretBytes current,
                                       vault::SecretBytes replacement, PasswordChanged done) {
  // std::function wants a copyable task; the secrets are move-only, so they travel shared.
  struct Pending {
    SignedInStaff staff;
    vault::SecretBytes current;
    vault::SecretBytes replacement;
    PasswordChanged done;
  };
  auto pending = std::make_shared<Pending>(
      Pending{std::move(staff), std::move(current), std::move(replacement), std::move(done)});
  auto queued = hasher_.run_async([this, pending] {
    pending->done(change_password(pending->staff, std::move(pending->current),
                                  std::move(pending->replacement)));
  });
  if (!queued) {
    pending->current.wipe();
    pending->replacement.wipe();
    pending->done(std::move(queued).error());
  }
}

Result<std::vector<std::string>> OwnAccount::renew_recovery_codes(SignedInStaff const& staff) {
  auto const& id = *staff.actor.user_id();
  auto codes = vault::generate_recovery_codes(pepper_, id.str());
  if (!codes) return std::move(codes).error();
  std::vector<std::string> hashes;
  for (auto const& hash : codes->hashes) hashes.push_back(to_stored(hash));
  auto stored = store_.in_transaction([&](Transaction& tx) -> Result<void> {
    if (auto replaced = tx.staff().replace_recovery_codes(id, hashes, clock_.now()); !replaced) {
      return replaced;
    }
    auto audited = audit_.append(tx, about_self(staff, AuditAction::RecoveryCodesRenewed));
    if (!audited) return audited.error();
    return {};
  });
  if (!stored) return std::move(stored).error();
  return std::move(codes->codes);
}

Result<int> OwnAccount::unused_recovery_codes(SignedInStaff const& staff) {
  return store_.in_transaction(
      [&](Transaction& tx) {
        return tx.staff().count_unused_recovery_codes(*staff.actor.user_id());
      },
      TransactionMode::ReadOnly);
}

}  // namespace haven::app
