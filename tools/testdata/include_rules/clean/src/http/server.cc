#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http.hpp>

#include "core/result.h"
