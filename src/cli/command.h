// One row of the command table: a subcommand declares its options on a CLI11 app and
// returns the action to run once parsing succeeded. Each subcommand lives in its own file.
#pragma once

#include <functional>
#include <string_view>

namespace CLI {
class App;
}

namespace haven::cli {

using Action = std::function<int()>;

struct Command {
  std::string_view name;
  std::string_view summary;
  // Declares the options on `app` and binds them; the returned action reads them later.
  Action (*configure)(CLI::App& app);
};

Action configure_init(CLI::App& app);
Action configure_serve(CLI::App& app);
Action configure_org(CLI::App& app);
Action configure_audit(CLI::App& app);
Action configure_user(CLI::App& app);

// Adds `--data DIR` (default ./data) to a subcommand that touches an instance.
void add_data_option(CLI::App& app, std::string& data_dir);

}  // namespace haven::cli
