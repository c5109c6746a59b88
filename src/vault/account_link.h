// One-time account links (invitations, password resets): the link carries a token id and a
// 32-byte secret; the server stores only the secret's hash. The TOTP secret the person
// enrols while following the link is derived from the link secret, so the enrolment page
// and the form it posts agree without the server keeping a TOTP secret between the two.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"
#include "vault/secret_bytes.h"

namespace haven::vault {

inline constexpr std::size_t kAccountLinkSecretBytes = 32;
using AccountLinkHash = std::array<std::uint8_t, 32>;

SecretBytes generate_account_link_secret();
// 64 lower-case hex digits, and back (either case). InvalidInput for anything else.
std::string account_link_secret_to_hex(SecretBytes const& secret);
Result<SecretBytes> account_link_secret_from_hex(std::string_view text);

// BLAKE2b under its own personalisation. InvalidInput unless kAccountLinkSecretBytes.
Result<AccountLinkHash> hash_account_link_secret(SecretBytes const& secret);
// Constant-time comparison with the stored hash; false for a wrong-sized secret.
bool verify_account_link_secret(SecretBytes const& secret, AccountLinkHash const& stored);

// The TOTP secret (kTotpSecretBytes) enrolled through this link: a keyed BLAKE2b of the
// link secret, different for every link and unknown to anyone who has only the database.
// InvalidInput unless kAccountLinkSecretBytes.
Result<SecretBytes> enrolment_totp_secret(SecretBytes const& link_secret);

}  // namespace haven::vault
