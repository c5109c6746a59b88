#include "vault/case_key.h"

#include <sodium.h>

#include <cstring>

#include "vault/sodium_support.h"

namespace haven::vault {

namespace {
constexpr std::uint8_t kKind = static_cast<std::uint8_t>(EnvelopeKind::SealedCaseKey);
constexpr std::size_t kMaxCaseIdBytes = 255;
constexpr std::size_t kMinBytes = 2 + crypto_box_SEALBYTES + kCaseKeyBytes;
}  // namespace

SecretBytes generate_case_key() { return SecretBytes::random(kCaseKeyBytes); }

Result<std::vector<std::uint8_t>> seal_case_key(PublicKey const& org_pk, std::string_view case_id,
                                                SecretBytes const& dek) {
  if (dek.size() != kCaseKeyBytes || case_id.size() > kMaxCaseIdBytes) {
    return make_error(ErrorCode::InvalidInput, "seal_case_key: key or id size");
  }
  ensure_sodium();
  SecretBytes plaintext(kCaseKeyBytes + case_id.size());
  std::memcpy(plaintext.data(), dek.data(), kCaseKeyBytes);
  if (!case_id.empty())
    std::memcpy(plaintext.data() + kCaseKeyBytes, case_id.data(), case_id.size());
  Bytes out(2 + crypto_box_SEALBYTES + plaintext.size());
  out[0] = kEnvelopeVersion1;
  out[1] = kKind;
  crypto_box_seal(&out[2], plaintext.data(), plaintext.size(), org_pk.data());
  return out;
}

Result<SecretBytes> open_case_key(Keypair const& org, std::string_view case_id,
                                  std::span<std::uint8_t const> envelope) {
  auto header = check_header(envelope, kEnvelopeVersion1, kKind, kMinBytes, "case key");
  if (!header) return std::move(header).error();
  if (org.secret_key.size() != kSecretKeyBytes) {
    return make_error(ErrorCode::InvalidInput, "open_case_key: key size");
  }
  std::size_t const plain_size = envelope.size() - 2 - crypto_box_SEALBYTES;
  if (plain_size != kCaseKeyBytes + case_id.size()) {
    return make_error(ErrorCode::Corruption, "case key: sealed for another case");
  }
  SecretBytes plaintext(plain_size);
  if (crypto_box_seal_open(plaintext.data(), &envelope[2], envelope.size() - 2,
                           org.public_key.data(), org.secret_key.data()) != 0) {
    return make_error(ErrorCode::Corruption, "case key: authentication failed");
  }
  if (!case_id.empty() &&
      std::memcmp(plaintext.data() + kCaseKeyBytes, case_id.data(), case_id.size()) != 0) {
    return make_error(ErrorCode::Corruption, "case key: sealed for another case");
  }
  return SecretBytes::copy_of(plaintext.span().first(kCaseKeyBytes));
}

}  // namespace haven::vault
