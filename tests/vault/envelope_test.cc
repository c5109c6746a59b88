// Round trips, wrong keys, context swaps and the tampering table for every small envelope.
#include "vault/field_cipher.h"

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include "tamper_check.h"
#include "vault/case_key.h"
#include "vault/org_key.h"
#include "vault/password_kek.h"
#include "vault/retention_epoch.h"
#include "vault/session_secret.h"
#include "vault/user_key.h"

namespace haven::vault {
namespace {

using testing::expect_tamper_evident;

constexpr char kCase[] = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
constexpr char kOtherCase[] = "0f1e2d3c4b5a69788796a5b4c3d2e1f1";

TEST(FieldCipher, RoundTripsAndBindsObjectAndField) {
  auto dek = generate_case_key();
  auto env = seal_field(dek, kCase, "narrative", "Я не хочу воевать.");
  ASSERT_TRUE(env);
  EXPECT_EQ(env->size(), kFieldOverheadBytes + std::string("Я не хочу воевать.").size());
  auto text = open_field(dek, kCase, "narrative", *env);
  ASSERT_TRUE(text);
  EXPECT_EQ(*text, "Я не хочу воевать.");
  EXPECT_NE(*seal_field(dek, kCase, "narrative", "x"), *seal_field(dek, kCase, "narrative", "x"));

  EXPECT_EQ(open_field(dek, kOtherCase, "narrative", *env).error().code, ErrorCode::Corruption);
  EXPECT_EQ(open_field(dek, kCase, "name", *env).error().code, ErrorCode::Corruption);
  EXPECT_EQ(open_field(generate_case_key(), kCase, "narrative", *env).error().code,
            ErrorCode::Corruption);
  // Length prefixes: moving a byte across the id/name boundary is a different context.
  auto split = seal_field(dek, "ab", "c", "secret");
  EXPECT_FALSE(open_field(dek, "a", "bc", *split));
  auto empty = seal_field(dek, kCase, "notes", "");
  EXPECT_EQ(*open_field(dek, kCase, "notes", *empty), "");
  EXPECT_EQ(seal_field(SecretBytes(16), kCase, "x", "y").error().code, ErrorCode::InvalidInput);
}

TEST(OrgKey, OnlyTheMemberOpensAndOnlyForThatOrg) {
  auto org = generate_keypair();
  auto member = generate_keypair();
  auto env = seal_org_key(member.public_key, org.secret_key);
  ASSERT_TRUE(env);
  auto opened = open_org_key(member, org.public_key, *env);
  ASSERT_TRUE(opened);
  EXPECT_TRUE(opened->equals(org.secret_key));
  EXPECT_EQ(open_org_key(generate_keypair(), org.public_key, *env).error().code,
            ErrorCode::Corruption);
  auto other_org = generate_keypair();
  EXPECT_EQ(open_org_key(member, other_org.public_key, *env).error().code, ErrorCode::Corruption);
}

TEST(CaseKey, OnlyTheOrgOpensAndOnlyForThatCase) {
  auto org = generate_keypair();
  auto dek = generate_case_key();
  auto env = seal_case_key(org.public_key, kCase, dek);
  ASSERT_TRUE(env);
  auto opened = open_case_key(org, kCase, *env);
  ASSERT_TRUE(opened);
  EXPECT_TRUE(opened->equals(dek));
  EXPECT_EQ(open_case_key(org, kOtherCase, *env).error().code, ErrorCode::Corruption);
  EXPECT_EQ(open_case_key(org, "short", *env).error().code, ErrorCode::Corruption);
  EXPECT_EQ(open_case_key(generate_keypair(), kCase, *env).error().code, ErrorCode::Corruption);
}

TEST(RetentionEpoch, DestroyingTheEpochKeyMakesTheDekUnreadable) {
  auto epoch_key = generate_epoch_key();
  auto dek = generate_case_key();
  auto env = wrap_dek_for_epoch(epoch_key, 202611, kCase, dek);
  ASSERT_TRUE(env);
  EXPECT_EQ(env->size(), kEpochWrappedCaseKeyBytes);
  EXPECT_EQ(*epoch_of(*env), 202611u);
  auto opened = unwrap_dek_for_epoch(epoch_key, kCase, *env);
  ASSERT_TRUE(opened);
  EXPECT_TRUE(opened->equals(dek));
  EXPECT_EQ(unwrap_dek_for_epoch(epoch_key, kOtherCase, *env).error().code, ErrorCode::Corruption);
  epoch_key.wipe();  // "destroyed": whatever key is used now is not the old one
  EXPECT_EQ(unwrap_dek_for_epoch(generate_epoch_key(), kCase, *env).error().code,
            ErrorCode::Corruption);
  EXPECT_EQ(unwrap_dek_for_epoch(epoch_key, kCase, *env).error().code, ErrorCode::InvalidInput);
}

TEST(SessionSecret, HashesVerifiesAndWrapsTheUserKey) {
  auto secret = generate_session_secret();
  auto hash = hash_session_secret(secret);
  ASSERT_TRUE(hash);
  EXPECT_TRUE(verify_session_secret(secret, *hash));
  EXPECT_FALSE(verify_session_secret(generate_session_secret(), *hash));
  EXPECT_FALSE(verify_session_secret(SecretBytes(31), *hash));

  auto text = session_secret_to_hex(secret);
  EXPECT_EQ(text.size(), 64u);
  auto decoded = session_secret_from_hex(text);
  ASSERT_TRUE(decoded);
  EXPECT_TRUE(decoded->equals(secret));
  EXPECT_FALSE(session_secret_from_hex(text.substr(1)));
  EXPECT_FALSE(session_secret_from_hex(std::string(63, 'a') + "g"));

  auto user = generate_keypair();
  auto env = wrap_user_key_for_session(secret, "session-1", user.secret_key);
  ASSERT_TRUE(env);
  EXPECT_EQ(env->size(), kSessionWrappedUserKeyBytes);
  auto opened = unwrap_user_key_for_session(secret, "session-1", *env);
  ASSERT_TRUE(opened);
  EXPECT_TRUE(opened->equals(user.secret_key));
  EXPECT_EQ(unwrap_user_key_for_session(secret, "session-2", *env).error().code,
            ErrorCode::Corruption);
  EXPECT_EQ(unwrap_user_key_for_session(generate_session_secret(), "session-1", *env).error().code,
            ErrorCode::Corruption);
}

// The checker itself must fail on something that is not tamper-evident, or every row below
// would pass vacuously.
std::size_t failures_of(std::function<void()> const& run) {
  ::testing::TestPartResultArray results;
  {
    ::testing::ScopedFakeTestPartResultReporter reporter(
        ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &results);
    run();
  }
  return static_cast<std::size_t>(results.size());
}

TEST(TamperCheck, CountsEveryChangeThatStillOpens) {
  std::vector<std::uint8_t> const plain{1, 4, 0, 0};
  // 32 bit flips + 4 truncations + 3 extensions + 2 × 255 header values.
  EXPECT_EQ(failures_of([&] {
              expect_tamper_evident("accepts anything", plain, [](auto) { return true; });
            }),
            549u);
  EXPECT_EQ(failures_of([&] {
              expect_tamper_evident("exact", plain, [&](auto env) {
                return std::equal(env.begin(), env.end(), plain.begin(), plain.end());
              });
            }),
            0u);
}

// The table: every envelope kind, each with the function that opens it in its one context.
TEST(Envelopes, EveryBitFlipTruncationExtensionAndHeaderChangeIsDetected) {
  auto params = PasswordParams::for_tests();
  auto salt = generate_password_salt();
  auto kek =
      std::move(derive_kek(SecretBytes::copy_of(std::vector<std::uint8_t>{'p', 'w'}), salt, params))
          .value();
  auto user = generate_keypair();
  auto org = generate_keypair();
  auto dek = generate_case_key();
  auto epoch_key = generate_epoch_key();
  auto session = generate_session_secret();

  struct Row {
    std::string name;
    std::vector<std::uint8_t> envelope;
    testing::Opens opens;
  };
  std::vector<Row> rows;
  rows.push_back({"wrapped user key", *wrap_user_key(kek, params, salt, user.secret_key),
                  [&](auto env) { return unwrap_user_key(kek, env).ok(); }});
  rows.push_back({"sealed org key", *seal_org_key(user.public_key, org.secret_key),
                  [&](auto env) { return open_org_key(user, org.public_key, env).ok(); }});
  rows.push_back({"sealed case key", *seal_case_key(org.public_key, kCase, dek),
                  [&](auto env) { return open_case_key(org, kCase, env).ok(); }});
  rows.push_back({"field", *seal_field(dek, kCase, "narrative", std::string(300, 'n')),
                  [&](auto env) { return open_field(dek, kCase, "narrative", env).ok(); }});
  rows.push_back({"empty field", *seal_field(dek, kCase, "narrative", ""),
                  [&](auto env) { return open_field(dek, kCase, "narrative", env).ok(); }});
  rows.push_back({"epoch-wrapped case key", *wrap_dek_for_epoch(epoch_key, 7, kCase, dek),
                  [&](auto env) { return unwrap_dek_for_epoch(epoch_key, kCase, env).ok(); }});
  rows.push_back({"session-wrapped user key",
                  *wrap_user_key_for_session(session, "s1", user.secret_key),
                  [&](auto env) { return unwrap_user_key_for_session(session, "s1", env).ok(); }});
  for (auto const& row : rows) expect_tamper_evident(row.name, row.envelope, row.opens);
}

}  // namespace
}  // namespace haven::vault
