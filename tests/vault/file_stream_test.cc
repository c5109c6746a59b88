#include "vault/file_stream.h"

#include <gtest/gtest.h>

#include "tamper_check.h"
#include "vault/case_key.h"

namespace haven::vault {
namespace {

constexpr char kAttachment[] = "a1a2a3a4a5a6a7a8a9aaabacadaeafb0";

std::vector<std::uint8_t> pattern(std::size_t size) {
  std::vector<std::uint8_t> out(size);
  for (std::size_t i = 0; i < size; ++i) out[i] = static_cast<std::uint8_t>(i * 31 + 7);
  return out;
}

TEST(FileStream, RoundTripsEverySizeAroundChunkBoundaries) {
  auto dek = generate_case_key();
  for (std::size_t size : {std::size_t{0}, std::size_t{1}, kFileChunkBytes - 1, kFileChunkBytes,
                           kFileChunkBytes + 1, 2 * kFileChunkBytes + 100}) {
    SCOPED_TRACE(size);
    auto plain = pattern(size);
    auto env = seal_file(dek, kAttachment, plain);
    ASSERT_TRUE(env);
    std::size_t const chunks = size / kFileChunkBytes + (size % kFileChunkBytes ? 1 : 0);
    EXPECT_EQ(env->size(),
              kFileHeaderBytes + size + std::max<std::size_t>(chunks, 1) * kFileChunkOverheadBytes);
    auto opened = open_file(dek, kAttachment, *env);
    ASSERT_TRUE(opened);
    EXPECT_EQ(*opened, plain);
  }
}

TEST(FileStream, WrongKeyOrObjectFails) {
  auto dek = generate_case_key();
  auto env = *seal_file(dek, kAttachment, pattern(100));
  EXPECT_EQ(open_file(generate_case_key(), kAttachment, env).error().code, ErrorCode::Corruption);
  EXPECT_EQ(open_file(dek, "another-attachment", env).error().code, ErrorCode::Corruption);
}

TEST(FileStream, DetectsTamperingInASmallFile) {
  auto dek = generate_case_key();
  testing::expect_tamper_evident("small file", *seal_file(dek, kAttachment, pattern(200)),
                                 [&](auto env) { return open_file(dek, kAttachment, env).ok(); });
  testing::expect_tamper_evident("empty file", *seal_file(dek, kAttachment, {}),
                                 [&](auto env) { return open_file(dek, kAttachment, env).ok(); });
}

TEST(FileStream, DetectsTamperingTruncationAndReorderingAcrossChunks) {
  auto dek = generate_case_key();
  auto env = *seal_file(dek, kAttachment, pattern(2 * kFileChunkBytes + 10));
  auto opens = [&](std::span<std::uint8_t const> e) { return open_file(dek, kAttachment, e).ok(); };
  std::size_t const full = kFileChunkBytes + kFileChunkOverheadBytes;
  // Cut exactly at a chunk boundary: every chunk left is authentic, but none is final.
  EXPECT_FALSE(opens(std::span(env).first(kFileHeaderBytes + full)));
  EXPECT_FALSE(opens(std::span(env).first(kFileHeaderBytes + 2 * full)));
  // Swap the first two chunks.
  std::vector<std::uint8_t> swapped(env.begin(), env.begin() + kFileHeaderBytes);
  swapped.insert(swapped.end(), env.begin() + kFileHeaderBytes + full,
                 env.begin() + kFileHeaderBytes + 2 * full);
  swapped.insert(swapped.end(), env.begin() + kFileHeaderBytes,
                 env.begin() + kFileHeaderBytes + full);
  swapped.insert(swapped.end(), env.begin() + kFileHeaderBytes + 2 * full, env.end());
  EXPECT_FALSE(opens(swapped));
  // Drop the middle chunk.
  std::vector<std::uint8_t> dropped(env.begin(), env.begin() + kFileHeaderBytes + full);
  dropped.insert(dropped.end(), env.begin() + kFileHeaderBytes + 2 * full, env.end());
  EXPECT_FALSE(opens(dropped));
  // A final chunk from another file of the same key and object appended after ours.
  auto other = *seal_file(dek, kAttachment, pattern(5));
  auto extended = env;
  extended.insert(extended.end(), other.begin() + kFileHeaderBytes, other.end());
  EXPECT_FALSE(opens(extended));
  testing::expect_tamper_evident("multi-chunk file", env, opens);
}

TEST(FileStream, StreamingApiEnforcesChunkRules) {
  auto dek = generate_case_key();
  auto sealer = FileSealer::start(dek, kAttachment);
  ASSERT_TRUE(sealer);
  EXPECT_EQ(sealer->seal_chunk(pattern(10), FileChunk::More).error().code, ErrorCode::InvalidInput);
  auto c1 = sealer->seal_chunk(pattern(kFileChunkBytes), FileChunk::More);
  auto c2 = sealer->seal_chunk(pattern(3), FileChunk::Final);
  ASSERT_TRUE(c1 && c2);
  EXPECT_FALSE(sealer->seal_chunk(pattern(1), FileChunk::Final));

  auto opener = FileOpener::start(dek, kAttachment, sealer->header());
  ASSERT_TRUE(opener);
  EXPECT_TRUE(opener->open_chunk(*c1));
  EXPECT_FALSE(opener->is_finished());
  auto last = opener->open_chunk(*c2);
  ASSERT_TRUE(last);
  EXPECT_EQ(*last, pattern(3));
  EXPECT_TRUE(opener->is_finished());
  EXPECT_EQ(opener->open_chunk(*c2).error().code, ErrorCode::Corruption);
}

}  // namespace
}  // namespace haven::vault
