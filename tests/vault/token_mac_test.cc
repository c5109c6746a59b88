#include "vault/token_mac.h"

#include <gtest/gtest.h>

#include "vault/system_random.h"

namespace haven::vault {
namespace {

std::vector<std::uint8_t> key_of(std::uint8_t fill) {
  return std::vector<std::uint8_t>(TokenMac::kKeyBytes, fill);
}

TEST(TokenMac, RejectsKeysOfTheWrongSize) {
  ASSERT_TRUE(initialise());
  EXPECT_FALSE(TokenMac::create(std::vector<std::uint8_t>(31, 1)).ok());
  EXPECT_FALSE(TokenMac::create(std::vector<std::uint8_t>{}).ok());
  EXPECT_TRUE(TokenMac::create(key_of(1)).ok());
}

TEST(TokenMac, SignsAndVerifies) {
  ASSERT_TRUE(initialise());
  auto mac = TokenMac::create(key_of(1));
  ASSERT_TRUE(mac);
  auto tag = mac->sign("csrf", "cookie-value");
  EXPECT_EQ(tag.size(), 32u);
  EXPECT_EQ(tag, mac->sign("csrf", "cookie-value"));
  EXPECT_TRUE(mac->verify("csrf", "cookie-value", tag));
}

TEST(TokenMac, DetectsEveryKindOfMismatch) {
  ASSERT_TRUE(initialise());
  auto mac = TokenMac::create(key_of(1));
  auto other = TokenMac::create(key_of(2));
  auto tag = mac->sign("csrf", "cookie-value");
  EXPECT_FALSE(mac->verify("csrf", "cookie-valuE", tag));
  EXPECT_FALSE(mac->verify("other", "cookie-value", tag));
  EXPECT_FALSE(other->verify("csrf", "cookie-value", tag));
  EXPECT_FALSE(mac->verify("csrf", "cookie-value", tag.substr(0, 31)));
  EXPECT_FALSE(mac->verify("csrf", "cookie-value", ""));
  std::string flipped = tag;
  flipped[5] = flipped[5] == '0' ? '1' : '0';
  EXPECT_FALSE(mac->verify("csrf", "cookie-value", flipped));
  // The context is length-prefixed, so moving bytes across the boundary changes the tag.
  EXPECT_NE(mac->sign("ab", "c"), mac->sign("a", "bc"));
}

}  // namespace
}  // namespace haven::vault
