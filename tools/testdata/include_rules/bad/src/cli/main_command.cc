#include <libpq-fe.h>

#include "storage/store.h"
