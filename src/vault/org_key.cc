#include "vault/org_key.h"

#include <sodium.h>

#include "vault/sodium_support.h"

namespace haven::vault {

namespace {
constexpr std::uint8_t kKind = static_cast<std::uint8_t>(EnvelopeKind::SealedOrgKey);
static_assert(kSealedOrgKeyBytes == 2 + crypto_box_SEALBYTES + crypto_box_SECRETKEYBYTES);
}  // namespace

Result<std::vector<std::uint8_t>> seal_org_key(PublicKey const& member_pk,
                                               SecretBytes const& org_sk) {
  if (org_sk.size() != kSecretKeyBytes) {
    return make_error(ErrorCode::InvalidInput, "seal_org_key: key size");
  }
  ensure_sodium();
  Bytes out(kSealedOrgKeyBytes);
  out[0] = kEnvelopeVersion1;
  out[1] = kKind;
  crypto_box_seal(&out[2], org_sk.data(), org_sk.size(), member_pk.data());
  return out;
}

Result<SecretBytes> open_org_key(Keypair const& member, PublicKey const& org_pk,
                                 std::span<std::uint8_t const> envelope) {
  auto header = check_header(envelope, kEnvelopeVersion1, kKind, kSealedOrgKeyBytes, "org key");
  if (!header) return std::move(header).error();
  if (envelope.size() != kSealedOrgKeyBytes) {
    return make_error(ErrorCode::Corruption, "org key: envelope length");
  }
  if (member.secret_key.size() != kSecretKeyBytes) {
    return make_error(ErrorCode::InvalidInput, "open_org_key: key size");
  }
  SecretBytes org_sk(kSecretKeyBytes);
  if (crypto_box_seal_open(org_sk.data(), &envelope[2], envelope.size() - 2,
                           member.public_key.data(), member.secret_key.data()) != 0) {
    return make_error(ErrorCode::Corruption, "org key: authentication failed");
  }
  auto derived = public_key_of(org_sk);
  if (!derived || sodium_memcmp(derived->data(), org_pk.data(), kPublicKeyBytes) != 0) {
    return make_error(ErrorCode::Corruption, "org key: belongs to another organisation");
  }
  return org_sk;
}

}  // namespace haven::vault
