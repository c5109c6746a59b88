// `haven init --data DIR`: creates a new instance and its database.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>

#include "cli/command.h"
#include "cli/exit_code.h"
#include "cli/instance.h"
#include "cli/instance_store.h"
#include "cli/logging.h"
#include "core/clock.h"
#include "vault/system_random.h"

namespace haven::cli {

namespace {

int init_instance(std::string const& data_dir) {
  if (auto ready = vault::initialise(); !ready) return report_failure(ready.error());
  vault::SystemRandom random;
  if (auto created = create_instance(data_dir, random); !created) {
    return report_failure(created.error());
  }
  auto instance = load_instance(data_dir, database_url_from_environment());
  if (!instance) return report_failure(instance.error());
  install_log_sink(instance->config.log_level);
  SystemClock clock;
  auto store = open_instance_store(*instance, clock, random);
  if (!store) return report_failure(store.error());
  std::printf(
      "Created a Haven instance in %s\n"
      "  %-13s configuration\n"
      "  %-13s per-instance secrets (0600): back it up apart from the database\n"
      "  %-13s database (%s)\n"
      "Start it with: haven serve --data %s\n",
      data_dir.c_str(), kConfigFile, kSecretsFile, kDefaultDatabaseFile,
      std::string((*store)->engine()).c_str(), data_dir.c_str());
  return kExitOk;
}

}  // namespace

Action configure_init(CLI::App& app) {
  auto data_dir = std::make_shared<std::string>();
  add_data_option(app, *data_dir);
  return [data_dir] { return init_instance(*data_dir); };
}

}  // namespace haven::cli
