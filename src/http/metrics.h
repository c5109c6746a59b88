// Request counters by route and status, a latency histogram and the open-connection gauge,
// rendered in the Prometheus text format for GET /metrics. Thread-safe.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace haven::http {

class Metrics {
 public:
  Metrics();
  ~Metrics();
  Metrics(Metrics const&) = delete;  // owns its state through a raw pointer
  Metrics& operator=(Metrics const&) = delete;
  void record_request(std::string_view route, std::string_view method, unsigned status,
                      std::chrono::nanoseconds latency);
  void connection_opened();
  void connection_closed();
  std::string render_prometheus() const;

 private:
  struct State;
  State* state_;
};

}  // namespace haven::http
