#include "web/operator_endpoints.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/metrics.h"
#include "site_fixture.h"

namespace haven::web {
namespace {

using testing::dispatch;
using testing::make_request;

http::Response get(http::Router const& router, std::string path, std::string authorization = {}) {
  auto request = make_request(http::Method::Get, std::move(path));
  if (!authorization.empty()) request.headers.add("Authorization", authorization);
  return dispatch(router, request);
}

TEST(HealthzTest, ReportsEngineAndSchema) {
  SiteConfig config;
  config.check_health = [] { return Result<app::HealthReport>(app::HealthReport{"sqlite", 3}); };
  auto router = testing::make_site(std::move(config)).router();
  auto response = get(router, "/healthz");
  EXPECT_EQ(response.status, 200u);
  EXPECT_EQ(response.headers.get("Cache-Control"), "no-store");
  EXPECT_TRUE(response.content_type.starts_with("application/json"));
  EXPECT_EQ(nlohmann::json::parse(response.body),
            nlohmann::json::parse(R"({"status":"ok","database":{"engine":"sqlite","schema":3}})"));
}

TEST(HealthzTest, UnavailableHidesTheReason) {
  SiteConfig config;
  config.check_health = [] {
    return Result<app::HealthReport>(make_error(ErrorCode::Unavailable, "disk /srv/x full"));
  };
  auto response = get(testing::make_site(std::move(config)).router(), "/healthz");
  EXPECT_EQ(response.status, 503u);
  EXPECT_EQ(response.body, R"({"status":"unavailable"})");
  EXPECT_EQ(response.headers.get("Cache-Control"), "no-store");
}

TEST(HealthzTest, ThrowingOrMissingCheckIsUnavailable) {
  SiteConfig config;
  config.check_health = []() -> Result<app::HealthReport> { throw std::runtime_error("boom"); };
  EXPECT_EQ(get(testing::make_site(std::move(config)).router(), "/healthz").status, 503u);
  EXPECT_EQ(get(testing::make_site().router(), "/healthz").status, 503u);
}

class MetricsTest : public ::testing::Test {
 protected:
  http::Router router_with_token(std::string token) {
    SiteConfig config;
    config.metrics = &metrics_;
    config.metrics_token = std::move(token);
    return testing::make_site(std::move(config)).router();
  }
  http::Metrics metrics_;
};

TEST_F(MetricsTest, OnlyTheRightTokenSeesMetrics) {
  metrics_.record_request("/", "GET", 200, std::chrono::milliseconds(3));
  auto router = router_with_token("s3cret-token-value");
  struct Row {
    std::string_view authorization;
    unsigned want;
  };
  Row const rows[] = {
      {"", 404},
      {"Bearer wrong", 404},
      {"Bearer s3cret-token-valuX", 404},
      {"Bearer s3cret-token-value ", 404},
      {"Bearer s3cret-token-valu", 404},
      {"Basic s3cret-token-value", 404},
      {"s3cret-token-value", 404},
      {"Bearer s3cret-token-value", 200},
      {"bearer s3cret-token-value", 200},
  };
  for (auto const& row : rows) {
    auto response = get(router, "/metrics", std::string(row.authorization));
    EXPECT_EQ(response.status, row.want) << row.authorization;
    if (row.want == 404) {
      EXPECT_TRUE(response.body.empty()) << "the usual 404 page comes from the renderer";
    } else {
      EXPECT_TRUE(response.content_type.starts_with("text/plain; version=0.0.4"));
      EXPECT_EQ(response.headers.get("Cache-Control"), "no-store");
    }
  }
}

TEST_F(MetricsTest, EmptyTokenServesNobody) {
  auto router = router_with_token("");
  EXPECT_EQ(get(router, "/metrics", "Bearer ").status, 404u);
  EXPECT_EQ(get(router, "/metrics", "Bearer").status, 404u);
  EXPECT_EQ(get(router, "/metrics").status, 404u);
}

TEST(ApiIndexTest, NamesVersionAndLanguages) {
  auto response = get(testing::make_site().router(), "/api/v1");
  EXPECT_EQ(response.status, 200u);
  auto json = nlohmann::json::parse(response.body);
  EXPECT_EQ(json["api"], "v1");
  EXPECT_TRUE(json["version"].is_string());
  EXPECT_EQ(json["languages"], nlohmann::json::parse(R"(["en","ru","uk","de"])"));
}

}  // namespace
}  // namespace haven::web
