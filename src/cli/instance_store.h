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

namespace haven::cli {

// HAVEN_DATABASE_URL, which wins over haven.toml's database.url; nullopt when unset.
std::optional<std::string> database_url_from_environment();

// `clock` and `random` must outlive the store.
Result<std::unique_ptr<app::Store>> open_instance_store(Instance const& instance,
                                                        Clock const& clock, Random& random);

}  // namespace haven::cli
