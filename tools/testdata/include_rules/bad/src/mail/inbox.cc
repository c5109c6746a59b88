#include <gmime/gmime.h>

#include "search/index.h"
