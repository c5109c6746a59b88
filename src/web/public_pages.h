// Handlers of the public site's pages and assets (the route table in routes.cc says which
// URL each one answers).
#pragma once

#include "http/message.h"
#include "web/site_parts.h"

namespace haven::web {

// GET /: who the network is, what it offers, how to stay safe; in the visitor's language.
http::Response show_home(SiteParts const& site, http::Request& request);
// GET /static/{path...}: the embedded stylesheet and icon, with ETag and 304.
http::Response serve_asset(SiteParts const& site, http::Request& request);
// GET /favicon.ico: the SVG icon, so browsers that ask anyway get no 404 per page view.
http::Response serve_favicon(SiteParts const& site, http::Request& request);

}  // namespace haven::web
