// Keyed BLAKE2b tags for short tokens the server hands out and checks later (the CSRF
// token bound to a client's cookie). The key is a per-instance secret from the data
// directory, so tokens from one instance mean nothing to another.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace haven::vault {

class TokenMac {
 public:
  static constexpr std::size_t kKeyBytes = 32;
  // InvalidInput unless `key` is exactly kKeyBytes long.
  static Result<TokenMac> create(std::span<std::uint8_t const> key);

  // 32 lower-case hex characters (128-bit tag) over `context` and `message`.
  std::string sign(std::string_view context, std::string_view message) const;
  // Constant-time: the tag is a secret and an early exit would leak its prefix.
  bool verify(std::string_view context, std::string_view message, std::string_view tag) const;

 private:
  explicit TokenMac(std::vector<std::uint8_t> key) : key_(std::move(key)) {}
  std::vector<std::uint8_t> key_;
};

}  // namespace haven::vault
