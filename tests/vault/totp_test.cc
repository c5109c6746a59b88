#include "vault/totp.h"

#include <gtest/gtest.h>

#include "vault/base32.h"
#include "vault/sodium_support.h"

namespace haven::vault {
namespace {

using std::chrono::seconds;
Clock::time_point at(std::int64_t unix_seconds) { return Clock::time_point(seconds(unix_seconds)); }

SecretBytes rfc_secret() { return SecretBytes::copy_of(as_bytes("12345678901234567890")); }

// RFC 6238 Appendix B, SHA1 column: 8 digits, and the last 6 of them for our 6-digit codes.
TEST(Totp, MatchesRfc6238AppendixB) {
  struct Row {
    std::int64_t time;
    std::string_view code8;
  };
  Row const rows[] = {{59, "94287082"},         {1111111109, "07081804"},
                      {1111111111, "14050471"}, {1234567890, "89005924"},
                      {2000000000, "69279037"}, {20000000000, "65353130"}};
  auto secret = rfc_secret();
  for (auto const& row : rows) {
    SCOPED_TRACE(row.time);
    std::uint64_t const step = static_cast<std::uint64_t>(row.time) / 30;
    EXPECT_EQ(*totp_code(secret, step, 8), row.code8);
    EXPECT_EQ(*totp_code(secret, step), row.code8.substr(2));
    // system_clock's nanoseconds end in 2262, before the last vector (year 2603).
    if (row.time > 10'000'000'000) continue;
    EXPECT_EQ(*totp_step_at(at(row.time)), step);
    auto matched = verify_totp(secret, row.code8.substr(2), at(row.time), std::nullopt);
    ASSERT_TRUE(matched);
    EXPECT_EQ(*matched, step);
  }
}

TEST(Totp, AcceptsOneStepEitherSideAndNoMore) {
  auto secret = generate_totp_secret();
  std::int64_t const now = 1'800'000'015;  // mid-step
  std::uint64_t const step = *totp_step_at(at(now));
  for (int offset : {-1, 0, 1}) {
    auto code = *totp_code(secret, step + offset);
    auto matched = verify_totp(secret, code, at(now), std::nullopt);
    ASSERT_TRUE(matched) << offset;
    EXPECT_EQ(*matched, step + offset);
  }
  for (int offset : {-2, 2}) {
    auto code = *totp_code(secret, step + offset);
    auto refused = verify_totp(secret, code, at(now), std::nullopt);
    ASSERT_FALSE(refused) << offset;
    EXPECT_EQ(refused.error().code, ErrorCode::PermissionDenied);
  }
}

TEST(Totp, RefusesReplayOfTheSameOrAnEarlierStep) {
  auto secret = generate_totp_secret();
  auto const now = at(1'800'000'000);
  auto code = *totp_code(secret, *totp_step_at(now));
  auto first = verify_totp(secret, code, now, std::nullopt);
  ASSERT_TRUE(first);
  std::uint64_t last_used = *first;  // what the caller stores
  EXPECT_EQ(verify_totp(secret, code, now, last_used).error().code, ErrorCode::PermissionDenied);
  EXPECT_FALSE(verify_totp(secret, code, now + seconds(30), last_used));
  auto previous = *totp_code(secret, last_used - 1);
  EXPECT_FALSE(verify_totp(secret, previous, now, last_used));
  auto next_code = *totp_code(secret, last_used + 1);
  auto next = verify_totp(secret, next_code, now + seconds(30), last_used);
  ASSERT_TRUE(next);
  EXPECT_EQ(*next, last_used + 1);
}

TEST(Totp, RejectsMalformedInput) {
  auto secret = generate_totp_secret();
  auto const now = at(1'800'000'000);
  EXPECT_EQ(verify_totp(secret, "12345", now, std::nullopt).error().code, ErrorCode::InvalidInput);
  EXPECT_EQ(verify_totp(secret, "12345a", now, std::nullopt).error().code, ErrorCode::InvalidInput);
  EXPECT_EQ(totp_code(secret, 1, 5).error().code, ErrorCode::InvalidInput);
  EXPECT_EQ(totp_code(SecretBytes(), 1).error().code, ErrorCode::InvalidInput);
  EXPECT_EQ(totp_step_at(at(-1)).error().code, ErrorCode::InvalidInput);
}

TEST(Totp, BuildsAnOtpauthUri) {
  auto secret = rfc_secret();
  EXPECT_EQ(totp_uri("anna@example.org", secret),
            "otpauth://totp/Haven:anna%40example.org?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
            "&issuer=Haven&algorithm=SHA1&digits=6&period=30");
}

TEST(Base32, MatchesRfc4648Vectors) {
  struct Row {
    std::string_view plain, encoded;
  };
  Row const rows[] = {{"", ""},
                      {"f", "MY"},
                      {"fo", "MZXQ"},
                      {"foo", "MZXW6"},
                      {"foob", "MZXW6YQ"},
                      {"fooba", "MZXW6YTB"},
                      {"foobar", "MZXW6YTBOI"}};
  for (auto const& row : rows) {
    SCOPED_TRACE(row.plain);
    EXPECT_EQ(encode_base32(as_bytes(row.plain)), row.encoded);
    auto decoded = decode_base32(row.encoded);
    ASSERT_TRUE(decoded);
    EXPECT_TRUE(decoded->equals(SecretBytes::copy_of(as_bytes(row.plain))));
  }
  EXPECT_TRUE(decode_base32("mzxw6ytboi"));  // either case
  EXPECT_TRUE(decode_base32("MZXW6YQ="));    // padding tolerated
  EXPECT_FALSE(decode_base32("MZXW6YQ1"));   // '1' is not base32
  EXPECT_FALSE(decode_base32("M"));          // impossible length
  EXPECT_FALSE(decode_base32("MZ"));         // "MY" is canonical; Z leaves bits set
}

}  // namespace
}  // namespace haven::vault
