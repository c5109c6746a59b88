#include "app/account_keys.h"

#include <cstring>
#include <utility>

#include "app/stored_bytes.h"
#include "vault/sealed_box.h"
#include "vault/user_key.h"

namespace haven::app {

Result<AccountKeys> make_account_keys(vault::SecretBytes const& password,
                                      vault::PasswordParams const& params,
                                      vault::SecretBytes totp_secret) {
  auto salt = vault::generate_password_salt();
  auto kek = vault::derive_kek(password, salt, params);
  if (!kek) return std::move(kek).error();
  AccountKeys keys{.user = vault::generate_keypair(),
                   .key_envelope = {},
                   .totp_secret = std::move(totp_secret),
                   .totp_envelope = {}};
  auto wrapped = vault::wrap_user_key(*kek, params, salt, keys.user.secret_key);
  if (!wrapped) return std::move(wrapped).error();
  keys.key_envelope = to_stored(*wrapped);
  auto totp = vault::seal_to(keys.user.public_key, vault::SealedPurpose::TotpSecret,
                             keys.totp_secret.span());
  if (!totp) return std::move(totp).error();
  keys.totp_envelope = to_stored(*totp);
  return keys;
}

StaffUser new_staff_user(domain::UserId id, std::string email_lookup, std::string email_ciphertext,
                         domain::Language language, AccountKeys const& keys, TimePoint now) {
  return StaffUser{.id = std::move(id),
                   .email_lookup = std::move(email_lookup),
                   .email_ciphertext = std::move(email_ciphertext),
                   .display_name_ciphertext = std::nullopt,
                   .preferred_language = language,
                   .state = domain::AccountState::Active,
                   .network_admin = domain::NetworkAdmin::No,
                   .key_envelope = keys.key_envelope,
                   .public_key = to_stored(keys.user.public_key),
                   .totp_envelope = keys.totp_envelope,
                   .totp_last_step = std::nullopt,
                   .created_at = now,
                   .updated_at = now};
}

Result<vault::PublicKey> read_public_key(std::string_view stored) {
  vault::PublicKey pk{};
  if (stored.size() != pk.size()) return make_error(ErrorCode::Corruption, "public key size");
  std::memcpy(pk.data(), stored.data(), pk.size());
  return pk;
}

}  // namespace haven::app
