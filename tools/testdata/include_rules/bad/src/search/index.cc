#include <gmime/gmime.h>
#include <xapian.h>

#include "helper.h"
