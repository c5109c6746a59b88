#include "http/dispatcher.h"

#include <exception>
#include <memory>
#include <typeinfo>
#include <utility>

#include "core/log.h"
#include "http/response_policy.h"

namespace haven::http {

namespace {

constexpr std::size_t kRequestIdBytes = 16;

std::string_view reason_code(unsigned status) {
  switch (status) {
    case 400:
      return "bad_request";
    case 403:
      return "forbidden";
    case 404:
      return "not_found";
    case 405:
      return "method_not_allowed";
    case 408:
      return "request_timeout";
    case 413:
      return "payload_too_large";
    case 431:
      return "header_too_large";
    case 501:
      return "not_implemented";
    case 503:
      return "unavailable";
    default:
      return status >= 500 ? "internal" : "error";
  }
}

// Used when the renderer is missing or throws: plain and free of anything request-specific.
Response fallback_error(ErrorContext const& context) {
  auto code = std::string(reason_code(context.status));
  if (context.is_api) {
    return Response::json("{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + code + "\"}}",
                          context.status);
  }
  return Response::text("Error " + std::to_string(context.status) + "\n", context.status);
}

bool is_api_target(Request const& request) {
  if (!request.path.empty()) return request.is_api();
  std::string_view target = request.target;
  return target == "/api" || target.starts_with("/api/") || target.starts_with("/api?");
}

// Call inside a catch block. The exception's text may quote input, so only its type reaches
// the log.
void log_thrown(Request const& request) {
  try {
    throw;
  } catch (std::exception const& e) {
    log::error("http_handler_threw", {{"request_id", request.request_id},
                                      {"route", request.route_name},
                                      {"type", typeid(e).name()}});
  } catch (...) {
    log::error("http_handler_threw",
               {{"request_id", request.request_id}, {"route", request.route_name}});
  }
}

std::string allow_header(std::vector<Method> const& allowed) {
  std::string out;
  for (auto method : allowed) {
    if (!out.empty()) out += ", ";
    out += to_string(method);
  }
  return out;
}

}  // namespace

Dispatcher::Dispatcher(ServerOptions const& options, Router router, ErrorRenderer render_error)
    : router_(std::move(router)),
      render_error_(std::move(render_error)),
      csrf_(options.secure_transport, options.sign_csrf, *options.random),
      random_(*options.random) {}

std::string Dispatcher::new_request_id() const { return random_hex(random_, kRequestIdBytes); }

Response Dispatcher::render_error(unsigned status, Request const& request) const {
  ErrorContext context;
  context.status = status;
  context.is_api = is_api_target(request);
  if (auto language = request.header("Accept-Language")) context.accept_language = *language;
  // Under TLS the language cookie carries the __Host- prefix (Response::set_cookie).
  if (auto cookie = request.cookie("__Host-lang")) {
    context.language_cookie = *cookie;
  } else if (auto plain = request.cookie("lang")) {
    context.language_cookie = *plain;
  }
  context.request_id = request.request_id;
  Response response;
  try {
    response = render_error_ ? render_error_(context) : fallback_error(context);
  } catch (...) {
    log::error("http_error_renderer_threw", {{"request_id", request.request_id}});
    response = fallback_error(context);
  }
  response.status = status;
  if (!has_safe_headers(response)) {
    log::error("http_error_renderer_unsafe_header", {{"request_id", request.request_id}});
    response = fallback_error(context);
  }
  return response;
}

bool Dispatcher::accept_route(Request& request, RouteMatch const& match) const {
  for (auto const& [name, value] : match.params) request.params.insert_or_assign(name, value);
  request.route_name = match.route->pattern;
  if (csrf_.allows(request, *match.route)) return true;
  log::info("http_csrf_rejected",
            {{"request_id", request.request_id}, {"route", request.route_name}});
  return false;
}

Response Dispatcher::run_handler(Request& request, Route const& route) const {
  try {
    return route.handler(request);
  } catch (...) {
    log_thrown(request);
  }
  return render_error(500, request);
}

void Dispatcher::run_deferred(Request& request, Route const& route,
                              DeferredReply::Deliver deliver) const {
  auto reply = std::make_shared<DeferredReply>(std::move(deliver), request.request_id);
  try {
    route.deferred(request, make_respond(reply));
  } catch (...) {
    log_thrown(request);
    // First answer wins: one the handler gave before throwing stands, else this 500 (an
    // empty body, rendered by finish()).
    Response failure;
    failure.status = 500;
    (void)reply->answer(std::move(failure));
  }
}

void Dispatcher::complete(Response& response, Request const& request) const {
  if (!has_safe_headers(response)) {
    log::error("http_response_header_unsafe",
               {{"request_id", request.request_id}, {"route", request.route_name}});
    response = render_error(500, request);
    return;
  }
  // The rule other layers rely on: an error status with no body gets the rendered page,
  // keeping the handler's status and headers.
  if (response.status >= 400 && response.body.empty()) {
    auto rendered = render_error(response.status, request);
    response.body = std::move(rendered.body);
    response.content_type = std::move(rendered.content_type);
  }
}

Response Dispatcher::respond(Request& request, RouteMatch const& match) const {
  auto new_cookie = csrf_.ensure_cookie(request);
  Response response;
  if (match.kind == RouteMatch::Kind::Found) {
    response = accept_route(request, match) ? run_handler(request, *match.route)
                                            : render_error(403, request);
    complete(response, request);
  } else if (match.kind == RouteMatch::Kind::MethodNotAllowed) {
    response = render_error(405, request);
    response.headers.set("Allow", allow_header(match.allowed));
  } else {
    response = render_error(404, request);
  }
  add_cookie(response, std::move(new_cookie));
  return response;
}

std::optional<Response> Dispatcher::start_deferred(Request& request, RouteMatch const& match,
                                                   DeferredReply::Deliver deliver,
                                                   std::optional<std::string>& new_cookie) const {
  new_cookie = csrf_.ensure_cookie(request);
  if (!accept_route(request, match)) {
    return finish(render_error(403, request), request, std::exchange(new_cookie, std::nullopt));
  }
  run_deferred(request, *match.route, std::move(deliver));
  return std::nullopt;
}

Response Dispatcher::finish(Response response, Request const& request,
                            std::optional<std::string> new_cookie) const {
  complete(response, request);
  add_cookie(response, std::move(new_cookie));
  return response;
}

void Dispatcher::add_cookie(Response& response, std::optional<std::string> new_cookie) {
  // A Set-Cookie on a publicly cacheable response could hand one client's cookie to others.
  if (new_cookie && !is_publicly_cacheable(response)) {
    response.headers.add("Set-Cookie", std::move(*new_cookie));
  }
}

}  // namespace haven::http
