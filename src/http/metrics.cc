#include "http/metrics.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

namespace haven::http {

namespace {

// Upper bounds of the latency histogram, in seconds and nanoseconds.
constexpr std::array<double, 13> kBucketSeconds{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                0.25,  0.5,    1.0,   2.5,  5.0,   10.0};

std::string escape_label(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

struct Series {
  std::string route;
  std::string method;
  unsigned status;
  std::atomic<std::uint64_t> count{0};
};

std::string format_seconds(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.9g", seconds);
  return text;
}

}  // namespace

// The label combinations are few (routes × methods × statuses), so a read-mostly map under
// a shared lock holds them; counting is one relaxed atomic increment. The key is built in
// a thread-local buffer so the hot path does not allocate.
struct Metrics::State {
  mutable std::shared_mutex mutex;
  std::unordered_map<std::string, std::unique_ptr<Series>> series;
  std::array<std::atomic<std::uint64_t>, kBucketSeconds.size()> buckets{};
  std::atomic<std::uint64_t> latency_count{0};
  std::atomic<std::uint64_t> latency_sum_ns{0};
  std::atomic<std::int64_t> open_connections{0};
};

Metrics::Metrics() : state_(new State) {}
Metrics::~Metrics() { delete state_; }

void Metrics::record_request(std::string_view route, std::string_view method, unsigned status,
                             std::chrono::nanoseconds latency) {
  thread_local std::string key;
  key.assign(route);
  key += '\x1f';
  key += method;
  key += '\x1f';
  key += std::to_string(status);
  Series* series = nullptr;
  {
    std::shared_lock lock(state_->mutex);
    auto found = state_->series.find(key);
    if (found != state_->series.end()) series = found->second.get();
  }
  if (series == nullptr) {
    std::unique_lock lock(state_->mutex);
    auto& slot = state_->series[key];
    if (!slot) {
      slot = std::make_unique<Series>();
      slot->route = std::string(route);
      slot->method = std::string(method);
      slot->status = status;
    }
    series = slot.get();
  }
  series->count.fetch_add(1, std::memory_order_relaxed);
  double seconds = std::chrono::duration<double>(latency).count();
  for (std::size_t i = 0; i < kBucketSeconds.size(); ++i) {
    if (seconds <= kBucketSeconds[i]) {
      state_->buckets[i].fetch_add(1, std::memory_order_relaxed);
      break;
    }
  }
  state_->latency_count.fetch_add(1, std::memory_order_relaxed);
  auto ns = latency.count() < 0 ? 0 : static_cast<std::uint64_t>(latency.count());
  state_->latency_sum_ns.fetch_add(ns, std::memory_order_relaxed);
}

void Metrics::connection_opened() { state_->open_connections.fetch_add(1); }
void Metrics::connection_closed() { state_->open_connections.fetch_sub(1); }

std::string Metrics::render_prometheus() const {
  std::string out;
  out += "# HELP haven_http_requests_total HTTP requests by route pattern, method and status.\n";
  out += "# TYPE haven_http_requests_total counter\n";
  {
    std::shared_lock lock(state_->mutex);
    // Sorted, so the output is stable for scrapers and tests.
    std::map<std::string_view, Series const*> sorted;
    for (auto const& [key, series] : state_->series) sorted.emplace(key, series.get());
    for (auto const& [key, series] : sorted) {
      out += "haven_http_requests_total{route=\"" + escape_label(series->route) + "\",method=\"" +
             escape_label(series->method) + "\",status=\"" + std::to_string(series->status) +
             "\"} " + std::to_string(series->count.load(std::memory_order_relaxed)) + "\n";
    }
  }
  out += "# HELP haven_http_request_duration_seconds Time from request header to response.\n";
  out += "# TYPE haven_http_request_duration_seconds histogram\n";
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < kBucketSeconds.size(); ++i) {
    cumulative += state_->buckets[i].load(std::memory_order_relaxed);
    out += "haven_http_request_duration_seconds_bucket{le=\"" + format_seconds(kBucketSeconds[i]) +
           "\"} " + std::to_string(cumulative) + "\n";
  }
  // Buckets and count are separate atomics; +Inf is never below the last bucket.
  auto count = std::max(state_->latency_count.load(std::memory_order_relaxed), cumulative);
  out += "haven_http_request_duration_seconds_bucket{le=\"+Inf\"} " + std::to_string(count) + "\n";
  double sum = static_cast<double>(state_->latency_sum_ns.load(std::memory_order_relaxed)) / 1e9;
  out += "haven_http_request_duration_seconds_sum " + format_seconds(sum) + "\n";
  out += "haven_http_request_duration_seconds_count " + std::to_string(count) + "\n";
  out += "# HELP haven_http_open_connections Client connections currently open.\n";
  out += "# TYPE haven_http_open_connections gauge\n";
  out += "haven_http_open_connections " + std::to_string(state_->open_connections.load()) + "\n";
  return out;
}

}  // namespace haven::http
