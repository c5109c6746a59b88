#include <boost/locale.hpp>

#include "domain/language.h"
