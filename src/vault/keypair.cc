#include "vault/keypair.h"

#include <sodium.h>

#include "vault/sodium_support.h"

namespace haven::vault {

static_assert(kPublicKeyBytes == crypto_box_PUBLICKEYBYTES);
static_assert(kSecretKeyBytes == crypto_box_SECRETKEYBYTES);

Keypair generate_keypair() {
  ensure_sodium();
  Keypair pair;
  pair.secret_key = SecretBytes(kSecretKeyBytes);
  crypto_box_keypair(pair.public_key.data(), pair.secret_key.data());
  return pair;
}

Result<PublicKey> public_key_of(SecretBytes const& secret_key) {
  if (secret_key.size() != kSecretKeyBytes) {
    return make_error(ErrorCode::InvalidInput, "secret key size");
  }
  ensure_sodium();
  PublicKey pk;
  crypto_scalarmult_base(pk.data(), secret_key.data());
  return pk;
}

}  // namespace haven::vault
