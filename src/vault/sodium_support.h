// Internal to vault (not for other layers): libsodium start-up and the little byte helpers
// every envelope shares (little-endian integers, length-prefixed AAD, header checks).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "vault/secret_bytes.h"

namespace haven::vault {

// Initialises libsodium once (thread-safe); aborts if it cannot, as Haven cannot run without.
void ensure_sodium();

using Bytes = std::vector<std::uint8_t>;

void append_u32(Bytes& out, std::uint32_t value);
void append_u64(Bytes& out, std::uint64_t value);
std::uint32_t read_u32(std::uint8_t const* in);
std::uint64_t read_u64(std::uint8_t const* in);
void append_bytes(Bytes& out, std::span<std::uint8_t const> bytes);
void append_text(Bytes& out, std::string_view text);
// u32 little-endian length, then the bytes: concatenations that cannot be re-split.
void append_prefixed(Bytes& out, std::string_view text);

std::span<std::uint8_t const> as_bytes(std::string_view text);

// Exactly 2 × `size` hex digits (either case) decoded straight into guarded memory.
// InvalidInput otherwise; the detail starts with `what`.
Result<SecretBytes> secret_from_hex(std::string_view text, std::size_t size, std::string_view what);

// Every envelope starts with [version, kind]; anything else is Corruption. Detail names
// the envelope (never its content).
Result<void> check_header(std::span<std::uint8_t const> envelope, std::uint8_t version,
                          std::uint8_t kind, std::size_t min_size, std::string_view what);

// Byte 0 of every envelope. Bump per envelope kind when its layout changes.
inline constexpr std::uint8_t kEnvelopeVersion1 = 1;

// Byte 1 of every envelope: which layout follows, so one kind is never parsed as another.
// docs/formats/vault-envelopes.md lists them; values are stored on disk, never reuse one.
enum class EnvelopeKind : std::uint8_t {
  WrappedUserKey = 1,
  SealedOrgKey = 2,
  SealedCaseKey = 3,
  Field = 4,
  File = 5,
  EpochCaseKey = 6,
  SessionUserKey = 7,
  SealedBox = 8,
};

// BLAKE2b (crypto_generichash) over `parts` in order, keyed by `key` (may be empty for an
// unkeyed hash), with a 16-byte personalisation string for domain separation: every use in
// vault has its own, so one purpose's output never equals another's.
void blake2b(std::span<std::uint8_t> out, std::span<std::uint8_t const> key,
             std::string_view personal16,
             std::initializer_list<std::span<std::uint8_t const>> parts);

}  // namespace haven::vault
