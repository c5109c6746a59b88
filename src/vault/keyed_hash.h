// Keyed BLAKE2b of normalised contact handles (DESIGN.md §3): "this number called before"
// without storing the number. The pepper lives in the config file, never in the database,
// so a seized database alone cannot be brute-forced over the small space of phone numbers.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "core/result.h"
#include "vault/secret_bytes.h"

namespace haven::vault {

inline constexpr std::size_t kPepperBytes = 32;
using HandleHash = std::array<std::uint8_t, 32>;

// Domain separation: the same string as a phone and as a Telegram handle hashes differently.
// Values are part of the stored hash; never renumber.
enum class HandleKind : std::uint8_t {
  Phone = 1,
  Email = 2,
  Telegram = 3,
  Signal = 4,
  Codename = 5,
};

// `normalised_handle` must already be normalised (E.164, lower-cased email, …) by the
// caller: vault hashes bytes. InvalidInput unless the pepper is kPepperBytes. Thread-safe.
Result<HandleHash> handle_hash(SecretBytes const& pepper, HandleKind kind,
                               std::string_view normalised_handle);

}  // namespace haven::vault
