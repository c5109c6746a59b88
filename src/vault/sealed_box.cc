#include "vault/sealed_box.h"

#include <sodium.h>

#include <algorithm>

#include "vault/sodium_support.h"

namespace haven::vault {

namespace {

constexpr std::uint8_t kKind = static_cast<std::uint8_t>(EnvelopeKind::SealedBox);
// [version, kind, purpose] in clear, then crypto_box_seal(purpose ‖ plaintext).
constexpr std::size_t kHeaderBytes = 3;
constexpr std::size_t kMinEnvelopeBytes = kHeaderBytes + crypto_box_SEALBYTES + 1;

}  // namespace

Result<std::vector<std::uint8_t>> seal_to(PublicKey const& recipient, SealedPurpose purpose,
                                          std::span<std::uint8_t const> plaintext) {
  if (plaintext.size() > kMaxSealedBytes) {
    return make_error(ErrorCode::InvalidInput, "seal_to: plaintext too large");
  }
  ensure_sodium();
  // The purpose goes inside the seal as well as in the clear header: crypto_box_seal has
  // no AAD, and the header alone could be rewritten to make one purpose pass for another.
  SecretBytes inner(1 + plaintext.size());
  inner.data()[0] = static_cast<std::uint8_t>(purpose);
  std::copy(plaintext.begin(), plaintext.end(), inner.data() + 1);
  Bytes out(kHeaderBytes + crypto_box_SEALBYTES + inner.size());
  out[0] = kEnvelopeVersion1;
  out[1] = kKind;
  out[2] = static_cast<std::uint8_t>(purpose);
  crypto_box_seal(&out[kHeaderBytes], inner.data(), inner.size(), recipient.data());
  return out;
}

Result<SecretBytes> open_sealed(Keypair const& recipient, SealedPurpose purpose,
                                std::span<std::uint8_t const> envelope) {
  auto header = check_header(envelope, kEnvelopeVersion1, kKind, kMinEnvelopeBytes, "sealed box");
  if (!header) return std::move(header).error();
  if (recipient.secret_key.size() != kSecretKeyBytes) {
    return make_error(ErrorCode::InvalidInput, "open_sealed: key size");
  }
  if (envelope[2] != static_cast<std::uint8_t>(purpose)) {
    return make_error(ErrorCode::Corruption, "sealed box: wrong purpose");
  }
  auto sealed = envelope.subspan(kHeaderBytes);
  SecretBytes inner(sealed.size() - crypto_box_SEALBYTES);
  if (crypto_box_seal_open(inner.data(), sealed.data(), sealed.size(), recipient.public_key.data(),
                           recipient.secret_key.data()) != 0) {
    return make_error(ErrorCode::Corruption, "sealed box: authentication failed");
  }
  if (inner.data()[0] != static_cast<std::uint8_t>(purpose)) {
    return make_error(ErrorCode::Corruption, "sealed box: wrong purpose");
  }
  return SecretBytes::copy_of(inner.span().subspan(1));
}

}  // namespace haven::vault
