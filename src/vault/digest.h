// Unkeyed BLAKE2b-256 digests for integrity, not secrecy: the hash chain of the audit log,
// content addresses. Never for passwords (use password_kek.h) or low-entropy handles
// (use keyed_hash.h).
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <span>

#include "core/result.h"
#include "vault/secret_bytes.h"

namespace haven::vault {

inline constexpr std::size_t kDigestBytes = 32;
using Digest = std::array<std::uint8_t, kDigestBytes>;

// Plain BLAKE2b with a 32-byte output (RFC 7693), no key, no personalisation. Thread-safe.
Digest digest(std::span<std::uint8_t const> bytes);

// BLAKE2b-256 over each part preceded by its length (u64 little-endian), so parts cannot be
// re-split: ("ab","c") and ("a","bc") differ. For chaining: digest_parts({previous, entry}).
Digest digest_parts(std::initializer_list<std::span<std::uint8_t const>> parts);

inline constexpr std::size_t kDigestKeyBytes = 32;

// digest_parts keyed with a secret kept outside the database (a MAC): whoever holds only
// the database cannot recompute it, so a rewritten audit log is detected. InvalidInput
// unless `key` is kDigestKeyBytes long. Thread-safe.
Result<Digest> keyed_digest_parts(SecretBytes const& key,
                                  std::initializer_list<std::span<std::uint8_t const>> parts);

}  // namespace haven::vault
