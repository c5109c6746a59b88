#include <boost/asio.hpp>

#include "storage/store.h"
#include "web/home.h"
