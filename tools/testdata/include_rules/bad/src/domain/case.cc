#include <nlohmann/json.hpp>

#include "core/result.h"
#include "vault/seal.h"
