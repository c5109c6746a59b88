#include <sodium.h>

#include "core/result.h"
