#include "storage/sqlite/store.h"

#include <sqlite3.h>

#include "app/ports/store.h"
#include "store.h"
