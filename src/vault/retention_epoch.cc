#include "vault/retention_epoch.h"

#include "vault/aead.h"
#include "vault/sodium_support.h"

namespace haven::vault {

namespace {
constexpr std::uint8_t kKind = static_cast<std::uint8_t>(EnvelopeKind::EpochCaseKey);
constexpr std::size_t kHeaderBytes = 2 + 4;
constexpr std::size_t kDekBytes = 32;
static_assert(kEpochWrappedCaseKeyBytes ==
              kHeaderBytes + kAeadNonceBytes + kDekBytes + kAeadTagBytes);

Bytes epoch_aad(std::span<std::uint8_t const> header, std::string_view case_id) {
  Bytes aad(header.begin(), header.end());
  append_prefixed(aad, case_id);
  return aad;
}
}  // namespace

SecretBytes generate_epoch_key() { return SecretBytes::random(kEpochKeyBytes); }

Result<std::vector<std::uint8_t>> wrap_dek_for_epoch(SecretBytes const& epoch_key,
                                                     std::uint32_t epoch_id,
                                                     std::string_view case_id,
                                                     SecretBytes const& dek) {
  if (epoch_key.size() != kEpochKeyBytes || dek.size() != kDekBytes) {
    return make_error(ErrorCode::InvalidInput, "wrap_dek_for_epoch: key size");
  }
  Bytes out{kEnvelopeVersion1, kKind};
  out.reserve(kEpochWrappedCaseKeyBytes);
  append_u32(out, epoch_id);
  aead_append_sealed(out, epoch_key, epoch_aad(out, case_id), dek.span());
  return out;
}

Result<std::uint32_t> epoch_of(std::span<std::uint8_t const> envelope) {
  auto header =
      check_header(envelope, kEnvelopeVersion1, kKind, kEpochWrappedCaseKeyBytes, "epoch key");
  if (!header) return std::move(header).error();
  if (envelope.size() != kEpochWrappedCaseKeyBytes) {
    return make_error(ErrorCode::Corruption, "epoch key: envelope length");
  }
  return read_u32(&envelope[2]);
}

Result<SecretBytes> unwrap_dek_for_epoch(SecretBytes const& epoch_key, std::string_view case_id,
                                         std::span<std::uint8_t const> envelope) {
  auto epoch = epoch_of(envelope);
  if (!epoch) return std::move(epoch).error();
  SecretBytes dek(kDekBytes);
  auto opened = aead_open(dek.span(), epoch_key, epoch_aad(envelope.first(kHeaderBytes), case_id),
                          envelope.subspan(kHeaderBytes), "epoch key");
  if (!opened) return std::move(opened).error();
  return dek;
}

}  // namespace haven::vault
