#include "vault/user_key.h"

#include <algorithm>

#include "vault/aead.h"
#include "vault/sodium_support.h"

namespace haven::vault {

namespace {
constexpr std::uint8_t kKind = static_cast<std::uint8_t>(EnvelopeKind::WrappedUserKey);
constexpr std::size_t kHeaderBytes = 2 + 8 + 8 + kPasswordSaltBytes;  // AAD
static_assert(kWrappedUserKeyBytes ==
              kHeaderBytes + kAeadNonceBytes + kSecretKeyBytes + kAeadTagBytes);
}  // namespace

Result<std::vector<std::uint8_t>> wrap_user_key(SecretBytes const& kek,
                                                PasswordParams const& params,
                                                PasswordSalt const& salt,
                                                SecretBytes const& user_sk) {
  if (kek.size() != kKekBytes || user_sk.size() != kSecretKeyBytes) {
    return make_error(ErrorCode::InvalidInput, "wrap_user_key: key size");
  }
  Bytes out;
  out.reserve(kWrappedUserKeyBytes);
  out.push_back(kEnvelopeVersion1);
  out.push_back(kKind);
  append_u64(out, params.opslimit());
  append_u64(out, params.memlimit());
  append_bytes(out, salt);
  Bytes const aad(out);
  aead_append_sealed(out, kek, aad, user_sk.span());
  return out;
}

Result<WrappedUserKeyHeader> read_wrapped_user_key_header(std::span<std::uint8_t const> envelope) {
  auto header = check_header(envelope, kEnvelopeVersion1, kKind, kWrappedUserKeyBytes, "user key");
  if (!header) return std::move(header).error();
  if (envelope.size() != kWrappedUserKeyBytes) {
    return make_error(ErrorCode::Corruption, "user key: envelope length");
  }
  auto params = PasswordParams::from_stored(read_u64(&envelope[2]), read_u64(&envelope[10]));
  if (!params) return std::move(params).error();
  WrappedUserKeyHeader result{*params, {}};
  std::copy_n(&envelope[18], kPasswordSaltBytes, result.salt.begin());
  return result;
}

Result<SecretBytes> unwrap_user_key(SecretBytes const& kek,
                                    std::span<std::uint8_t const> envelope) {
  auto header = read_wrapped_user_key_header(envelope);
  if (!header) return std::move(header).error();
  SecretBytes user_sk(kSecretKeyBytes);
  auto opened = aead_open(user_sk.span(), kek, envelope.first(kHeaderBytes),
                          envelope.subspan(kHeaderBytes), "user key");
  if (!opened) return std::move(opened).error();
  return user_sk;
}

Result<bool> needs_rehash(std::span<std::uint8_t const> envelope, PasswordParams const& current) {
  auto header = read_wrapped_user_key_header(envelope);
  if (!header) return std::move(header).error();
  return !header->params.is_at_least(current);
}

}  // namespace haven::vault
