// A real Server on 127.0.0.1:0 with a small route table for the integration tests, short
// timeouts and a renderer that marks its output so tests can tell rendered errors apart.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include "http/form.h"
#include "http/server.h"
#include "http/static_files.h"
#include "raw_client.h"
#include "seeded_random.h"

namespace haven::http::testing {

inline std::string sign_for_test(std::string_view cookie) {
  return "signed-" + std::string(cookie);
}

inline Response render_for_test(ErrorContext const& context) {
  if (context.is_api) {
    return Response::json("{\"error\":{\"code\":\"" + std::to_string(context.status) +
                          "\",\"message\":\"rendered\"}}");
  }
  return Response::html("<h1>rendered " + std::to_string(context.status) + "</h1>");
}

inline StaticFiles const& test_assets() {
  static StaticFiles const files = [] {
    StaticFiles f;
    f.add("haven.css", "body{margin:0}");
    return f;
  }();
  return files;
}

inline Router make_test_router() {
  Router router;
  router.add({Method::Get, "/", [](Request& r) { return Response::html("home " + r.csrf_token); }});
  router.add({Method::Get, "/hello/{name}",
              [](Request& r) { return Response::text("hello " + std::string(r.param("name"))); }});
  router.add({Method::Get, "/static/{name...}",
              [](Request& r) { return test_assets().serve(r, r.param("name")); }});
  router.add({Method::Post, "/form",
              [](Request& r) {
                auto form = parse_form(r);
                if (!form) return Response::text("form error: " + form.error().detail, 400);
                return Response::text("fields " + std::to_string(form->fields.size()));
              },
              Csrf::NotRequired, 1024});
  router.add({Method::Post, "/submit", [](Request&) { return Response::text("submitted"); }});
  router.add({Method::Get, "/throw",
              [](Request&) -> Response { throw std::runtime_error("secret-detail-42"); }});
  router.add({Method::Get, "/empty404", [](Request&) {
                Response r;
                r.status = 404;
                r.headers.add("X-Extra", "kept");
                return r;
              }});
  router.add({Method::Get, "/api/thing", [](Request&) {
                Response r;
                r.status = 404;
                return r;
              }});
  router.add({Method::Get, "/crlf", [](Request&) {
                Response r = Response::text("x");
                r.headers.add("X-Evil", "a\r\nSet-Cookie: injected=1");
                return r;
              }});
  router.add({Method::Get, "/slow", [](Request&) {
                std::this_thread::sleep_for(std::chrono::milliseconds(300));
                return Response::text("slow done");
              }});
  router.add({Method::Delete, "/only-delete", [](Request&) { return Response::text("gone"); }});
  return router;
}

inline ServerOptions test_options(Random& random) {
  ServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.threads = 2;
  options.header_read_timeout = std::chrono::milliseconds(1500);
  options.body_read_timeout = std::chrono::milliseconds(2000);
  options.idle_timeout = std::chrono::milliseconds(1000);
  options.write_timeout = std::chrono::milliseconds(2000);
  options.shutdown_grace = std::chrono::milliseconds(2000);
  options.sign_csrf = sign_for_test;
  options.random = &random;
  return options;
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    raise_fd_limit();
    start(test_options(random_));
  }
  void start(ServerOptions options, Router router = make_test_router()) {
    server_.reset();
    options.metrics = &metrics_;
    auto started = Server::start(std::move(options), std::move(router), render_for_test);
    ASSERT_TRUE(started.ok()) << started.error().detail;
    server_ = std::move(*started);
  }
  RawClient client() { return RawClient(server_->port()); }
  // Sends one request on a fresh connection and reads the response.
  std::optional<RawResponse> exchange(std::string const& bytes, bool head = false) {
    RawClient c = client();
    if (!c.send(bytes)) return std::nullopt;
    return c.read_response(std::chrono::seconds(5), head);
  }
  static std::string get(std::string const& target, std::string extra = {}) {
    return "GET " + target + " HTTP/1.1\r\nHost: test\r\n" + extra + "\r\n";
  }

  haven::testing::SeededRandom random_;
  Metrics metrics_;
  std::unique_ptr<Server> server_;
};

}  // namespace haven::http::testing
