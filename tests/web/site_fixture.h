// Shared set-up of the web tests: one Site per test binary (building it compiles every page
// in four languages), requests made by hand, and handler calls through the real router.
#pragma once

#include <chrono>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "http/message.h"
#include "http/router.h"
#include "web/site.h"

namespace haven::testing {

inline web::Site make_site(web::SiteConfig config = {}) {
  auto site = web::Site::create(std::move(config));
  if (!site.ok()) throw std::runtime_error("Site::create: " + site.error().detail);
  return std::move(site.value());
}

// The router of one default Site, built on first use and shared by the tests of a binary.
inline http::Router const& default_router() {
  static http::Router const instance = make_site().router();
  return instance;
}

inline http::Request make_request(http::Method method, std::string path) {
  http::Request request;
  request.method = method;
  request.target = path;
  request.path = std::move(path);
  request.request_id = "0123456789abcdef0123456789abcdef";
  return request;
}

// Routes `request` like the server does (match, path parameters, handler; a deferred
// handler's answer is waited for); a miss is a response with the router's verdict as status
// and an empty body.
inline http::Response dispatch(http::Router const& router, http::Request& request) {
  auto match = router.match(request.method, request.path);
  if (match.kind == http::RouteMatch::Kind::NotFound) return http::Response::html("", 404);
  if (match.kind == http::RouteMatch::Kind::MethodNotAllowed) {
    return http::Response::html("", 405);
  }
  for (auto& [name, value] : match.params) request.params[name] = value;
  request.route_name = match.route->pattern;
  if (match.route->deferred) {
    auto answer = std::make_shared<std::promise<http::Response>>();
    auto future = answer->get_future();
    match.route->deferred(
        request, [answer](http::Response response) { answer->set_value(std::move(response)); });
    if (future.wait_for(std::chrono::seconds(30)) != std::future_status::ready) {
      throw std::runtime_error("deferred route gave no answer");
    }
    return future.get();
  }
  return match.route->handler(request);
}

inline bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

}  // namespace haven::testing
