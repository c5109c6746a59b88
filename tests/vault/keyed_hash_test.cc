#include "vault/keyed_hash.h"

#include <gtest/gtest.h>

#include <set>

#include "core/hex.h"
#include "vault/codename_keys.h"
#include "vault/digest.h"
#include "vault/recovery_codes.h"
#include "vault/sodium_support.h"

namespace haven::vault {
namespace {

SecretBytes pepper_of(std::uint8_t fill) {
  SecretBytes pepper(kPepperBytes);
  for (auto& b : pepper.span()) b = fill;
  return pepper;
}

TEST(Digest, MatchesBlake2b256Vectors) {
  EXPECT_EQ(to_hex(digest(as_bytes("abc"))),
            "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
  EXPECT_EQ(to_hex(digest(as_bytes(""))),
            "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
}

TEST(Digest, PartsAreLengthPrefixed) {
  EXPECT_NE(digest_parts({as_bytes("ab"), as_bytes("c")}),
            digest_parts({as_bytes("a"), as_bytes("bc")}));
  EXPECT_EQ(digest_parts({as_bytes("a"), as_bytes("bc")}),
            digest_parts({as_bytes("a"), as_bytes("bc")}));
  EXPECT_NE(digest_parts({as_bytes("abc")}), digest(as_bytes("abc")));
}

TEST(HandleHash, DependsOnPepperKindAndHandle) {
  auto pepper = pepper_of(1);
  auto phone = handle_hash(pepper, HandleKind::Phone, "+37120000000");
  ASSERT_TRUE(phone);
  EXPECT_EQ(*phone, *handle_hash(pepper, HandleKind::Phone, "+37120000000"));
  EXPECT_NE(*phone, *handle_hash(pepper, HandleKind::Signal, "+37120000000"));
  EXPECT_NE(*phone, *handle_hash(pepper, HandleKind::Phone, "+37120000001"));
  EXPECT_NE(*phone, *handle_hash(pepper_of(2), HandleKind::Phone, "+37120000000"));
  std::set<HandleHash> kinds;
  for (auto kind : {HandleKind::Phone, HandleKind::Email, HandleKind::Telegram, HandleKind::Signal,
                    HandleKind::Codename}) {
    kinds.insert(*handle_hash(pepper, kind, "same"));
  }
  EXPECT_EQ(kinds.size(), 5u);
  EXPECT_EQ(handle_hash(SecretBytes(16), HandleKind::Email, "a@b").error().code,
            ErrorCode::InvalidInput);
}

TEST(CodenameKeys, AreDeterministicAndSeparated) {
  auto pepper = pepper_of(3);
  std::string_view const codename = "yablonya ruchka more kniga veter";
  auto a = derive_codename_keys(pepper, codename);
  auto b = derive_codename_keys(pepper, codename);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->lookup_id, b->lookup_id);
  EXPECT_EQ(a->keypair.public_key, b->keypair.public_key);
  EXPECT_TRUE(a->keypair.secret_key.equals(b->keypair.secret_key));
  EXPECT_EQ(*public_key_of(a->keypair.secret_key), a->keypair.public_key);
  // Lookup id and seed come from different personalisations, and the lookup id is not the
  // handle hash of the same string.
  EXPECT_NE(std::vector<std::uint8_t>(a->lookup_id.begin(), a->lookup_id.end()),
            std::vector<std::uint8_t>(a->keypair.secret_key.span().begin(),
                                      a->keypair.secret_key.span().end()));
  EXPECT_NE(a->lookup_id, *handle_hash(pepper, HandleKind::Codename, codename));
  auto other = derive_codename_keys(pepper, "yablonya ruchka more kniga veteR");
  EXPECT_NE(a->lookup_id, other->lookup_id);
  EXPECT_NE(a->keypair.public_key, other->keypair.public_key);
  auto other_pepper = derive_codename_keys(pepper_of(4), codename);
  EXPECT_NE(a->lookup_id, other_pepper->lookup_id);
  EXPECT_EQ(derive_codename_keys(pepper, "").error().code, ErrorCode::InvalidInput);
}

TEST(RecoveryCodes, AreWellFormedAndEachWorksOnce) {
  auto pepper = pepper_of(5);
  auto set = generate_recovery_codes(pepper, "user-1");
  ASSERT_TRUE(set);
  ASSERT_EQ(set->codes.size(), kRecoveryCodeCount);
  ASSERT_EQ(set->hashes.size(), kRecoveryCodeCount);
  std::set<std::string> distinct(set->codes.begin(), set->codes.end());
  EXPECT_EQ(distinct.size(), kRecoveryCodeCount);
  for (auto const& code : set->codes) {
    ASSERT_EQ(code.size(), kRecoveryCodeLength + 1);
    EXPECT_EQ(code[5], '-');
    for (char c : code) EXPECT_TRUE(c == '-' || kRecoveryAlphabet.find(c) != std::string::npos);
  }

  auto hashes = set->hashes;  // what the database holds
  auto matched = match_recovery_code(pepper, "user-1", set->codes[3], hashes);
  ASSERT_TRUE(matched);
  EXPECT_EQ(*matched, 3u);
  hashes.erase(hashes.begin() + 3);  // the caller's single-use step
  EXPECT_EQ(match_recovery_code(pepper, "user-1", set->codes[3], hashes).error().code,
            ErrorCode::PermissionDenied);
  // Case, spaces and the dash do not matter; user and pepper do.
  std::string typed = set->codes[0];
  for (auto& c : typed) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  typed.erase(5, 1);
  typed.insert(2, " ");
  EXPECT_EQ(*match_recovery_code(pepper, "user-1", typed, hashes), 0u);
  EXPECT_FALSE(match_recovery_code(pepper, "user-2", set->codes[0], hashes));
  EXPECT_FALSE(match_recovery_code(pepper_of(6), "user-1", set->codes[0], hashes));
  EXPECT_FALSE(match_recovery_code(pepper, "user-1", "", hashes));
  EXPECT_FALSE(match_recovery_code(pepper, "user-1", "0000000000", hashes));
}

TEST(RecoveryCodes, HashOfAnEnteredCodeIsTheStoredOne) {
  auto pepper = pepper_of(5);
  auto set = generate_recovery_codes(pepper, "user-1");
  ASSERT_TRUE(set);
  std::string typed = set->codes[7];
  for (auto& c : typed) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto hash = recovery_code_hash(pepper, "user-1", typed);
  ASSERT_TRUE(hash);
  EXPECT_EQ(*hash, set->hashes[7]);
  EXPECT_NE(*recovery_code_hash(pepper, "user-2", set->codes[7]), set->hashes[7]);
  EXPECT_EQ(recovery_code_hash(pepper, "user-1", "123456").error().code,
            ErrorCode::PermissionDenied);
  EXPECT_EQ(recovery_code_hash(pepper, "user-1", "").error().code, ErrorCode::PermissionDenied);
  EXPECT_EQ(recovery_code_hash(SecretBytes(), "user-1", set->codes[0]).error().code,
            ErrorCode::InvalidInput);
}

}  // namespace
}  // namespace haven::vault

namespace haven::vault {
namespace {

TEST(KeyedDigest, DependsOnTheKeyAndRejectsWrongSizes) {
  auto key = SecretBytes::random(kDigestKeyBytes);
  auto other = SecretBytes::random(kDigestKeyBytes);
  auto a = keyed_digest_parts(key, {as_bytes("entry")});
  auto b = keyed_digest_parts(other, {as_bytes("entry")});
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);
  EXPECT_EQ(*a, *keyed_digest_parts(key, {as_bytes("entry")}));
  EXPECT_NE(*a, digest_parts({as_bytes("entry")}));
  EXPECT_NE(*keyed_digest_parts(key, {as_bytes("ab"), as_bytes("c")}),
            *keyed_digest_parts(key, {as_bytes("a"), as_bytes("bc")}));
  for (std::size_t size : {0u, 16u, 31u, 33u, 64u}) {
    auto result = keyed_digest_parts(SecretBytes(size), {as_bytes("x")});
    ASSERT_FALSE(result.ok()) << size;
    EXPECT_EQ(result.error().code, ErrorCode::InvalidInput);
  }
}

}  // namespace
}  // namespace haven::vault
