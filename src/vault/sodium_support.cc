#include "vault/sodium_support.h"

#include <sodium.h>

#include <cassert>
#include <cstdlib>
#include <string>

#include "core/hex.h"

namespace haven::vault {

void ensure_sodium() {
  // sodium_init is idempotent and thread-safe; the static makes the check free afterwards.
  static bool const ready = sodium_init() >= 0;
  if (!ready) std::abort();
}

void append_u32(Bytes& out, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}

void append_u64(Bytes& out, std::uint64_t value) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}

std::uint32_t read_u32(std::uint8_t const* in) {
  std::uint32_t value = 0;
  for (int i = 3; i >= 0; --i) value = (value << 8) | in[i];
  return value;
}

std::uint64_t read_u64(std::uint8_t const* in) {
  std::uint64_t value = 0;
  for (int i = 7; i >= 0; --i) value = (value << 8) | in[i];
  return value;
}

void append_bytes(Bytes& out, std::span<std::uint8_t const> bytes) {
  out.insert(out.end(), bytes.begin(), bytes.end());
}

void append_text(Bytes& out, std::string_view text) { append_bytes(out, as_bytes(text)); }

void append_prefixed(Bytes& out, std::string_view text) {
  append_u32(out, static_cast<std::uint32_t>(text.size()));
  append_text(out, text);
}

std::span<std::uint8_t const> as_bytes(std::string_view text) {
  return {reinterpret_cast<std::uint8_t const*>(text.data()), text.size()};
}

Result<void> check_header(std::span<std::uint8_t const> envelope, std::uint8_t version,
                          std::uint8_t kind, std::size_t min_size, std::string_view what) {
  if (envelope.size() < min_size) {
    return make_error(ErrorCode::Corruption, std::string(what) + ": envelope too short");
  }
  if (envelope[0] != version) {
    return make_error(ErrorCode::Corruption, std::string(what) + ": unknown version");
  }
  if (envelope[1] != kind) {
    return make_error(ErrorCode::Corruption, std::string(what) + ": wrong envelope kind");
  }
  return {};
}

void blake2b(std::span<std::uint8_t> out, std::span<std::uint8_t const> key,
             std::string_view personal16,
             std::initializer_list<std::span<std::uint8_t const>> parts) {
  ensure_sodium();
  assert(personal16.size() == crypto_generichash_blake2b_PERSONALBYTES);
  crypto_generichash_blake2b_state state;
  crypto_generichash_blake2b_init_salt_personal(
      &state, key.empty() ? nullptr : key.data(), key.size(), out.size(), nullptr,
      reinterpret_cast<unsigned char const*>(personal16.data()));
  for (auto part : parts) crypto_generichash_blake2b_update(&state, part.data(), part.size());
  crypto_generichash_blake2b_final(&state, out.data(), out.size());
  sodium_memzero(&state, sizeof state);
}

Result<SecretBytes> secret_from_hex(std::string_view text, std::size_t size,
                                    std::string_view what) {
  if (text.size() != 2 * size) {
    return make_error(ErrorCode::InvalidInput, std::string(what) + ": length");
  }
  SecretBytes out(size);
  for (std::size_t i = 0; i < size; ++i) {
    int const high = hex_digit_value(text[2 * i]);
    int const low = hex_digit_value(text[2 * i + 1]);
    if (high < 0 || low < 0)
      return make_error(ErrorCode::InvalidInput, std::string(what) + ": hex");
    out.data()[i] = static_cast<std::uint8_t>(high << 4 | low);
  }
  return out;
}

}  // namespace haven::vault
