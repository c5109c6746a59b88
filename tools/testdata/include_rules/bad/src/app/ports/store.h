#include "app/case_service.h"
#include "domain/case.h"
