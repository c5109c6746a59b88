// The one entry point cli/ uses: picks the engine from the database URL and opens it.
#pragma once

#include <memory>

#include "app/ports/store.h"
#include "core/result.h"
#include "storage/store_config.h"

namespace haven::storage {

// sqlite:///abs/path/haven.db or an absolute path -> SQLite; postgresql://... or
// postgres://... -> PostgreSQL. InvalidInput for any other scheme or a relative path, and
// for a missing clock/random; otherwise whatever the engine's open returns (Unavailable,
// Corruption, Conflict for a database newer than this binary).
Result<std::unique_ptr<app::Store>> open_store(StoreConfig const& config);

}  // namespace haven::storage
