#include "cli/instance_store.h"

#include <cstdlib>

#include "storage/open_store.h"

namespace haven::cli {

std::optional<std::string> database_url_from_environment() {
  char const* url = std::getenv("HAVEN_DATABASE_URL");
  if (url == nullptr) return std::nullopt;
  return std::string(url);
}

Result<std::unique_ptr<app::Store>> open_instance_store(Instance const& instance,
                                                        Clock const& clock, Random& random) {
  storage::StoreConfig config;
  config.url = instance.config.database_url;
  config.clock = &clock;
  config.random = &random;
  return storage::open_store(config);
}

}  // namespace haven::cli
