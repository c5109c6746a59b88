#include "web/operator_endpoints.h"

#include <nlohmann/json.hpp>

#include "core/constant_time.h"
#include "core/log.h"

namespace haven::web {
namespace {

http::Response uncached_json(nlohmann::json const& body, unsigned status) {
  auto response = http::Response::json(body.dump(), status);
  response.headers.set("Cache-Control", "no-store");
  return response;
}

http::Response not_found() {
  http::Response response;
  response.status = 404;  // empty body: the error renderer writes the usual 404 page
  return response;
}

bool is_bearer_scheme(std::string_view scheme) {
  constexpr std::string_view kBearer = "bearer";
  if (scheme.size() != kBearer.size()) return false;
  for (std::size_t i = 0; i < scheme.size(); ++i) {
    char c = scheme[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != kBearer[i]) return false;
  }
  return true;
}

}  // namespace

http::Response report_health(SiteParts const& site, http::Request& request) {
  Result<app::HealthReport> report =
      make_error(ErrorCode::Unavailable, "no health check configured");
  if (site.check_health) {
    try {
      report = site.check_health();
    } catch (std::exception const& e) {
      report = make_error(ErrorCode::Unavailable, std::string("health check threw: ") + e.what());
    }
  }
  if (!report.ok()) {
    log::warn("health_check_failed",
              {{"request_id", request.request_id}, {"detail", report.error().detail}});
    return uncached_json({{"status", "unavailable"}}, 503);
  }
  return uncached_json(
      {{"status", "ok"},
       {"database", {{"engine", report->engine}, {"schema", report->schema_version}}}},
      200);
}

http::Response export_metrics(SiteParts const& site, http::Request& request) {
  if (site.metrics == nullptr || site.metrics_token.empty()) return not_found();
  std::string_view authorization = request.header("Authorization").value_or("");
  std::size_t space = authorization.find(' ');
  if (space == std::string_view::npos || !is_bearer_scheme(authorization.substr(0, space))) {
    return not_found();
  }
  // Constant-time: the token is a secret and an early exit leaks its prefix.
  if (!constant_time_equals(authorization.substr(space + 1), site.metrics_token)) {
    return not_found();
  }
  auto response = http::Response::text(site.metrics->render_prometheus());
  response.content_type = "text/plain; version=0.0.4; charset=utf-8";
  response.headers.set("Cache-Control", "no-store");
  return response;
}

http::Response show_api_index(SiteParts const&, http::Request&) {
  nlohmann::json languages = nlohmann::json::array();
  for (auto language : domain::kLanguages) languages.push_back(domain::code(language));
  return uncached_json({{"api", "v1"}, {"version", HAVEN_VERSION}, {"languages", languages}}, 200);
}

}  // namespace haven::web
