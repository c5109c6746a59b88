#include <sodium.h>

#include "app/case_service.h"
#include "app/ports/store.h"
