#include "cli/run.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>
#include <string_view>
#include <vector>

#include "cli/command.h"
#include "cli/derivation_process_main.h"
#include "cli/exit_code.h"
#include "vault/derivation_process.h"

#ifndef HAVEN_VERSION
#define HAVEN_VERSION "0.0.0"
#endif

namespace haven::cli {

namespace {

// The command table: every subcommand of `haven`, in the order `--help` lists them.
constexpr Command kCommands[] = {
    {"init", "Create a data directory with configuration, secrets and database", &configure_init},
    {"serve", "Serve the public site, staff workspace and API", &configure_serve},
    {"org", "Add and list the network's organisations", &configure_org},
    {"user", "Add, list and disable staff accounts", &configure_user},
    {"audit", "Verify the audit log's hash chain", &configure_audit},
};

}  // namespace

void add_data_option(CLI::App& app, std::string& data_dir) {
  app.add_option("--data", data_dir, "Data directory of the instance")
      ->default_val("./data")
      ->type_name("DIR");
}

int run(int argc, char** argv) {
  if (argc == 2 && argv[1] == vault::kDerivationProcessArgument) return run_derivation_process();
  CLI::App app{"Haven: counselling and case platform for the network"};
  app.name("haven");
  app.set_version_flag("--version", std::string("haven ") + HAVEN_VERSION);
  app.require_subcommand(1);

  std::vector<Action> actions(std::size(kCommands));
  std::vector<CLI::App*> subcommands;
  for (std::size_t i = 0; i < std::size(kCommands); ++i) {
    auto* sub =
        app.add_subcommand(std::string(kCommands[i].name), std::string(kCommands[i].summary));
    actions[i] = kCommands[i].configure(*sub);
    subcommands.push_back(sub);
  }

  try {
    app.parse(argc, argv);
  } catch (CLI::ParseError const& e) {
    int code = app.exit(e);  // prints help, version or the parse error
    return code == 0 ? kExitOk : kExitUsage;
  }
  for (std::size_t i = 0; i < subcommands.size(); ++i) {
    if (subcommands[i]->parsed()) return actions[i]();
  }
  return kExitUsage;
}

}  // namespace haven::cli
