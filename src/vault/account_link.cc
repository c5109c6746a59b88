#include "vault/account_link.h"

#include <sodium.h>

#include "core/hex.h"
#include "vault/sodium_support.h"
#include "vault/totp.h"

namespace haven::vault {

SecretBytes generate_account_link_secret() { return SecretBytes::random(kAccountLinkSecretBytes); }

std::string account_link_secret_to_hex(SecretBytes const& secret) { return to_hex(secret.span()); }

Result<SecretBytes> account_link_secret_from_hex(std::string_view text) {
  return secret_from_hex(text, kAccountLinkSecretBytes, "account link");
}

Result<AccountLinkHash> hash_account_link_secret(SecretBytes const& secret) {
  if (secret.size() != kAccountLinkSecretBytes) {
    return make_error(ErrorCode::InvalidInput, "account link: secret size");
  }
  AccountLinkHash out;
  blake2b(out, {}, std::string_view("haven.link.hash1", 16), {secret.span()});
  return out;
}

bool verify_account_link_secret(SecretBytes const& secret, AccountLinkHash const& stored) {
  auto hash = hash_account_link_secret(secret);
  if (!hash) return false;
  return sodium_memcmp(hash->data(), stored.data(), stored.size()) == 0;
}

Result<SecretBytes> enrolment_totp_secret(SecretBytes const& link_secret) {
  if (link_secret.size() != kAccountLinkSecretBytes) {
    return make_error(ErrorCode::InvalidInput, "account link: secret size");
  }
  SecretBytes out(kTotpSecretBytes);
  blake2b(out.span(), link_secret.span(), std::string_view("haven.link.totp1", 16), {});
  return out;
}

}  // namespace haven::vault
