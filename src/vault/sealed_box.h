// Small secrets sealed to a public key for a stated purpose (crypto_box_seal), e.g. a staff
// user's TOTP secret to their own key or their email address to their organisation's key.
// The purpose byte is bound into the sealed plaintext, so an envelope sealed for one purpose
// never opens as another. Layout: docs/formats/vault-envelopes.md (kind 0x08).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/result.h"
#include "vault/keypair.h"
#include "vault/secret_bytes.h"

namespace haven::vault {

// Values are stored on disk inside the envelope: never renumber or reuse one.
enum class SealedPurpose : std::uint8_t {
  TotpSecret = 1,
  StaffEmail = 2,
  // The one-time key of a timeline entry that arrived while no member's key was at hand.
  InboundEntryKey = 3,
};

// Largest plaintext seal_to accepts: these are small secrets, not files (seal_file).
inline constexpr std::size_t kMaxSealedBytes = 4096;

// Seals `plaintext` to `recipient` for `purpose`; anyone may seal, only the holder of the
// secret key can open. InvalidInput for a plaintext over kMaxSealedBytes. Thread-safe.
Result<std::vector<std::uint8_t>> seal_to(PublicKey const& recipient, SealedPurpose purpose,
                                          std::span<std::uint8_t const> plaintext);

// Opens an envelope made by seal_to with `recipient`'s keypair. Corruption for another
// recipient, another purpose, another envelope kind or version, or any altered byte; the
// plaintext comes back in guarded memory. InvalidInput for a wrong key size.
Result<SecretBytes> open_sealed(Keypair const& recipient, SealedPurpose purpose,
                                std::span<std::uint8_t const> envelope);

}  // namespace haven::vault
