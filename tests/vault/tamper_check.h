// Shared by the vault tests: every envelope must refuse to open after any one-bit change,
// truncation, extension, or a different version or kind byte.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace haven::vault::testing {

using Opens = std::function<bool(std::span<std::uint8_t const>)>;

// Envelopes up to kFullBits bytes get every bit flipped; longer ones every byte's low bit in
// the first and last 256 bytes and a stride through the middle (keeps ASan runs short).
inline void expect_tamper_evident(std::string const& name, std::vector<std::uint8_t> const& env,
                                  Opens const& opens) {
  constexpr std::size_t kFullBits = 512;
  SCOPED_TRACE(name);
  ASSERT_TRUE(opens(env)) << "the untouched envelope must open";
  auto flipped_fails = [&](std::size_t i, int bit) {
    auto copy = env;
    copy[i] ^= static_cast<std::uint8_t>(1u << bit);
    EXPECT_FALSE(opens(copy)) << "byte " << i << " bit " << bit;
  };
  for (std::size_t i = 0; i < env.size(); ++i) {
    if (env.size() <= kFullBits) {
      for (int bit = 0; bit < 8; ++bit) flipped_fails(i, bit);
    } else if (i < 256 || i + 256 >= env.size() || i % 97 == 0) {
      flipped_fails(i, 0);
      flipped_fails(i, static_cast<int>(i % 7) + 1);
    }
  }
  for (std::size_t length = 0; length < env.size(); ++length) {
    if (env.size() > kFullBits && length > 64 && length + 64 < env.size() && length % 509 != 0) {
      continue;
    }
    EXPECT_FALSE(opens(std::span(env).first(length))) << "truncated to " << length;
  }
  for (std::uint8_t extra : {0x00, 0x01, 0xff}) {
    auto longer = env;
    longer.push_back(extra);
    EXPECT_FALSE(opens(longer)) << "extended by " << int(extra);
  }
  for (int header_byte = 0; header_byte < 2; ++header_byte) {
    for (int value = 0; value < 256; ++value) {
      if (value == env[header_byte]) continue;
      auto copy = env;
      copy[header_byte] = static_cast<std::uint8_t>(value);
      EXPECT_FALSE(opens(copy)) << "header byte " << header_byte << " = " << value;
    }
  }
}

}  // namespace haven::vault::testing
