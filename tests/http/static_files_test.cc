#include "http/static_files.h"

#include <gtest/gtest.h>

namespace haven::http {
namespace {

Request get(std::string if_none_match = {}, std::string version = {}) {
  Request request;
  if (!if_none_match.empty()) request.headers.add("If-None-Match", std::move(if_none_match));
  if (!version.empty()) request.query.emplace_back("v", std::move(version));
  return request;
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    files_.add("haven.css", "body{color:#111}");
    files_.add("app.js", "1");
    files_.add("site.webmanifest", "{}");
    files_.add("font.woff2", "w");
    files_.add("unknown.bin", "b");
  }
  StaticFiles files_;
};

TEST_F(StaticFilesTest, ServesWithTypeAndStrongEtag) {
  auto response = files_.serve(get(), "haven.css");
  EXPECT_EQ(response.status, 200u);
  EXPECT_EQ(response.body, "body{color:#111}");
  EXPECT_EQ(response.content_type, "text/css; charset=utf-8");
  auto etag = files_.etag("haven.css");
  ASSERT_EQ(etag.size(), 16u);
  EXPECT_EQ(response.headers.get("ETag"), "\"" + etag + "\"");
  EXPECT_EQ(response.headers.get("Cache-Control"), "public, max-age=3600");
}

TEST_F(StaticFilesTest, ContentTypeByExtension) {
  EXPECT_EQ(files_.serve(get(), "app.js").content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(files_.serve(get(), "site.webmanifest").content_type, "application/manifest+json");
  EXPECT_EQ(files_.serve(get(), "font.woff2").content_type, "font/woff2");
  EXPECT_EQ(files_.serve(get(), "unknown.bin").content_type, "application/octet-stream");
}

TEST_F(StaticFilesTest, IfNoneMatchGives304WithoutBody) {
  std::string quoted = "\"" + files_.etag("haven.css") + "\"";
  for (std::string header : {quoted, "W/" + quoted, "\"other\", " + quoted, std::string("*")}) {
    SCOPED_TRACE(header);
    auto response = files_.serve(get(header), "haven.css");
    EXPECT_EQ(response.status, 304u);
    EXPECT_TRUE(response.body.empty());
    EXPECT_EQ(response.headers.get("ETag"), quoted);
  }
  EXPECT_EQ(files_.serve(get("\"other\""), "haven.css").status, 200u);
}

TEST_F(StaticFilesTest, VersionedLinkIsImmutable) {
  auto etag = files_.etag("haven.css");
  EXPECT_EQ(files_.serve(get({}, etag), "haven.css").headers.get("Cache-Control"),
            "public, max-age=31536000, immutable");
  EXPECT_EQ(files_.serve(get({}, "stale"), "haven.css").headers.get("Cache-Control"),
            "public, max-age=3600");
}

TEST_F(StaticFilesTest, UnknownNameIsAnEmpty404) {
  for (std::string_view name : {"nope.css", "../haven.css", "", "HAVEN.CSS"}) {
    auto response = files_.serve(get(), name);
    EXPECT_EQ(response.status, 404u);
    EXPECT_TRUE(response.body.empty());
  }
  EXPECT_EQ(files_.etag("nope.css"), "");
}

TEST_F(StaticFilesTest, EtagChangesWithContent) {
  auto before = files_.etag("haven.css");
  files_.add("haven.css", "body{color:#222}");
  EXPECT_NE(files_.etag("haven.css"), before);
}

}  // namespace
}  // namespace haven::http
