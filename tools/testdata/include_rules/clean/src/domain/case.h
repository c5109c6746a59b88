#include <string>

#include "core/result.h"
