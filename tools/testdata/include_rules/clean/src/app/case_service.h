#include "app/ports/store.h"
#include "domain/case.h"
#include "vault/seal.h"
