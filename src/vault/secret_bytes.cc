#include "vault/secret_bytes.h"

#include <sodium.h>

#include <cstring>
#include <new>
#include <utility>

#include "vault/sodium_support.h"

namespace haven::vault {

SecretBytes::SecretBytes(std::size_t size) {
  if (size == 0) return;
  ensure_sodium();
  data_ = static_cast<std::uint8_t*>(sodium_malloc(size));
  if (data_ == nullptr) throw std::bad_alloc();
  size_ = size;
  // sodium_malloc fills with 0xdb to expose uninitialised reads; start from zeros instead.
  sodium_memzero(data_, size_);
}

SecretBytes::~SecretBytes() { wipe(); }

SecretBytes::SecretBytes(SecretBytes&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
  if (this != &other) {
    wipe();
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

SecretBytes SecretBytes::copy_of(std::span<std::uint8_t const> bytes) {
  SecretBytes out(bytes.size());
  if (!bytes.empty()) std::memcpy(out.data_, bytes.data(), bytes.size());
  return out;
}

SecretBytes SecretBytes::random(std::size_t size) {
  SecretBytes out(size);
  if (size != 0) randombytes_buf(out.data_, size);
  return out;
}

bool SecretBytes::equals(SecretBytes const& other) const {
  if (size_ != other.size_) return false;
  if (size_ == 0) return true;
  return sodium_memcmp(data_, other.data_, size_) == 0;
}

void SecretBytes::wipe() {
  if (data_ == nullptr) return;
  // sodium_free also zeroes, but say it explicitly: the wipe is the point of this type.
  sodium_memzero(data_, size_);
  sodium_free(data_);
  data_ = nullptr;
  size_ = 0;
}

void wipe_bytes(std::span<std::uint8_t> bytes) {
  if (!bytes.empty()) sodium_memzero(bytes.data(), bytes.size());
}

}  // namespace haven::vault
