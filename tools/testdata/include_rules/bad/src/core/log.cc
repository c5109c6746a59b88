#include <spdlog/spdlog.h>
#include <unistd.h>

#include "core/log.h"
#include "domain/case.h"
