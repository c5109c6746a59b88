#include "vault/base32.h"

namespace haven::vault {

namespace {
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

int value_of(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a';
  if (c >= '2' && c <= '7') return c - '2' + 26;
  return -1;
}
}  // namespace

std::string encode_base32(std::span<std::uint8_t const> bytes) {
  std::string out;
  out.reserve((bytes.size() * 8 + 4) / 5);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (std::uint8_t byte : bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out.push_back(kAlphabet[(buffer >> (bits - 5)) & 31]);
      bits -= 5;
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (5 - bits)) & 31]);
  return out;
}

Result<SecretBytes> decode_base32(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  // 8 characters carry 5 bytes; a remainder of 1, 3 or 6 characters cannot end a byte.
  std::size_t const rest = text.size() % 8;
  if (rest == 1 || rest == 3 || rest == 6) {
    return make_error(ErrorCode::InvalidInput, "base32: impossible length");
  }
  SecretBytes out(text.size() * 5 / 8);
  std::uint32_t buffer = 0;
  int bits = 0;
  std::size_t written = 0;
  for (char c : text) {
    int const value = value_of(c);
    if (value < 0) return make_error(ErrorCode::InvalidInput, "base32: invalid character");
    buffer = (buffer << 5) | static_cast<std::uint32_t>(value);
    bits += 5;
    if (bits >= 8) {
      out.data()[written++] = static_cast<std::uint8_t>(buffer >> (bits - 8));
      bits -= 8;
    }
    buffer &= (1u << bits) - 1;  // keep only unconsumed bits, so nothing secret lingers
  }
  if (buffer != 0) return make_error(ErrorCode::InvalidInput, "base32: non-zero padding bits");
  return out;
}

}  // namespace haven::vault
