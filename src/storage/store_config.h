// How to open a Store: the database URL and the few knobs operators and tests turn. Read
// from HAVEN_DATABASE_URL / haven.toml by cli/; storage never reads the environment.
#pragma once

#include <chrono>
#include <string>

#include "app/ports/job_queue.h"
#include "core/clock.h"
#include "core/random.h"

namespace haven::storage {

struct StoreConfig {
  // sqlite:///abs/path/haven.db, a plain file path, or postgresql://user@host:port/db
  // (postgres:// too). May hold a password: never logged, never put into an error.
  std::string url;
  // Required; must outlive the store. Job timestamps and ids come from these.
  Clock const* clock = nullptr;
  Random* random = nullptr;
  app::RetryPolicy retry;
  // How long a transaction waits for the SQLite write slot (also busy_timeout across
  // processes) or for a free PostgreSQL connection before giving up with Unavailable.
  std::chrono::milliseconds wait_timeout{std::chrono::seconds{5}};
  // PostgreSQL only: connection establishment limit (libpq rounds below 2 s up to 2 s),
  // pool size, and the application_name shown in pg_stat_activity.
  std::chrono::seconds connect_timeout{5};
  int pool_size = 8;
  std::string application_name = "haven";
};

}  // namespace haven::storage
