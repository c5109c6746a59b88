#include "cli/instance_store.h"

#include <cstdlib>

#include "cli/logging.h"
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

Result<std::unique_ptr<OpenInstance>> open_instance(std::string const& data_dir) {
  if (auto ready = vault::initialise(); !ready) return ready.error();
  auto instance = load_instance(data_dir, database_url_from_environment());
  if (!instance) return instance.error();
  install_log_sink(instance->config.log_level);
  auto opened =
      std::make_unique<OpenInstance>(OpenInstance{std::move(instance).value(), {}, {}, {}});
  auto store = open_instance_store(opened->instance, opened->clock, opened->random);
  if (!store) return store.error();
  opened->store = std::move(store).value();
  return opened;
}

}  // namespace haven::cli
