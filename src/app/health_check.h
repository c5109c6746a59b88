// Whether this instance can do its work: the database answers and its schema is the one
// this binary expects. Used by GET /healthz and `haven serve` at start-up.
#pragma once

#include <string>

#include "core/result.h"

namespace haven::app {

class Store;

struct HealthReport {
  std::string engine;  // "sqlite" or "postgresql"
  int schema_version = 0;
};

class HealthCheck {
 public:
  explicit HealthCheck(Store& store) : store_(store) {}
  // Unavailable when the database does not answer; never throws.
  Result<HealthReport> check() const;

 private:
  Store& store_;
};

}  // namespace haven::app
