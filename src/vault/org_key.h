// An organisation's X25519 secret key sealed to one member's public key (crypto_box_seal,
// DESIGN.md §3). Granting the org key to a member = storing one such envelope for them.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/result.h"
#include "vault/keypair.h"
#include "vault/secret_bytes.h"

namespace haven::vault {

inline constexpr std::size_t kSealedOrgKeyBytes = 2 + 48 + kSecretKeyBytes;

// Seals `org_sk` to `member_pk`; anyone may seal, only the member can open. InvalidInput
// for a wrong key size.
Result<std::vector<std::uint8_t>> seal_org_key(PublicKey const& member_pk,
                                               SecretBytes const& org_sk);

// Opens with the member's keypair and checks that the key inside belongs to `org_pk`, so an
// envelope copied from another organisation's grant is refused rather than silently used.
// Corruption for the wrong member, another org's key, or any altered byte.
Result<SecretBytes> open_org_key(Keypair const& member, PublicKey const& org_pk,
                                 std::span<std::uint8_t const> envelope);

}  // namespace haven::vault
