#include "vault/recovery_codes.h"

#include <sodium.h>

#include <optional>

#include "vault/keyed_hash.h"
#include "vault/sodium_support.h"

namespace haven::vault {

namespace {
RecoveryCodeHash hash_code(SecretBytes const& pepper, std::string_view user_id,
                           std::string_view normalised) {
  Bytes prefixed_user;
  append_prefixed(prefixed_user, user_id);
  RecoveryCodeHash out;
  blake2b(out, pepper.span(), std::string_view("haven.recovery.1", 16),
          {prefixed_user, as_bytes(normalised)});
  return out;
}

// Lower-case, without separators; nullopt for a character outside the alphabet or a wrong
// length.
std::optional<std::string> normalise(std::string_view entered) {
  std::string out;
  for (char c : entered) {
    if (c == '-' || c == ' ') continue;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (kRecoveryAlphabet.find(c) == std::string_view::npos) return std::nullopt;
    out.push_back(c);
  }
  if (out.size() != kRecoveryCodeLength) return std::nullopt;
  return out;
}
}  // namespace

Result<RecoveryCodes> generate_recovery_codes(SecretBytes const& pepper, std::string_view user_id) {
  if (pepper.size() != kPepperBytes) return make_error(ErrorCode::InvalidInput, "pepper size");
  ensure_sodium();
  RecoveryCodes result;
  for (std::size_t i = 0; i < kRecoveryCodeCount; ++i) {
    std::string code;
    for (std::size_t j = 0; j < kRecoveryCodeLength; ++j) {
      // randombytes_uniform avoids modulo bias over the 31-character alphabet.
      code.push_back(kRecoveryAlphabet[randombytes_uniform(kRecoveryAlphabet.size())]);
    }
    result.hashes.push_back(hash_code(pepper, user_id, code));
    result.codes.push_back(code.substr(0, 5) + "-" + code.substr(5));
  }
  return result;
}

Result<std::size_t> match_recovery_code(SecretBytes const& pepper, std::string_view user_id,
                                        std::string_view entered,
                                        std::span<RecoveryCodeHash const> hashes) {
  if (pepper.size() != kPepperBytes) return make_error(ErrorCode::InvalidInput, "pepper size");
  auto normalised = normalise(entered);
  if (!normalised) return make_error(ErrorCode::PermissionDenied, "recovery: malformed code");
  RecoveryCodeHash const candidate = hash_code(pepper, user_id, *normalised);
  std::optional<std::size_t> matched;
  for (std::size_t i = 0; i < hashes.size(); ++i) {
    bool const equal = sodium_memcmp(candidate.data(), hashes[i].data(), candidate.size()) == 0;
    if (equal && !matched) matched = i;
  }
  if (!matched) return make_error(ErrorCode::PermissionDenied, "recovery: no matching code");
  return *matched;
}

Result<RecoveryCodeHash> recovery_code_hash(SecretBytes const& pepper, std::string_view user_id,
                                            std::string_view entered) {
  if (pepper.size() != kPepperBytes) return make_error(ErrorCode::InvalidInput, "pepper size");
  auto normalised = normalise(entered);
  if (!normalised) return make_error(ErrorCode::PermissionDenied, "recovery: malformed code");
  return hash_code(pepper, user_id, *normalised);
}

}  // namespace haven::vault
