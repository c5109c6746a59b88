#include "http/metrics.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace haven::http {
namespace {

using std::chrono::milliseconds;

TEST(Metrics, RendersCountersHistogramAndGauge) {
  Metrics metrics;
  metrics.record_request("/cases/{id}", "GET", 200, milliseconds(3));
  metrics.record_request("/cases/{id}", "GET", 200, milliseconds(20));
  metrics.record_request("unmatched", "GET", 404, std::chrono::seconds(30));
  metrics.connection_opened();
  metrics.connection_opened();
  metrics.connection_closed();
  auto text = metrics.render_prometheus();
  for (std::string_view line : {
           "# TYPE haven_http_requests_total counter\n",
           "haven_http_requests_total{route=\"/cases/{id}\",method=\"GET\",status=\"200\"} 2\n",
           "haven_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1\n",
           "# TYPE haven_http_request_duration_seconds histogram\n",
           "haven_http_request_duration_seconds_bucket{le=\"0.001\"} 0\n",
           "haven_http_request_duration_seconds_bucket{le=\"0.005\"} 1\n",
           "haven_http_request_duration_seconds_bucket{le=\"0.025\"} 2\n",
           "haven_http_request_duration_seconds_bucket{le=\"10\"} 2\n",
           "haven_http_request_duration_seconds_bucket{le=\"+Inf\"} 3\n",
           "haven_http_request_duration_seconds_count 3\n",
           "haven_http_request_duration_seconds_sum 30.023\n",
           "# TYPE haven_http_open_connections gauge\n",
           "haven_http_open_connections 1\n",
       }) {
    EXPECT_NE(text.find(line), std::string::npos) << line << "\nin:\n" << text;
  }
  EXPECT_NE(text.find("# HELP haven_http_requests_total"), std::string::npos);
}

TEST(Metrics, EscapesLabelValues) {
  Metrics metrics;
  metrics.record_request("/a\"b\\c", "GET", 200, milliseconds(1));
  EXPECT_NE(metrics.render_prometheus().find("route=\"/a\\\"b\\\\c\""), std::string::npos);
}

TEST(Metrics, CountsFromManyThreads) {
  Metrics metrics;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) metrics.record_request("/", "GET", 200, milliseconds(1));
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_NE(metrics.render_prometheus().find("status=\"200\"} 4000\n"), std::string::npos);
}

}  // namespace
}  // namespace haven::http
