// Recovery codes for a lost second factor: ten single-use codes shown once, stored only as
// keyed BLAKE2b hashes (pepper from the config file, bound to the user id).
//
// Why a keyed hash and not Argon2id: a code has ~49.5 bits of entropy and is useless without
// the password (it replaces TOTP, not the key), and the pepper is not in the database, so a
// seized database alone cannot be searched; Argon2id would cost ten derivations per attempt
// and make the pool a lever for denial of service.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "vault/secret_bytes.h"

namespace haven::vault {

inline constexpr std::size_t kRecoveryCodeCount = 10;
// Characters of the code, excluding the '-' shown after the fifth for readability.
inline constexpr std::size_t kRecoveryCodeLength = 10;
// Digits and lower-case letters without 0/o, 1/l/i: nothing to misread on paper.
inline constexpr std::string_view kRecoveryAlphabet = "23456789abcdefghjkmnpqrstuvwxyz";

using RecoveryCodeHash = std::array<std::uint8_t, 32>;

struct RecoveryCodes {
  std::vector<std::string> codes;        // "xxxxx-xxxxx": show once, never store
  std::vector<RecoveryCodeHash> hashes;  // store these, one row each
};

// InvalidInput unless the pepper is 32 bytes.
Result<RecoveryCodes> generate_recovery_codes(SecretBytes const& pepper, std::string_view user_id);

// Which of the still-unused `hashes` the entered code matches (case, spaces and '-' ignored).
// Every hash is compared, in constant time. The caller deletes the matched hash in the same
// transaction that accepts it: that deletion is what makes a code single use.
// PermissionDenied for no match (or a malformed code); InvalidInput for a bad pepper.
Result<std::size_t> match_recovery_code(SecretBytes const& pepper, std::string_view user_id,
                                        std::string_view entered,
                                        std::span<RecoveryCodeHash const> hashes);

// The stored hash the entered code would have (case, spaces and '-' ignored), for a lookup
// by hash: the store marks the row used in the transaction that accepts the sign-in, and a
// second use finds no unused row. PermissionDenied for a malformed code; InvalidInput for a
// bad pepper.
Result<RecoveryCodeHash> recovery_code_hash(SecretBytes const& pepper, std::string_view user_id,
                                            std::string_view entered);

}  // namespace haven::vault
