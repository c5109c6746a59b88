// `haven init --data DIR [--demo]`: creates a new instance and its database; with --demo
// also the demo network (cli/demo_network.h) and prints its credentials once.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>
#include <string>

#include "cli/command.h"
#include "cli/demo_network.h"
#include "cli/exit_code.h"
#include "cli/instance.h"
#include "cli/instance_store.h"
#include "cli/logging.h"
#include "cli/password_params.h"
#include "core/clock.h"
#include "vault/system_random.h"

namespace haven::cli {

namespace {

// What the new instance holds besides its schema.
enum class Seed { Nothing, DemoNetwork };

// Seeds and prints the demo network; on failure the error says the instance is incomplete.
int seed_demo(Instance const& instance, app::Store& store, Clock const& clock, Random& random) {
  std::printf("Creating the demo network (Argon2id for each account takes a moment)...\n");
  std::fflush(stdout);
  auto seeded = seed_demo_network(store, clock, random, instance.secrets, password_params());
  if (!seeded) {
    int code = report_failure(seeded.error());
    auto const dir = instance.data_dir.string();
    std::fprintf(stderr,
                 "haven: the instance in %s exists but its demo network is incomplete; remove "
                 "%s and run `haven init --demo --data %s` again\n",
                 dir.c_str(), dir.c_str(), dir.c_str());
    return code;
  }
  print_demo_credentials(*seeded);
  return kExitOk;
}

int init_instance(std::string const& data_dir, Seed seed) {
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
      "  %-13s database (%s)\n",
      data_dir.c_str(), kConfigFile, kSecretsFile, kDefaultDatabaseFile,
      std::string((*store)->engine()).c_str());
  if (seed == Seed::DemoNetwork) {
    if (int code = seed_demo(*instance, **store, clock, random); code != kExitOk) return code;
  }
  std::printf("%sStart it with: haven serve --data %s\n", seed == Seed::DemoNetwork ? "\n" : "",
              data_dir.c_str());
  return kExitOk;
}

}  // namespace

Action configure_init(CLI::App& app) {
  auto data_dir = std::make_shared<std::string>();
  auto demo = std::make_shared<bool>(false);
  add_data_option(app, *data_dir);
  app.add_flag("--demo", *demo,
               "Also create the demo network: five fictional organisations with staff "
               "accounts; prints their passwords and TOTP secrets once");
  return [data_dir, demo] {
    return init_instance(*data_dir, *demo ? Seed::DemoNetwork : Seed::Nothing);
  };
}

}  // namespace haven::cli
