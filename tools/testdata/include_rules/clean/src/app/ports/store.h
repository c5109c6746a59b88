#include "core/result.h"
#include "domain/case.h"
