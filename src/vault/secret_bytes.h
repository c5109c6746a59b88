// SecretBytes owns secret key material (KEKs, DEKs, private keys, session and TOTP secrets)
// in libsodium's guarded heap: sodium_malloc adds guard pages and a canary, and the bytes
// are wiped with sodium_memzero before sodium_free. Never copy a secret into std::string.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace haven::vault {

// Move-only. A moved-from SecretBytes is empty (size 0). Not thread-safe: one owner at a time.
// Allocation failure throws std::bad_alloc, as a standard container would; it is never the
// result of input, so it is not an Error.
class SecretBytes {
 public:
  SecretBytes() = default;
  // `size` zero bytes.
  explicit SecretBytes(std::size_t size);
  ~SecretBytes();

  SecretBytes(SecretBytes&& other) noexcept;
  SecretBytes& operator=(SecretBytes&& other) noexcept;
  SecretBytes(SecretBytes const&) = delete;
  SecretBytes& operator=(SecretBytes const&) = delete;

  // A copy of `bytes` in guarded memory. The caller still owns (and should wipe) `bytes`.
  static SecretBytes copy_of(std::span<std::uint8_t const> bytes);
  // `size` bytes from the operating system's CSPRNG.
  static SecretBytes random(std::size_t size);

  std::uint8_t* data() { return data_; }
  std::uint8_t const* data() const { return data_; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::span<std::uint8_t> span() { return {data_, size_}; }
  std::span<std::uint8_t const> span() const { return {data_, size_}; }

  // Constant-time: comparing secrets must not leak where they differ.
  bool equals(SecretBytes const& other) const;
  // Wipes and frees now rather than at destruction; leaves the object empty.
  void wipe();

 private:
  std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
};

// Wipes `bytes` in place (for plaintext the caller copied out of a request buffer).
void wipe_bytes(std::span<std::uint8_t> bytes);

}  // namespace haven::vault
