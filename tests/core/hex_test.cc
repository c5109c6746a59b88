#include "core/hex.h"

#include <gtest/gtest.h>

#include "core/constant_time.h"
#include "seeded_random.h"

namespace haven {
namespace {

TEST(Hex, RoundTrips) {
  std::vector<std::uint8_t> bytes = {0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff};
  std::string text = to_hex(bytes);
  EXPECT_EQ(text, "00017f80feff");
  auto back = from_hex(text);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, bytes);
  EXPECT_EQ(*from_hex("ABcd"), (std::vector<std::uint8_t>{0xab, 0xcd}));
}

TEST(Hex, RejectsMalformedText) {
  for (std::string_view bad : {"0", "abc", "zz", "0g", " 00", "00\n"}) {
    EXPECT_FALSE(from_hex(bad).has_value()) << bad;
  }
  EXPECT_TRUE(is_lower_hex("0123456789abcdef"));
  EXPECT_FALSE(is_lower_hex("ABC"));
}

TEST(Hex, RandomHexHasTwiceTheBytes) {
  testing::SeededRandom random(1);
  auto a = random_hex(random, 16);
  auto b = random_hex(random, 16);
  EXPECT_EQ(a.size(), 32u);
  EXPECT_TRUE(is_lower_hex(a));
  EXPECT_NE(a, b);
}

TEST(ConstantTime, ComparesWholeStrings) {
  EXPECT_TRUE(constant_time_equals("", ""));
  EXPECT_TRUE(constant_time_equals("abc", "abc"));
  EXPECT_FALSE(constant_time_equals("abc", "abd"));
  EXPECT_FALSE(constant_time_equals("abc", "ab"));
  EXPECT_FALSE(constant_time_equals("xbc", "abc"));
}

}  // namespace
}  // namespace haven
