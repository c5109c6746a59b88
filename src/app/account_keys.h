// The secret half of a staff account, shared by the use cases that make one (StaffService at
// the console, AccountLinks for invitations and resets): a keypair wrapped under the
// password's KEK and the TOTP secret sealed to the user's own key. Made before the
// transaction: Argon2id is slow and must not hold the database's write slot.
#pragma once

#include <string>
#include <string_view>

#include "app/ports/staff_repository.h"
#include "core/result.h"
#include "domain/ids.h"
#include "domain/language.h"
#include "vault/keypair.h"
#include "vault/password_kek.h"
#include "vault/secret_bytes.h"

namespace haven::app {

struct AccountKeys {
  vault::Keypair user;
  std::string key_envelope;
  vault::SecretBytes totp_secret;
  std::string totp_envelope;
};

// Runs Argon2id on the calling thread.
Result<AccountKeys> make_account_keys(vault::SecretBytes const& password,
                                      vault::PasswordParams const& params,
                                      vault::SecretBytes totp_secret);

// The row of a new account holding `keys`: active, not a network admin, no display name,
// no TOTP step used yet. The email arrives as its keyed lookup hash and its sealed copy.
StaffUser new_staff_user(domain::UserId id, std::string email_lookup, std::string email_ciphertext,
                         domain::Language language, AccountKeys const& keys, TimePoint now);

// A stored X25519 public key; Corruption for a wrong size.
Result<vault::PublicKey> read_public_key(std::string_view stored);

}  // namespace haven::app
