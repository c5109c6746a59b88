#include "http/target.h"

#include <gtest/gtest.h>

namespace haven::http {
namespace {

TEST(Target, DecodesOrRejects) {
  struct Row {
    std::string_view target;
    bool ok;
    std::string_view path;  // when ok
  };
  std::vector<Row> rows = {
      {"/", true, "/"},
      {"/a/b", true, "/a/b"},
      {"/caf%C3%A9", true, "/caf\xc3\xa9"},
      {"/a%20b", true, "/a b"},
      {"/a+b", true, "/a+b"},
      {"/%252e%252e/x", true, "/%2e%2e/x"},  // double-encoded stays literal: no route or file
      {"/a//b", true, "/a//b"},
      {"/../../etc/passwd", false, ""},
      {"/a/./b", false, ""},
      {"/a/..", false, ""},
      {"/%2e%2e/%2e%2e/etc/passwd", false, ""},
      {"/%2E%2E/etc/passwd", false, ""},
      {"/.%2e/etc", false, ""},
      {"/static/..%2f..%2fetc/passwd", false, ""},
      {"/static/%2F", false, ""},
      {"/a%00b", false, ""},
      {"/a%5cb", false, ""},
      {"/a\\b", false, ""},
      {"/a%", false, ""},
      {"/a%4", false, ""},
      {"/a%zz", false, ""},
      {"/%ff", false, ""},  // not UTF-8
      {"/%0d%0aSet-Cookie:x", false, ""},
      {"http://example.org/", false, ""},
      {"example.org:443", false, ""},
      {"*", false, ""},
      {"", false, ""},
  };
  for (auto const& row : rows) {
    SCOPED_TRACE(row.target);
    auto result = parse_target(row.target);
    ASSERT_EQ(result.ok(), row.ok);
    if (row.ok) {
      EXPECT_EQ(result->path, row.path);
    } else {
      EXPECT_EQ(result.error().code, ErrorCode::InvalidInput);
    }
  }
}

TEST(Target, DecodesQuery) {
  auto result = parse_target("/search?q=a+b&x=%C3%A9&empty=&flag&&last=1");
  ASSERT_TRUE(result.ok());
  std::vector<std::pair<std::string, std::string>> want = {
      {"q", "a b"}, {"x", "\xc3\xa9"}, {"empty", ""}, {"flag", ""}, {"last", "1"}};
  EXPECT_EQ(result->query, want);
  EXPECT_EQ(result->path, "/search");
}

TEST(Target, RejectsMalformedQuery) {
  for (std::string_view target : {"/?a=%zz", "/?a=%", "/?%ff=1", "/?a=1#frag"}) {
    SCOPED_TRACE(target);
    EXPECT_FALSE(parse_target(target).ok());
  }
}

}  // namespace
}  // namespace haven::http
