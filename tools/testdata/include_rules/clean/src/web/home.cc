/* A block comment that mentions
#include "storage/sqlite/store.h"
   is not an include. */
#include <kainjow/mustache.hpp>

#include "app/case_service.h"
#include "app/ports/store.h"
#include "http/server.h"
#include "i18n/catalog.h"
// #include <sodium.h> in a line comment is not an include either.
