#include "vault/digest.h"

#include <sodium.h>

#include "vault/sodium_support.h"

namespace haven::vault {

Digest digest(std::span<std::uint8_t const> bytes) {
  ensure_sodium();
  Digest out;
  crypto_generichash(out.data(), out.size(), bytes.data(), bytes.size(), nullptr, 0);
  return out;
}

namespace {

Digest hash_parts(std::uint8_t const* key, std::size_t key_size,
                  std::initializer_list<std::span<std::uint8_t const>> parts) {
  ensure_sodium();
  crypto_generichash_state state;
  crypto_generichash_init(&state, key, key_size, kDigestBytes);
  for (auto part : parts) {
    Bytes length;
    append_u64(length, part.size());
    crypto_generichash_update(&state, length.data(), length.size());
    crypto_generichash_update(&state, part.data(), part.size());
  }
  Digest out;
  crypto_generichash_final(&state, out.data(), out.size());
  return out;
}

}  // namespace

Digest digest_parts(std::initializer_list<std::span<std::uint8_t const>> parts) {
  return hash_parts(nullptr, 0, parts);
}

Result<Digest> keyed_digest_parts(SecretBytes const& key,
                                  std::initializer_list<std::span<std::uint8_t const>> parts) {
  if (key.size() != kDigestKeyBytes) {
    return make_error(ErrorCode::InvalidInput, "digest key must be 32 bytes");
  }
  return hash_parts(key.data(), key.size(), parts);
}

}  // namespace haven::vault
