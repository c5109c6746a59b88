#include <boost/beast/core.hpp>
#include <sqlite3.h>

#include "domain/case.h"
