#include "vault/secret_bytes.h"

#include <gtest/gtest.h>

#include <type_traits>
#include <utility>

namespace haven::vault {
namespace {

static_assert(!std::is_copy_constructible_v<SecretBytes>);
static_assert(!std::is_copy_assignable_v<SecretBytes>);
static_assert(std::is_nothrow_move_constructible_v<SecretBytes>);

TEST(SecretBytes, StartsZeroedAndKeepsItsSize) {
  SecretBytes bytes(32);
  ASSERT_EQ(bytes.size(), 32u);
  for (auto b : bytes.span()) EXPECT_EQ(b, 0);
  EXPECT_TRUE(SecretBytes().empty());
  EXPECT_TRUE(SecretBytes(0).empty());
}

TEST(SecretBytes, MovingTransfersOwnershipAndEmptiesTheSource) {
  auto original = SecretBytes::random(32);
  auto const* address = original.data();
  SecretBytes moved(std::move(original));
  EXPECT_EQ(moved.data(), address);
  EXPECT_EQ(moved.size(), 32u);
  EXPECT_TRUE(original.empty());  // NOLINT: checking the moved-from state on purpose
  EXPECT_EQ(original.data(), nullptr);

  SecretBytes assigned(8);
  assigned = std::move(moved);
  EXPECT_EQ(assigned.data(), address);
  EXPECT_TRUE(moved.empty());  // NOLINT
}

TEST(SecretBytes, CopyOfAndEqualsCompareContent) {
  std::uint8_t raw[4] = {1, 2, 3, 4};
  auto a = SecretBytes::copy_of(raw);
  auto b = SecretBytes::copy_of(raw);
  EXPECT_NE(a.data(), b.data());
  EXPECT_TRUE(a.equals(b));
  b.data()[3] = 5;
  EXPECT_FALSE(a.equals(b));
  EXPECT_FALSE(a.equals(SecretBytes(3)));
  wipe_bytes(raw);
  for (auto r : raw) EXPECT_EQ(r, 0);
}

TEST(SecretBytes, RandomBytesDifferAndWipeEmpties) {
  auto a = SecretBytes::random(32);
  auto b = SecretBytes::random(32);
  EXPECT_FALSE(a.equals(b));
  a.wipe();
  EXPECT_TRUE(a.empty());
  EXPECT_EQ(a.data(), nullptr);
  a.wipe();  // idempotent
}

}  // namespace
}  // namespace haven::vault
