#include "vault/system_random.h"

#include <gtest/gtest.h>

#include <array>
#include <set>

namespace haven::vault {
namespace {

TEST(SystemRandom, ProducesDistinctFullLengthOutput) {
  ASSERT_TRUE(initialise());
  SystemRandom random;
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) seen.insert(random_hex(random, 16));
  EXPECT_EQ(seen.size(), 100u);
  // Every byte value shows up in a large sample: the buffer is filled, not left zeroed.
  std::array<std::uint8_t, 8192> buffer{};
  random.fill(buffer);
  std::set<std::uint8_t> values(buffer.begin(), buffer.end());
  EXPECT_EQ(values.size(), 256u);
}

}  // namespace
}  // namespace haven::vault
