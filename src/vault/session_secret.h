// Session secrets (DESIGN.md §3): the cookie holds session id + a 32-byte secret; the server
// stores only the secret's hash and the unlocked user_sk wrapped under a key derived from
// the secret, so a seized session table unlocks nothing and any instance can serve it.
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

inline constexpr std::size_t kSessionSecretBytes = 32;
inline constexpr std::size_t kSessionWrappedUserKeyBytes = 2 + 24 + 32 + 16;
using SessionSecretHash = std::array<std::uint8_t, 32>;

SecretBytes generate_session_secret();

// The cookie's text form: 64 lower-case hex digits. Decoding goes straight into guarded
// memory. InvalidInput for anything but 64 hex digits (either case).
std::string session_secret_to_hex(SecretBytes const& session_secret);
Result<SecretBytes> session_secret_from_hex(std::string_view text);

// BLAKE2b under its own personalisation, distinct from the wrapping key's derivation, so the
// stored hash says nothing about the key. InvalidInput unless kSessionSecretBytes.
Result<SessionSecretHash> hash_session_secret(SecretBytes const& session_secret);

// Constant-time: the stored hash is compared with the hash of what the cookie presented.
// False for a secret of the wrong size.
bool verify_session_secret(SecretBytes const& session_secret, SessionSecretHash const& stored);

// Wraps the unlocked `user_sk` for the session `session_id` (authenticated as AAD, so the
// envelope cannot be moved to another session row). InvalidInput for wrong key sizes.
Result<std::vector<std::uint8_t>> wrap_user_key_for_session(SecretBytes const& session_secret,
                                                            std::string_view session_id,
                                                            SecretBytes const& user_sk);

// Corruption for another session's secret or id, or any altered byte.
Result<SecretBytes> unwrap_user_key_for_session(SecretBytes const& session_secret,
                                                std::string_view session_id,
                                                std::span<std::uint8_t const> envelope);

}  // namespace haven::vault
