#include "vault/file_stream.h"

#include <sodium.h>

#include <algorithm>

#include "vault/sodium_support.h"

namespace haven::vault {

namespace {
using State = crypto_secretstream_xchacha20poly1305_state;
constexpr std::uint8_t kKind = static_cast<std::uint8_t>(EnvelopeKind::File);
static_assert(kFileChunkOverheadBytes == crypto_secretstream_xchacha20poly1305_ABYTES);
static_assert(kFileHeaderBytes == 2 + crypto_secretstream_xchacha20poly1305_HEADERBYTES);
static_assert(alignof(State) == 1, "state is kept in byte-aligned sodium_malloc memory");

// Per-chunk AD: version ‖ kind ‖ len32 ‖ object id.
std::string file_aad(std::string_view object_id) {
  Bytes aad{kEnvelopeVersion1, kKind};
  append_prefixed(aad, object_id);
  return std::string(aad.begin(), aad.end());
}

State* state_of(SecretBytes& bytes) { return reinterpret_cast<State*>(bytes.data()); }

unsigned char const* aad_data(std::string const& aad) {
  return reinterpret_cast<unsigned char const*>(aad.data());
}
}  // namespace

Result<FileSealer> FileSealer::start(SecretBytes const& dek, std::string_view object_id) {
  if (dek.size() != crypto_secretstream_xchacha20poly1305_KEYBYTES) {
    return make_error(ErrorCode::InvalidInput, "file: key size");
  }
  ensure_sodium();
  SecretBytes state(sizeof(State));
  std::vector<std::uint8_t> header(kFileHeaderBytes);
  header[0] = kEnvelopeVersion1;
  header[1] = kKind;
  crypto_secretstream_xchacha20poly1305_init_push(state_of(state), &header[2], dek.data());
  return FileSealer(std::move(state), std::move(header), file_aad(object_id));
}

Result<std::vector<std::uint8_t>> FileSealer::seal_chunk(std::span<std::uint8_t const> plaintext,
                                                         FileChunk which) {
  if (finished_ || plaintext.size() > kFileChunkBytes ||
      (which == FileChunk::More && plaintext.size() != kFileChunkBytes)) {
    return make_error(ErrorCode::InvalidInput, "file: chunk size or order");
  }
  std::vector<std::uint8_t> out(plaintext.size() + kFileChunkOverheadBytes);
  unsigned char const tag = which == FileChunk::Final
                                ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
                                : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
  crypto_secretstream_xchacha20poly1305_push(state_of(state_), out.data(), nullptr,
                                             plaintext.data(), plaintext.size(), aad_data(aad_),
                                             aad_.size(), tag);
  if (which == FileChunk::Final) {
    finished_ = true;
    state_.wipe();
  }
  return out;
}

Result<FileOpener> FileOpener::start(SecretBytes const& dek, std::string_view object_id,
                                     std::span<std::uint8_t const> header) {
  if (dek.size() != crypto_secretstream_xchacha20poly1305_KEYBYTES) {
    return make_error(ErrorCode::InvalidInput, "file: key size");
  }
  auto checked = check_header(header, kEnvelopeVersion1, kKind, kFileHeaderBytes, "file");
  if (!checked) return std::move(checked).error();
  if (header.size() != kFileHeaderBytes) {
    return make_error(ErrorCode::Corruption, "file: header length");
  }
  ensure_sodium();
  SecretBytes state(sizeof(State));
  if (crypto_secretstream_xchacha20poly1305_init_pull(state_of(state), &header[2], dek.data()) !=
      0) {
    return make_error(ErrorCode::Corruption, "file: bad stream header");
  }
  return FileOpener(std::move(state), file_aad(object_id));
}

Result<std::vector<std::uint8_t>> FileOpener::open_chunk(std::span<std::uint8_t const> ciphertext) {
  if (finished_) return make_error(ErrorCode::Corruption, "file: data after the final chunk");
  if (ciphertext.size() < kFileChunkOverheadBytes ||
      ciphertext.size() > kFileChunkBytes + kFileChunkOverheadBytes) {
    return make_error(ErrorCode::Corruption, "file: chunk length");
  }
  std::vector<std::uint8_t> out(ciphertext.size() - kFileChunkOverheadBytes);
  unsigned char tag = 0;
  if (crypto_secretstream_xchacha20poly1305_pull(state_of(state_), out.data(), nullptr, &tag,
                                                 ciphertext.data(), ciphertext.size(),
                                                 aad_data(aad_), aad_.size()) != 0) {
    return make_error(ErrorCode::Corruption, "file: authentication failed");
  }
  if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
    finished_ = true;
    state_.wipe();
  } else if (tag != crypto_secretstream_xchacha20poly1305_TAG_MESSAGE ||
             out.size() != kFileChunkBytes) {
    // Only the final chunk may be short; we never write other tags.
    return make_error(ErrorCode::Corruption, "file: unexpected chunk");
  }
  return out;
}

Result<std::vector<std::uint8_t>> seal_file(SecretBytes const& dek, std::string_view object_id,
                                            std::span<std::uint8_t const> plaintext) {
  auto sealer = FileSealer::start(dek, object_id);
  if (!sealer) return std::move(sealer).error();
  std::vector<std::uint8_t> out = sealer->header();
  std::size_t offset = 0;
  do {
    std::size_t const n = std::min(kFileChunkBytes, plaintext.size() - offset);
    bool const last = offset + n == plaintext.size();
    auto chunk =
        sealer->seal_chunk(plaintext.subspan(offset, n), last ? FileChunk::Final : FileChunk::More);
    if (!chunk) return std::move(chunk).error();
    out.insert(out.end(), chunk->begin(), chunk->end());
    offset += n;
  } while (offset < plaintext.size());
  return out;
}

Result<std::vector<std::uint8_t>> open_file(SecretBytes const& dek, std::string_view object_id,
                                            std::span<std::uint8_t const> envelope) {
  if (envelope.size() < kFileHeaderBytes) {
    return make_error(ErrorCode::Corruption, "file: envelope too short");
  }
  auto opener = FileOpener::start(dek, object_id, envelope.first(kFileHeaderBytes));
  if (!opener) return std::move(opener).error();
  std::vector<std::uint8_t> out;
  std::size_t offset = kFileHeaderBytes;
  while (offset < envelope.size()) {
    std::size_t const n =
        std::min(kFileChunkBytes + kFileChunkOverheadBytes, envelope.size() - offset);
    auto chunk = opener->open_chunk(envelope.subspan(offset, n));
    if (!chunk) return std::move(chunk).error();
    out.insert(out.end(), chunk->begin(), chunk->end());
    offset += n;
  }
  if (!opener->is_finished()) return make_error(ErrorCode::Corruption, "file: truncated");
  return out;
}

}  // namespace haven::vault
