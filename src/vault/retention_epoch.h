// Retention-epoch wrapping of case DEKs (DESIGN.md §3): each DEK is also wrapped under the
// key of its retention epoch (a month or quarter), kept outside the database and its
// backups. Destroying an expired epoch key makes every copy of those cases unreadable.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "vault/secret_bytes.h"

namespace haven::vault {

inline constexpr std::size_t kEpochKeyBytes = 32;
inline constexpr std::size_t kEpochWrappedCaseKeyBytes = 2 + 4 + 24 + 32 + 16;

// A fresh epoch key from the OS CSPRNG; the caller writes it to the epoch key store.
SecretBytes generate_epoch_key();

// Wraps `dek` under `epoch_key`. `epoch_id` is opaque to vault (e.g. 202611 for November
// 2026) and stored in clear so the reader knows which key to fetch; it and `case_id` are
// authenticated. InvalidInput for wrong key sizes.
Result<std::vector<std::uint8_t>> wrap_dek_for_epoch(SecretBytes const& epoch_key,
                                                     std::uint32_t epoch_id,
                                                     std::string_view case_id,
                                                     SecretBytes const& dek);

// Which epoch key opens `envelope`. Corruption for a malformed envelope.
Result<std::uint32_t> epoch_of(std::span<std::uint8_t const> envelope);

// Corruption for another epoch's key (or a destroyed-and-replaced one), another case's
// envelope, or any altered byte.
Result<SecretBytes> unwrap_dek_for_epoch(SecretBytes const& epoch_key, std::string_view case_id,
                                         std::span<std::uint8_t const> envelope);

}  // namespace haven::vault
