#include "app/health_check.h"

#include "app/ports/store.h"

namespace haven::app {

Result<HealthReport> HealthCheck::check() const {
  if (auto alive = store_.ping(); !alive) return alive.error();
  auto version = store_.schema_version();
  if (!version) return version.error();
  return HealthReport{std::string(store_.engine()), *version};
}

}  // namespace haven::app
