#include "vault/totp.h"

#include <oath.h>
#include <sodium.h>

#include <cstdlib>
#include <mutex>

#include "vault/base32.h"
#include "vault/sodium_support.h"

namespace haven::vault {

namespace {
void ensure_oath() {
  // liboath wants oath_init once per process; oath_done would only release what lives
  // until exit anyway, so it is never called.
  static std::once_flag once;
  std::call_once(once, [] {
    if (oath_init() != OATH_OK) std::abort();
  });
}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    bool const plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '.' || c == '_' || c == '~';
    if (plain) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}
}  // namespace

SecretBytes generate_totp_secret() { return SecretBytes::random(kTotpSecretBytes); }

std::string totp_uri(std::string_view account_label, SecretBytes const& secret) {
  return "otpauth://totp/Haven:" + percent_encode(account_label) +
         "?secret=" + encode_base32(secret.span()) +
         "&issuer=Haven&algorithm=SHA1&digits=6&period=30";
}

Result<std::uint64_t> totp_step_at(Clock::time_point now) {
  auto const seconds =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  if (seconds < 0) return make_error(ErrorCode::InvalidInput, "totp: time before 1970");
  return static_cast<std::uint64_t>(seconds) / static_cast<std::uint64_t>(kTotpStep.count());
}

Result<std::string> totp_code(SecretBytes const& secret, std::uint64_t step, unsigned digits) {
  if (digits < 6 || digits > 8 || secret.empty()) {
    return make_error(ErrorCode::InvalidInput, "totp: digits or secret");
  }
  ensure_oath();
  char output[9] = {};
  if (oath_hotp_generate(reinterpret_cast<char const*>(secret.data()), secret.size(), step, digits,
                         false, OATH_HOTP_DYNAMIC_TRUNCATION, output) != OATH_OK) {
    return make_error(ErrorCode::Internal, "totp: liboath failed");
  }
  return std::string(output, digits);
}

Result<std::uint64_t> verify_totp(SecretBytes const& secret, std::string_view code,
                                  Clock::time_point now,
                                  std::optional<std::uint64_t> last_used_step) {
  if (code.size() != kTotpDigits) return make_error(ErrorCode::InvalidInput, "totp: code length");
  for (char c : code) {
    if (c < '0' || c > '9') return make_error(ErrorCode::InvalidInput, "totp: not digits");
  }
  auto current = totp_step_at(now);
  if (!current) return std::move(current).error();
  // Constant-time over the whole window: no early exit tells which step was close.
  std::optional<std::uint64_t> matched;
  std::uint64_t const first = *current >= kTotpWindowSteps ? *current - kTotpWindowSteps : 0;
  for (std::uint64_t step = first; step <= *current + kTotpWindowSteps; ++step) {
    auto expected = totp_code(secret, step);
    if (!expected) return std::move(expected).error();
    bool const equal = sodium_memcmp(expected->data(), code.data(), kTotpDigits) == 0;
    bool const fresh = !last_used_step || step > *last_used_step;
    if (equal && fresh && !matched) matched = step;
  }
  if (!matched) return make_error(ErrorCode::PermissionDenied, "totp: wrong or used code");
  return *matched;
}

}  // namespace haven::vault
