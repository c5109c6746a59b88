#include <spdlog/spdlog.h>

#include "storage/sqlite/store.h"
#include "web/home.h"
