#include "vault/password_kek.h"

#include <sodium.h>

#include "vault/sodium_support.h"

namespace haven::vault {

namespace {
static_assert(kPasswordSaltBytes == crypto_pwhash_SALTBYTES);
}  // namespace

PasswordParams PasswordParams::production() {
  static_assert(crypto_pwhash_MEMLIMIT_INTERACTIVE == 64u * 1024 * 1024);
  return PasswordParams(3, crypto_pwhash_MEMLIMIT_INTERACTIVE);
}

PasswordParams PasswordParams::for_tests() {
  return PasswordParams(crypto_pwhash_argon2id_OPSLIMIT_MIN, crypto_pwhash_argon2id_MEMLIMIT_MIN);
}

Result<PasswordParams> PasswordParams::from_stored(std::uint64_t opslimit, std::uint64_t memlimit) {
  if (opslimit < crypto_pwhash_argon2id_OPSLIMIT_MIN || opslimit > kMaxOpslimit ||
      memlimit < crypto_pwhash_argon2id_MEMLIMIT_MIN || memlimit > kMaxMemlimit) {
    return make_error(ErrorCode::Corruption, "password parameters out of range");
  }
  return PasswordParams(opslimit, memlimit);
}

bool PasswordParams::is_at_least(PasswordParams const& other) const {
  return opslimit_ >= other.opslimit_ && memlimit_ >= other.memlimit_;
}

PasswordSalt generate_password_salt() {
  ensure_sodium();
  PasswordSalt salt;
  randombytes_buf(salt.data(), salt.size());
  return salt;
}

Result<SecretBytes> derive_kek(SecretBytes const& password, PasswordSalt const& salt,
                               PasswordParams const& params) {
  ensure_sodium();
  if (password.size() > kMaxKekPasswordBytes) {
    return make_error(ErrorCode::InvalidInput, "password too long");
  }
  SecretBytes kek(kKekBytes);
  // An empty SecretBytes has a null data(); libsodium wants a valid pointer even for 0 bytes.
  static char const kEmpty = 0;
  char const* input = password.empty() ? &kEmpty : reinterpret_cast<char const*>(password.data());
  if (crypto_pwhash(kek.data(), kek.size(), input, password.size(), salt.data(), params.opslimit(),
                    static_cast<std::size_t>(params.memlimit()),
                    crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return make_error(ErrorCode::Unavailable, "argon2id: out of memory");
  }
  return kek;
}

}  // namespace haven::vault
