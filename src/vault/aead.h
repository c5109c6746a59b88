// Internal to vault: XChaCha20-Poly1305-IETF with a random 24-byte nonce, the one AEAD every
// envelope uses. Random nonces are safe at 192 bits; no counter state to lose or repeat.
#pragma once

#include <cstdint>
#include <span>

#include "core/result.h"
#include "vault/secret_bytes.h"
#include "vault/sodium_support.h"

namespace haven::vault {

inline constexpr std::size_t kAeadKeyBytes = 32;
inline constexpr std::size_t kAeadNonceBytes = 24;
inline constexpr std::size_t kAeadTagBytes = 16;

// Appends nonce ‖ ciphertext ‖ tag to `out`. `key` must be kAeadKeyBytes (asserted).
void aead_append_sealed(Bytes& out, SecretBytes const& key, std::span<std::uint8_t const> aad,
                        std::span<std::uint8_t const> plaintext);

// Opens nonce ‖ ciphertext ‖ tag into `out` (exactly sealed.size() − 40 bytes). Corruption
// for a wrong key, wrong AAD, or any altered byte (indistinguishable by design).
Result<void> aead_open(std::span<std::uint8_t> out, SecretBytes const& key,
                       std::span<std::uint8_t const> aad, std::span<std::uint8_t const> sealed,
                       char const* what);

}  // namespace haven::vault
