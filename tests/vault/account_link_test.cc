#include "vault/account_link.h"

#include <gtest/gtest.h>

#include "vault/totp.h"

namespace haven::vault {
namespace {

TEST(AccountLink, SecretSurvivesItsTextFormAndOnlyItMatchesTheHash) {
  auto secret = generate_account_link_secret();
  ASSERT_EQ(secret.size(), kAccountLinkSecretBytes);
  auto text = account_link_secret_to_hex(secret);
  EXPECT_EQ(text.size(), 64u);
  auto back = account_link_secret_from_hex(text);
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(back->equals(secret));

  auto hash = hash_account_link_secret(secret);
  ASSERT_TRUE(hash.ok());
  EXPECT_TRUE(verify_account_link_secret(*back, *hash));
  EXPECT_FALSE(verify_account_link_secret(generate_account_link_secret(), *hash));
  EXPECT_FALSE(verify_account_link_secret(SecretBytes(), *hash));
}

TEST(AccountLink, MalformedTextIsInvalidInput) {
  for (std::string bad : {std::string(), std::string(63, 'a'), std::string(65, 'a'),
                          std::string(64, 'g'), std::string(64, ' ')}) {
    EXPECT_EQ(account_link_secret_from_hex(bad).error().code, ErrorCode::InvalidInput);
  }
  EXPECT_TRUE(account_link_secret_from_hex(std::string(64, 'F')).ok());
}

TEST(AccountLink, TheEnrolmentTotpSecretIsFixedPerLinkAndDiffersBetweenLinks) {
  auto link = generate_account_link_secret();
  auto first = enrolment_totp_secret(link);
  auto again = enrolment_totp_secret(link);
  auto other = enrolment_totp_secret(generate_account_link_secret());
  ASSERT_TRUE(first.ok() && again.ok() && other.ok());
  EXPECT_EQ(first->size(), kTotpSecretBytes);
  EXPECT_TRUE(first->equals(*again));
  EXPECT_FALSE(first->equals(*other));
  // Not the hash that is stored: the database alone does not give the TOTP secret.
  auto hash = hash_account_link_secret(link);
  EXPECT_NE(std::string(hash->begin(), hash->begin() + kTotpSecretBytes),
            std::string(first->span().begin(), first->span().end()));
  EXPECT_EQ(enrolment_totp_secret(SecretBytes(16)).error().code, ErrorCode::InvalidInput);
}

}  // namespace
}  // namespace haven::vault
