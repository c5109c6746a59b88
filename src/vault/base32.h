// RFC 4648 base32 (upper-case alphabet A–Z 2–7, written without padding), the form
// authenticator apps and `oathtool --totp -b` expect for TOTP secrets.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"
#include "vault/secret_bytes.h"

namespace haven::vault {

// Upper-case, no '=' padding.
std::string encode_base32(std::span<std::uint8_t const> bytes);

// Accepts either case and optional trailing '=' padding; decodes into guarded memory since
// what it decodes is a secret. InvalidInput for any other character, an impossible length,
// or non-zero leftover bits.
Result<SecretBytes> decode_base32(std::string_view text);

}  // namespace haven::vault
