// THE route table of the product (CONVENTIONS example 5): every URL Haven answers, with
// who may call it, its CSRF and audit policy and its body cap, in one table. make_router
// turns it into an http::Router.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string_view>

#include "http/message.h"
#include "http/router.h"
#include "web/site_parts.h"

namespace haven::web {

// Who may call a route. Roles (Counsellor, Coordinator, …) arrive with the staff workspace;
// the check itself lives in app/, never in a handler.
enum class Access { Public };
// What the audit log records for a route: nothing yet, case data comes later.
enum class Audit { None };

using SiteHandler = http::Response (*)(SiteParts const& site, http::Request& request);

struct RouteRow {
  http::Method method;
  std::string_view pattern;
  SiteHandler handler;
  Access access;
  http::Csrf csrf;
  Audit audit;
  std::size_t max_body_bytes;
  // Why a state-changing route does without a CSRF token; empty for every other route.
  std::string_view csrf_exemption = {};
};

std::span<RouteRow const> route_table();

// The router for `site`; the handlers keep `site` alive.
http::Router make_router(std::shared_ptr<SiteParts const> site);

}  // namespace haven::web
