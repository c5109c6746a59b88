// X25519 keypairs (crypto_box) for users, organisations and codename holders, and anonymous
// sealing to a public key (crypto_box_seal): DESIGN.md §3's "sealed to".
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "core/result.h"
#include "vault/secret_bytes.h"

namespace haven::vault {

inline constexpr std::size_t kPublicKeyBytes = 32;  // crypto_box_PUBLICKEYBYTES
inline constexpr std::size_t kSecretKeyBytes = 32;  // crypto_box_SECRETKEYBYTES
using PublicKey = std::array<std::uint8_t, kPublicKeyBytes>;

// Move-only (owns the secret key). Public keys are not secret and may be stored as they are.
struct Keypair {
  PublicKey public_key{};
  SecretBytes secret_key;
};

// A fresh keypair from the OS CSPRNG.
Keypair generate_keypair();
// The public key of `secret_key`; InvalidInput unless it is kSecretKeyBytes long.
Result<PublicKey> public_key_of(SecretBytes const& secret_key);

}  // namespace haven::vault
