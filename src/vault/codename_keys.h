// A codename (≥ 112 bits, DESIGN.md §3) → lookup id + the person's X25519 keypair. The
// codename is high-entropy, so keyed BLAKE2b with the per-instance pepper suffices (no
// Argon2id); the server stores only the lookup id and the public key.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "core/result.h"
#include "vault/keypair.h"
#include "vault/secret_bytes.h"

namespace haven::vault {

using CodenameLookupId = std::array<std::uint8_t, 32>;

struct CodenameKeys {
  CodenameLookupId lookup_id{};
  Keypair keypair;  // from crypto_box_seed_keypair; the secret key is wiped with this struct
};

// Deterministic: the same pepper and codename always give the same ids and keys. The
// lookup id and the seed come from separate personalisations, so one reveals nothing of
// the other. `normalised_codename` is normalised by the caller (word lists, case, ё/е).
// InvalidInput for a pepper that is not kPepperBytes (32) or an empty codename. Thread-safe.
Result<CodenameKeys> derive_codename_keys(SecretBytes const& pepper,
                                          std::string_view normalised_codename);

}  // namespace haven::vault
