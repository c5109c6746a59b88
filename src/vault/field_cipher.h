// Encryption of one sensitive field (a name, a narrative, a note) under its case's DEK
// with XChaCha20-Poly1305 (DESIGN.md §3). AAD binds the ciphertext to its object id and field
// name, so it cannot be moved into another field or another object unnoticed.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "vault/secret_bytes.h"

namespace haven::vault {

// Overhead of seal_field over the plaintext: version, kind, nonce, tag.
inline constexpr std::size_t kFieldOverheadBytes = 2 + 24 + 16;

// `dek` is a 32-byte case key (InvalidInput otherwise). Thread-safe; a fresh random nonce
// per call, so sealing the same text twice gives different envelopes.
Result<std::vector<std::uint8_t>> seal_field(SecretBytes const& dek, std::string_view object_id,
                                             std::string_view field_name,
                                             std::string_view plaintext);

// Corruption for a wrong DEK, another object id or field name, or any altered byte.
Result<std::string> open_field(SecretBytes const& dek, std::string_view object_id,
                               std::string_view field_name, std::span<std::uint8_t const> envelope);

}  // namespace haven::vault
