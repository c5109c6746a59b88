#include "vault/field_cipher.h"

#include "vault/aead.h"
#include "vault/sodium_support.h"

namespace haven::vault {

namespace {
constexpr std::uint8_t kKind = static_cast<std::uint8_t>(EnvelopeKind::Field);
static_assert(kFieldOverheadBytes == 2 + kAeadNonceBytes + kAeadTagBytes);

// version ‖ kind ‖ len32 ‖ object id ‖ len32 ‖ field name: length prefixes keep
// ("case1", "xname") and ("case1x", "name") apart.
Bytes field_aad(std::string_view object_id, std::string_view field_name) {
  Bytes aad{kEnvelopeVersion1, kKind};
  append_prefixed(aad, object_id);
  append_prefixed(aad, field_name);
  return aad;
}
}  // namespace

Result<std::vector<std::uint8_t>> seal_field(SecretBytes const& dek, std::string_view object_id,
                                             std::string_view field_name,
                                             std::string_view plaintext) {
  if (dek.size() != kAeadKeyBytes) return make_error(ErrorCode::InvalidInput, "field: key size");
  Bytes out{kEnvelopeVersion1, kKind};
  out.reserve(kFieldOverheadBytes + plaintext.size());
  aead_append_sealed(out, dek, field_aad(object_id, field_name), as_bytes(plaintext));
  return out;
}

Result<std::string> open_field(SecretBytes const& dek, std::string_view object_id,
                               std::string_view field_name,
                               std::span<std::uint8_t const> envelope) {
  auto header = check_header(envelope, kEnvelopeVersion1, kKind, kFieldOverheadBytes, "field");
  if (!header) return std::move(header).error();
  std::string plaintext(envelope.size() - kFieldOverheadBytes, '\0');
  std::span<std::uint8_t> out(reinterpret_cast<std::uint8_t*>(plaintext.data()), plaintext.size());
  auto opened = aead_open(out, dek, field_aad(object_id, field_name), envelope.subspan(2), "field");
  if (!opened) return std::move(opened).error();
  return plaintext;
}

}  // namespace haven::vault
