// Case data keys (DEKs, 32 random bytes) sealed to an organisation's public key (DESIGN.md
// §3): the server can open a case for an org without holding any key. The case id is sealed
// in with the DEK, so a sealed key moved to another case's row is refused.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "vault/keypair.h"
#include "vault/secret_bytes.h"

namespace haven::vault {

inline constexpr std::size_t kCaseKeyBytes = 32;

// A fresh DEK from the OS CSPRNG.
SecretBytes generate_case_key();

// Seals `dek` ‖ `case_id` to `org_pk`. InvalidInput for a wrong DEK size or a case id over
// 255 bytes.
Result<std::vector<std::uint8_t>> seal_case_key(PublicKey const& org_pk, std::string_view case_id,
                                                SecretBytes const& dek);

// Opens with the organisation's keypair. Corruption for another org's key, another case's
// envelope, or any altered byte.
Result<SecretBytes> open_case_key(Keypair const& org, std::string_view case_id,
                                  std::span<std::uint8_t const> envelope);

}  // namespace haven::vault
