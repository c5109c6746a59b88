// Time-based one-time passwords (RFC 6238: HMAC-SHA1, 6 digits, 30 s steps) for staff
// second factor, computed with liboath. Time is always passed in, never read here.
//
// Single use: verify_totp returns the time step that matched. The caller stores it as the
// account's "last used step" in the same transaction that completes the login (a
// compare-and-set: UPDATE … SET last_step = :step WHERE last_step < :step), and passes the
// stored value back next time; a code for that step or an earlier one is then refused, so a
// code seen over someone's shoulder cannot be replayed, even within its window.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"
#include "vault/secret_bytes.h"

namespace haven::vault {

inline constexpr std::size_t kTotpSecretBytes = 20;  // 160 bits, RFC 4226's recommendation
inline constexpr std::chrono::seconds kTotpStep{30};
inline constexpr unsigned kTotpDigits = 6;
// Steps accepted either side of the current one, for clock drift and typing time.
inline constexpr std::uint64_t kTotpWindowSteps = 1;

SecretBytes generate_totp_secret();

// otpauth://totp/Haven:<label>?secret=<base32>&issuer=Haven&algorithm=SHA1&digits=6&period=30
// with `account_label` percent-encoded. The URI contains the secret: show it once (as a QR
// code) and never log it.
std::string totp_uri(std::string_view account_label, SecretBytes const& secret);

// The RFC 6238 time step containing `now`: floor(unix seconds / 30). InvalidInput before 1970.
Result<std::uint64_t> totp_step_at(Clock::time_point now);

// The code for `step` with `digits` digits (6–8). InvalidInput for other digit counts or an
// empty secret. Thread-safe.
Result<std::string> totp_code(SecretBytes const& secret, std::uint64_t step,
                              unsigned digits = kTotpDigits);

// Checks `code` (6 digits) against steps now−1, now, now+1 in constant time, skipping steps
// ≤ `last_used_step`. Returns the matched step. PermissionDenied for a wrong, expired or
// replayed code; InvalidInput for a code that is not 6 ASCII digits.
Result<std::uint64_t> verify_totp(SecretBytes const& secret, std::string_view code,
                                  Clock::time_point now,
                                  std::optional<std::uint64_t> last_used_step);

}  // namespace haven::vault
