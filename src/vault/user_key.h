// A user's X25519 secret key wrapped by the KEK from their password (DESIGN.md §3). The
// envelope carries the Argon2id parameters and salt, so login can re-derive the KEK and
// `needs_rehash` can ask for an upgrade. Layout: docs/formats/vault-envelopes.md.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/result.h"
#include "vault/keypair.h"
#include "vault/password_kek.h"
#include "vault/secret_bytes.h"

namespace haven::vault {

inline constexpr std::size_t kWrappedUserKeyBytes = 106;

struct WrappedUserKeyHeader {
  PasswordParams params;
  PasswordSalt salt;
};

// Wraps `user_sk` under `kek`, which the caller derived with `params` and `salt`
// (derive_kek / PasswordHasher). The header is authenticated as AAD, so changing the stored
// parameters or salt makes the envelope fail to open. InvalidInput for wrong key sizes.
Result<std::vector<std::uint8_t>> wrap_user_key(SecretBytes const& kek,
                                                PasswordParams const& params,
                                                PasswordSalt const& salt,
                                                SecretBytes const& user_sk);

// Step one of a login: the parameters and salt to run Argon2id with. Corruption for a
// malformed envelope or out-of-range parameters. Not authenticated until unwrap succeeds.
Result<WrappedUserKeyHeader> read_wrapped_user_key_header(std::span<std::uint8_t const> envelope);

// Step two: the user's secret key. Corruption for a wrong password (wrong KEK) or any
// altered byte; the two cannot be told apart, and the caller reports "wrong password".
Result<SecretBytes> unwrap_user_key(SecretBytes const& kek, std::span<std::uint8_t const> envelope);

// True if the envelope was made with parameters weaker than `current` in any dimension: after
// a successful login, derive a new KEK with `current` and a new salt and re-wrap.
Result<bool> needs_rehash(std::span<std::uint8_t const> envelope, PasswordParams const& current);

}  // namespace haven::vault
