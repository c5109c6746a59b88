// Installs spdlog as the sink of core's structured log: one line per event on stderr,
// "time level event {json fields}". Call once at start-up.
#pragma once

#include "core/log.h"

namespace haven::cli {

void install_log_sink(log::Level minimum);

}  // namespace haven::cli
