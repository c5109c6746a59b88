#include "vault/codename_keys.h"

#include <sodium.h>

#include "vault/keyed_hash.h"
#include "vault/sodium_support.h"

namespace haven::vault {

Result<CodenameKeys> derive_codename_keys(SecretBytes const& pepper,
                                          std::string_view normalised_codename) {
  if (pepper.size() != kPepperBytes || normalised_codename.empty()) {
    return make_error(ErrorCode::InvalidInput, "codename: pepper size or empty codename");
  }
  CodenameKeys keys;
  blake2b(keys.lookup_id, pepper.span(), std::string_view("haven.cn.look.v1", 16),
          {as_bytes(normalised_codename)});
  SecretBytes seed(crypto_box_SEEDBYTES);
  blake2b(seed.span(), pepper.span(), std::string_view("haven.cn.seed.v1", 16),
          {as_bytes(normalised_codename)});
  keys.keypair.secret_key = SecretBytes(kSecretKeyBytes);
  crypto_box_seed_keypair(keys.keypair.public_key.data(), keys.keypair.secret_key.data(),
                          seed.data());
  return keys;
}

}  // namespace haven::vault
