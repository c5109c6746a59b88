// Opens the database an instance is configured for (SQLite file or PostgreSQL URL),
// applying migrations; shared by the subcommands that touch data.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "app/ports/store.h"
#include "cli/instance.h"
#include "core/clock.h"
#include "core/random.h"
#include "vault/system_random.h"

namespace haven::cli {

// HAVEN_DATABASE_URL, which wins over haven.toml's database.url; nullopt when unset.
std::optional<std::string> database_url_from_environment();

// `clock` and `random` must outlive the store.
Result<std::unique_ptr<app::Store>> open_instance_store(Instance const& instance,
                                                        Clock const& clock, Random& random);

// An instance with its database open, for the subcommands that act on data (org, user,
// audit). Not movable: the store keeps references to `clock` and `random`.
struct OpenInstance {
  Instance instance;
  SystemClock clock;
  vault::SystemRandom random;
  std::unique_ptr<app::Store> store;
};

// Initialises the vault, loads the instance at `data_dir` (HAVEN_DATABASE_URL honoured),
// installs the log sink and opens the store. Errors as load_instance and open_store.
Result<std::unique_ptr<OpenInstance>> open_instance(std::string const& data_dir);

}  // namespace haven::cli
