#include "vault/aead.h"

#include <sodium.h>

#include <cassert>
#include <string>

namespace haven::vault {

static_assert(kAeadKeyBytes == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
static_assert(kAeadNonceBytes == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
static_assert(kAeadTagBytes == crypto_aead_xchacha20poly1305_ietf_ABYTES);

void aead_append_sealed(Bytes& out, SecretBytes const& key, std::span<std::uint8_t const> aad,
                        std::span<std::uint8_t const> plaintext) {
  assert(key.size() == kAeadKeyBytes);
  ensure_sodium();
  std::size_t const start = out.size();
  out.resize(start + kAeadNonceBytes + plaintext.size() + kAeadTagBytes);
  std::uint8_t* nonce = out.data() + start;
  randombytes_buf(nonce, kAeadNonceBytes);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + kAeadNonceBytes, &written, plaintext.data(),
                                             plaintext.size(), aad.data(), aad.size(), nullptr,
                                             nonce, key.data());
  assert(written == plaintext.size() + kAeadTagBytes);
}

Result<void> aead_open(std::span<std::uint8_t> out, SecretBytes const& key,
                       std::span<std::uint8_t const> aad, std::span<std::uint8_t const> sealed,
                       char const* what) {
  if (key.size() != kAeadKeyBytes) {
    return make_error(ErrorCode::InvalidInput, std::string(what) + ": key size");
  }
  if (sealed.size() < kAeadNonceBytes + kAeadTagBytes ||
      out.size() != sealed.size() - kAeadNonceBytes - kAeadTagBytes) {
    return make_error(ErrorCode::Corruption, std::string(what) + ": envelope length");
  }
  unsigned long long written = 0;
  std::uint8_t const* nonce = sealed.data();
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          out.data(), &written, nullptr, nonce + kAeadNonceBytes, sealed.size() - kAeadNonceBytes,
          aad.data(), aad.size(), nonce, key.data()) != 0) {
    return make_error(ErrorCode::Corruption, std::string(what) + ": authentication failed");
  }
  return {};
}

}  // namespace haven::vault
