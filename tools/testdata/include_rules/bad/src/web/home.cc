#include <sodium.h>
#include <xapian.h>

#include "app/case_service.h"
#include "storage/store.h"
#include "vault/seal.h"
