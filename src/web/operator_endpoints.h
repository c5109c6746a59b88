// Endpoints for operators and API clients rather than visitors: the health check a load
// balancer polls, Prometheus metrics behind a token, and the API's index.
#pragma once

#include "http/message.h"
#include "web/site_parts.h"

namespace haven::web {

// GET /healthz: 200 {"status":"ok","database":{"engine":…,"schema":N}} or 503
// {"status":"unavailable"} (the reason goes to the log only). Never cached.
http::Response report_health(SiteParts const& site, http::Request& request);

// GET /metrics: the Prometheus text when the request carries "Authorization: Bearer
// <token>" matching the configured token; 404 otherwise (also when no token is configured),
// so that the endpoint's existence is not advertised.
http::Response export_metrics(SiteParts const& site, http::Request& request);

// GET /api/v1: {"api":"v1","version":"…","languages":[…]}.
http::Response show_api_index(SiteParts const& site, http::Request& request);

}  // namespace haven::web
