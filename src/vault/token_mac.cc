#include "vault/token_mac.h"

#include <sodium.h>

#include "core/hex.h"

namespace haven::vault {

namespace {
constexpr std::size_t kTagBytes = 16;
}

Result<TokenMac> TokenMac::create(std::span<std::uint8_t const> key) {
  if (key.size() != kKeyBytes) return make_error(ErrorCode::InvalidInput, "token key size");
  return TokenMac(std::vector<std::uint8_t>(key.begin(), key.end()));
}

std::string TokenMac::sign(std::string_view context, std::string_view message) const {
  crypto_generichash_state state;
  crypto_generichash_init(&state, key_.data(), key_.size(), kTagBytes);
  // Length-prefix the context so ("ab","c") and ("a","bc") never collide.
  std::uint8_t length = static_cast<std::uint8_t>(context.size() & 0xff);
  crypto_generichash_update(&state, &length, 1);
  crypto_generichash_update(&state, reinterpret_cast<unsigned char const*>(context.data()),
                            context.size());
  crypto_generichash_update(&state, reinterpret_cast<unsigned char const*>(message.data()),
                            message.size());
  std::uint8_t tag[kTagBytes];
  crypto_generichash_final(&state, tag, sizeof tag);
  return to_hex(tag);
}

bool TokenMac::verify(std::string_view context, std::string_view message,
                      std::string_view tag) const {
  std::string expected = sign(context, message);
  if (tag.size() != expected.size()) return false;
  return sodium_memcmp(expected.data(), tag.data(), expected.size()) == 0;
}

}  // namespace haven::vault
