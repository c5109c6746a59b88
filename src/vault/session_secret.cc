#include "vault/session_secret.h"

#include <sodium.h>

#include "core/hex.h"
#include "vault/aead.h"
#include "vault/sodium_support.h"

namespace haven::vault {

namespace {
constexpr std::uint8_t kKind = static_cast<std::uint8_t>(EnvelopeKind::SessionUserKey);
constexpr std::size_t kUserSkBytes = 32;
static_assert(kSessionWrappedUserKeyBytes == 2 + kAeadNonceBytes + kUserSkBytes + kAeadTagBytes);

SecretBytes wrapping_key(SecretBytes const& session_secret) {
  SecretBytes key(kAeadKeyBytes);
  blake2b(key.span(), session_secret.span(), std::string_view("haven.sess.wrap1", 16), {});
  return key;
}

Bytes session_aad(std::string_view session_id) {
  Bytes aad{kEnvelopeVersion1, kKind};
  append_prefixed(aad, session_id);
  return aad;
}
}  // namespace

SecretBytes generate_session_secret() { return SecretBytes::random(kSessionSecretBytes); }

std::string session_secret_to_hex(SecretBytes const& session_secret) {
  return to_hex(session_secret.span());
}

Result<SecretBytes> session_secret_from_hex(std::string_view text) {
  return secret_from_hex(text, kSessionSecretBytes, "session secret");
}

Result<SessionSecretHash> hash_session_secret(SecretBytes const& session_secret) {
  if (session_secret.size() != kSessionSecretBytes) {
    return make_error(ErrorCode::InvalidInput, "session secret size");
  }
  SessionSecretHash out;
  blake2b(out, {}, std::string_view("haven.sess.hash1", 16), {session_secret.span()});
  return out;
}

bool verify_session_secret(SecretBytes const& session_secret, SessionSecretHash const& stored) {
  auto hash = hash_session_secret(session_secret);
  if (!hash) return false;
  return sodium_memcmp(hash->data(), stored.data(), stored.size()) == 0;
}

Result<std::vector<std::uint8_t>> wrap_user_key_for_session(SecretBytes const& session_secret,
                                                            std::string_view session_id,
                                                            SecretBytes const& user_sk) {
  if (session_secret.size() != kSessionSecretBytes || user_sk.size() != kUserSkBytes) {
    return make_error(ErrorCode::InvalidInput, "session wrap: key size");
  }
  Bytes out{kEnvelopeVersion1, kKind};
  out.reserve(kSessionWrappedUserKeyBytes);
  aead_append_sealed(out, wrapping_key(session_secret), session_aad(session_id), user_sk.span());
  return out;
}

Result<SecretBytes> unwrap_user_key_for_session(SecretBytes const& session_secret,
                                                std::string_view session_id,
                                                std::span<std::uint8_t const> envelope) {
  if (session_secret.size() != kSessionSecretBytes) {
    return make_error(ErrorCode::InvalidInput, "session unwrap: key size");
  }
  auto header =
      check_header(envelope, kEnvelopeVersion1, kKind, kSessionWrappedUserKeyBytes, "session key");
  if (!header) return std::move(header).error();
  if (envelope.size() != kSessionWrappedUserKeyBytes) {
    return make_error(ErrorCode::Corruption, "session key: envelope length");
  }
  SecretBytes user_sk(kUserSkBytes);
  auto opened = aead_open(user_sk.span(), wrapping_key(session_secret), session_aad(session_id),
                          envelope.subspan(2), "session key");
  if (!opened) return std::move(opened).error();
  return user_sk;
}

}  // namespace haven::vault
