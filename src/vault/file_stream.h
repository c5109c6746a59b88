// Attachments and other files, encrypted in chunks under the case's DEK with libsodium's
// secretstream (XChaCha20-Poly1305). Reordered, dropped, truncated or extended chunks are
// detected; each chunk is bound to the object id. Layout: docs/formats/vault-envelopes.md.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "vault/secret_bytes.h"

namespace haven::vault {

// Plaintext bytes per chunk; every chunk but the last is exactly this long.
inline constexpr std::size_t kFileChunkBytes = 64 * 1024;
inline constexpr std::size_t kFileChunkOverheadBytes = 17;  // secretstream ABYTES
inline constexpr std::size_t kFileHeaderBytes = 2 + 24;     // version, kind, stream header

enum class FileChunk { More, Final };

// Streams one file out. Move-only; not thread-safe. The cipher state (which holds a key) lives
// in guarded memory.
class FileSealer {
 public:
  // InvalidInput unless `dek` is 32 bytes.
  static Result<FileSealer> start(SecretBytes const& dek, std::string_view object_id);
  // The first kFileHeaderBytes of the file; write them before any chunk.
  std::vector<std::uint8_t> const& header() const { return header_; }
  // InvalidInput for a More chunk that is not kFileChunkBytes, a chunk over kFileChunkBytes,
  // or any chunk after Final.
  Result<std::vector<std::uint8_t>> seal_chunk(std::span<std::uint8_t const> plaintext,
                                               FileChunk which);

 private:
  FileSealer(SecretBytes state, std::vector<std::uint8_t> header, std::string aad)
      : state_(std::move(state)), header_(std::move(header)), aad_(std::move(aad)) {}
  SecretBytes state_;
  std::vector<std::uint8_t> header_;
  std::string aad_;
  bool finished_ = false;
};

// Streams one file in. Feed chunks of kFileChunkBytes + kFileChunkOverheadBytes (the last
// may be shorter). Corruption for any altered, reordered or extra chunk; the file is whole
// only once is_finished() — a stream that ends earlier was truncated.
class FileOpener {
 public:
  // Corruption for a malformed header; InvalidInput unless `dek` is 32 bytes.
  static Result<FileOpener> start(SecretBytes const& dek, std::string_view object_id,
                                  std::span<std::uint8_t const> header);
  Result<std::vector<std::uint8_t>> open_chunk(std::span<std::uint8_t const> ciphertext);
  bool is_finished() const { return finished_; }

 private:
  FileOpener(SecretBytes state, std::string aad) : state_(std::move(state)), aad_(std::move(aad)) {}
  SecretBytes state_;
  std::string aad_;
  bool finished_ = false;
};

// Whole-buffer conveniences over the two classes above, for files that fit in memory.
Result<std::vector<std::uint8_t>> seal_file(SecretBytes const& dek, std::string_view object_id,
                                            std::span<std::uint8_t const> plaintext);
// Corruption for anything but a complete, unaltered file sealed for `object_id` under `dek`.
Result<std::vector<std::uint8_t>> open_file(SecretBytes const& dek, std::string_view object_id,
                                            std::span<std::uint8_t const> envelope);

}  // namespace haven::vault
