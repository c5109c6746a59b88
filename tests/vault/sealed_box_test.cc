// seal_to / open_sealed: round trip, wrong recipient, wrong purpose, tampering.
#include "vault/sealed_box.h"

#include <gtest/gtest.h>

#include <string_view>

#include "tamper_check.h"

namespace haven::vault {
namespace {

std::span<std::uint8_t const> bytes_of(std::string_view text) {
  return {reinterpret_cast<std::uint8_t const*>(text.data()), text.size()};
}

TEST(SealedBox, RoundTripsForItsPurpose) {
  auto recipient = generate_keypair();
  for (std::string_view text : {std::string_view(""), std::string_view("counsellor@example.org"),
                                std::string_view("Я не хочу воевать.")}) {
    auto env = seal_to(recipient.public_key, SealedPurpose::StaffEmail, bytes_of(text));
    ASSERT_TRUE(env.ok());
    EXPECT_EQ(env->size(), 3 + 48 + 1 + text.size());
    EXPECT_EQ((*env)[0], 0x01);
    EXPECT_EQ((*env)[1], 0x08);
    EXPECT_EQ((*env)[2], 0x02);
    auto opened = open_sealed(recipient, SealedPurpose::StaffEmail, *env);
    ASSERT_TRUE(opened.ok()) << opened.error().detail;
    EXPECT_EQ(std::string_view(reinterpret_cast<char const*>(opened->data()), opened->size()),
              text);
  }
}

TEST(SealedBox, RefusesAnotherPurposeOrRecipient) {
  auto recipient = generate_keypair();
  auto other = generate_keypair();
  auto env = seal_to(recipient.public_key, SealedPurpose::TotpSecret, bytes_of("secret"));
  ASSERT_TRUE(env.ok());
  auto wrong_purpose = open_sealed(recipient, SealedPurpose::StaffEmail, *env);
  ASSERT_FALSE(wrong_purpose.ok());
  EXPECT_EQ(wrong_purpose.error().code, ErrorCode::Corruption);
  // Rewriting the clear purpose byte does not help: the purpose is sealed inside too.
  auto relabelled = *env;
  relabelled[2] = static_cast<std::uint8_t>(SealedPurpose::StaffEmail);
  EXPECT_FALSE(open_sealed(recipient, SealedPurpose::StaffEmail, relabelled).ok());
  auto wrong_key = open_sealed(other, SealedPurpose::TotpSecret, *env);
  ASSERT_FALSE(wrong_key.ok());
  EXPECT_EQ(wrong_key.error().code, ErrorCode::Corruption);
}

TEST(SealedBox, IsTamperEvident) {
  auto recipient = generate_keypair();
  auto env = seal_to(recipient.public_key, SealedPurpose::TotpSecret, bytes_of("0123456789"));
  ASSERT_TRUE(env.ok());
  testing::expect_tamper_evident("sealed box", *env, [&](std::span<std::uint8_t const> e) {
    return open_sealed(recipient, SealedPurpose::TotpSecret, e).ok();
  });
}

TEST(SealedBox, RefusesOversizedPlaintextAndBadKeys) {
  auto recipient = generate_keypair();
  std::vector<std::uint8_t> big(kMaxSealedBytes + 1, 'x');
  auto sealed = seal_to(recipient.public_key, SealedPurpose::TotpSecret, big);
  ASSERT_FALSE(sealed.ok());
  EXPECT_EQ(sealed.error().code, ErrorCode::InvalidInput);
  auto env = seal_to(recipient.public_key, SealedPurpose::TotpSecret, bytes_of("x"));
  ASSERT_TRUE(env.ok());
  Keypair broken{recipient.public_key, SecretBytes(5)};
  auto opened = open_sealed(broken, SealedPurpose::TotpSecret, *env);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, ErrorCode::InvalidInput);
}

}  // namespace
}  // namespace haven::vault
