#include "http/server.h"

#include <gtest/gtest.h>

#include "test_server.h"

namespace haven::http::testing {
namespace {

TEST_F(ServerTest, GetCarriesSecurityHeadersAndRequestId) {
  auto response = exchange(get("/"));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200u);
  EXPECT_TRUE(response->body.starts_with("home signed-"));
  EXPECT_EQ(response->header("Content-Security-Policy"),
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
            "frame-ancestors 'none'; base-uri 'none'");
  EXPECT_EQ(response->header("Referrer-Policy"), "no-referrer");
  EXPECT_EQ(response->header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(response->header("Cross-Origin-Opener-Policy"), "same-origin");
  EXPECT_EQ(response->header("Cross-Origin-Resource-Policy"), "same-origin");
  EXPECT_TRUE(response->header("Permissions-Policy"));
  EXPECT_EQ(response->header("Cache-Control"), "no-store");
  EXPECT_EQ(response->header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_FALSE(response->header("Server"));
  EXPECT_FALSE(response->header("Strict-Transport-Security"));
  EXPECT_TRUE(response->header("Date"));
  auto id = response->header("X-Request-Id");
  ASSERT_TRUE(id);
  EXPECT_EQ(id->size(), 32u);
  auto cookie = response->header("Set-Cookie");
  ASSERT_TRUE(cookie);
  EXPECT_TRUE(cookie->starts_with("csrf="));
  EXPECT_NE(cookie->find("; Path=/; HttpOnly; SameSite=Strict"), std::string::npos);
  // The token embedded in the page is sign(cookie value).
  std::string value = cookie->substr(5, 64);
  EXPECT_EQ(response->body, "home " + sign_for_test(value));
}

TEST_F(ServerTest, RequestsCarryTheClientKeyOfTheirPeerNeverTheAddress) {
  Router router;
  router.add(Route{.method = Method::Get,
                   .pattern = "/key",
                   .handler = [](Request& request) { return Response::text(request.client_key); },
                   .csrf = Csrf::NotRequired,
                   .max_body_bytes = 0});
  auto options = test_options(random_);
  options.client_key = [](std::string_view peer) {
    return "key-of-" + std::to_string(peer.size());
  };
  start(std::move(options), std::move(router));
  auto response = exchange(get("/key"));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body, "key-of-9");  // "127.0.0.1"

  // Unset: empty.
  Router plain;
  plain.add(Route{.method = Method::Get,
                  .pattern = "/key",
                  .handler = [](Request& request) { return Response::text(request.client_key); },
                  .csrf = Csrf::NotRequired,
                  .max_body_bytes = 0});
  start(test_options(random_), std::move(plain));
  response = exchange(get("/key"));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body, "");
}

TEST_F(ServerTest, SecureTransportAddsHstsAndHostPrefix) {
  auto options = test_options(random_);
  options.secure_transport = true;
  start(std::move(options));
  auto response = exchange(get("/"));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->header("Strict-Transport-Security"), "max-age=31536000");
  auto cookie = response->header("Set-Cookie");
  ASSERT_TRUE(cookie);
  EXPECT_TRUE(cookie->starts_with("__Host-csrf=")) << *cookie;
  EXPECT_NE(cookie->find("; Secure"), std::string::npos);
}

TEST_F(ServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  RawClient c = client();
  ASSERT_TRUE(c.send(get("/hello/one")));
  auto first = c.read_response();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->body, "hello one");
  ASSERT_TRUE(c.send(get("/hello/two")));
  auto second = c.read_response();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->body, "hello two");
  EXPECT_NE(first->header("X-Request-Id"), second->header("X-Request-Id"));
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  RawClient c = client();
  ASSERT_TRUE(c.send(get("/hello/a") + get("/hello/b")));
  auto first = c.read_response();
  auto second = c.read_response();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->body, "hello a");
  EXPECT_EQ(second->body, "hello b");
}

TEST_F(ServerTest, HeadHasLengthButNoBody) {
  RawClient c = client();
  ASSERT_TRUE(c.send("HEAD /hello/x HTTP/1.1\r\nHost: t\r\n\r\n"));
  auto response = c.read_response(std::chrono::seconds(5), /*head=*/true);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200u);
  EXPECT_EQ(response->header("Content-Length"), "7");
  // The connection stays usable: no stray body bytes precede the next response.
  ASSERT_TRUE(c.send(get("/hello/y")));
  auto next = c.read_response();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->body, "hello y");
}

TEST_F(ServerTest, UnknownRouteIs404AndWrongMethodIs405WithAllow) {
  auto missing = exchange(get("/nothing/here"));
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404u);
  EXPECT_EQ(missing->body, "<h1>rendered 404</h1>");
  EXPECT_EQ(missing->header("Cache-Control"), "no-store");
  auto wrong = exchange("PUT /hello/x HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 405u);
  EXPECT_EQ(wrong->header("Allow"), "GET, HEAD");
  EXPECT_EQ(wrong->body, "<h1>rendered 405</h1>");
  auto only_delete = exchange(get("/only-delete"));
  ASSERT_TRUE(only_delete);
  EXPECT_EQ(only_delete->status, 405u);
  EXPECT_EQ(only_delete->header("Allow"), "DELETE");
}

TEST_F(ServerTest, UnknownMethodIs501) {
  auto response = exchange("BREW / HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 501u);
}

TEST_F(ServerTest, EmptyErrorFromHandlerGetsRenderedBody) {
  auto response = exchange(get("/empty404"));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 404u);
  EXPECT_EQ(response->body, "<h1>rendered 404</h1>");
  EXPECT_EQ(response->header("X-Extra"), "kept");
  EXPECT_EQ(response->header("Content-Type"), "text/html; charset=utf-8");
}

TEST_F(ServerTest, ApiErrorsAreJson) {
  for (std::string target : {"/api/thing", "/api/missing"}) {
    auto response = exchange(get(target));
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 404u);
    EXPECT_EQ(response->header("Content-Type"), "application/json");
    EXPECT_EQ(response->body, "{\"error\":{\"code\":\"404\",\"message\":\"rendered\"}}");
  }
}

TEST_F(ServerTest, HandlerExceptionIs500WithoutDetail) {
  auto response = exchange(get("/throw"));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 500u);
  EXPECT_EQ(response->body, "<h1>rendered 500</h1>");
  EXPECT_EQ(response->body.find("secret"), std::string::npos);
  // The server carries on.
  auto next = exchange(get("/hello/after"));
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200u);
}

TEST_F(ServerTest, HeaderWithCrLfBecomes500NeverASplitResponse) {
  auto response = exchange(get("/crlf"));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 500u);
  EXPECT_FALSE(response->header("X-Evil"));
  for (auto const& [name, value] : response->headers) EXPECT_NE(value, "injected=1");
  EXPECT_EQ(response->count("Set-Cookie"), 1u);  // only the server's csrf cookie
}

TEST_F(ServerTest, StaticFilesWithEtagAnd304) {
  auto response = exchange(get("/static/haven.css"));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200u);
  EXPECT_EQ(response->body, "body{margin:0}");
  EXPECT_EQ(response->header("Content-Type"), "text/css; charset=utf-8");
  EXPECT_EQ(response->header("Cache-Control"), "public, max-age=3600");
  // A publicly cacheable response must not carry anyone's cookie.
  EXPECT_FALSE(response->header("Set-Cookie"));
  auto etag = response->header("ETag");
  ASSERT_TRUE(etag);
  auto cached = exchange(get("/static/haven.css", "If-None-Match: " + *etag + "\r\n"));
  ASSERT_TRUE(cached);
  EXPECT_EQ(cached->status, 304u);
  EXPECT_TRUE(cached->body.empty());
  auto missing = exchange(get("/static/nope.css"));
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404u);
  EXPECT_EQ(missing->body, "<h1>rendered 404</h1>");
}

TEST_F(ServerTest, PathTraversalNeverReachesAFile) {
  for (std::string target :
       {"/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/static/..%2f..%2fetc/passwd",
        "/static/%252e%252e/%252e%252e/etc/passwd", "/static/../../etc/passwd",
        "/static/..\\..\\etc\\passwd", "/static/%2e%2e%5c%2e%2e%5cetc%5cpasswd",
        "/static/haven.css%00.txt", "//etc/passwd"}) {
    SCOPED_TRACE(target);
    auto response = exchange(get(target));
    ASSERT_TRUE(response);
    EXPECT_TRUE(response->status == 400u || response->status == 404u) << response->status;
    EXPECT_EQ(response->body.find("root:"), std::string::npos);
  }
}

TEST_F(ServerTest, MalformedRequestsAre400AndClose) {
  for (std::string request : {
           std::string("GARBAGE\r\n\r\n"),
           std::string("GET / HTTP/1.1 extra\r\nHost: t\r\n\r\n"),
           std::string("GET / HTTP/2.0\r\nHost: t\r\n\r\n"),
           std::string("GET / HTTP/1.1\r\nHost: t\r\nBad Header: x\r\n\r\n"),
           std::string("GET / HTTP/1.1\r\nHost: t\r\nNo-Colon\r\n\r\n"),
           std::string("GET / HTTP/1.1\r\n\r\n"),  // no Host
           std::string("GET http://evil.example/ HTTP/1.1\r\nHost: t\r\n\r\n"),
           std::string("OPTIONS * HTTP/1.1\r\nHost: t\r\n\r\n"),
           std::string("GET /a%zz HTTP/1.1\r\nHost: t\r\n\r\n"),
           std::string("POST /form HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\n"
                       "Transfer-Encoding: chunked\r\n\r\n"),
           std::string("POST /form HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\n"),
       }) {
    SCOPED_TRACE(request);
    RawClient c = client();
    ASSERT_TRUE(c.send(request));
    auto response = c.read_response();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 400u);
    EXPECT_EQ(response->header("Connection"), "close");
    EXPECT_TRUE(c.wait_closed(std::chrono::seconds(3)));
  }
}

TEST_F(ServerTest, BrokenMultipartReachesTheHandlersParseError) {
  std::string body = "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue\r\n";
  auto response = exchange(
      "POST /form HTTP/1.1\r\nHost: t\r\n"
      "Content-Type: multipart/form-data; boundary=b\r\n"
      "Content-Length: " +
      std::to_string(body.size()) + "\r\n\r\n" + body);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400u);
  EXPECT_EQ(response->body, "form error: multipart body has no closing boundary");
}

TEST_F(ServerTest, FormPostWithChunkedBodyWithinCap) {
  auto response = exchange(
      "POST /form HTTP/1.1\r\nHost: t\r\n"
      "Content-Type: application/x-www-form-urlencoded\r\n"
      "Transfer-Encoding: chunked\r\n\r\n"
      "3\r\na=1\r\n4\r\n&b=2\r\n0\r\n\r\n");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200u);
  EXPECT_EQ(response->body, "fields 2");
}

TEST_F(ServerTest, MetricsCountRoutesByPatternNotPath) {
  ASSERT_TRUE(exchange(get("/hello/private-name")));
  ASSERT_TRUE(exchange(get("/no/such/path")));
  // The count is taken once the response is written, so it may trail the client slightly.
  std::string text;
  for (int attempt = 0; attempt < 100; ++attempt) {
    text = metrics_.render_prometheus();
    if (text.find("haven_http_request_duration_seconds_count 2") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_NE(text.find("route=\"/hello/{name}\",method=\"GET\",status=\"200\"} 1"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("route=\"unmatched\",method=\"GET\",status=\"404\"} 1"), std::string::npos);
  EXPECT_EQ(text.find("private-name"), std::string::npos);
  EXPECT_EQ(text.find("/no/such/path"), std::string::npos);
}

TEST(ServerStart, PortInUseIsUnavailable) {
  haven::testing::SeededRandom random;
  auto first = Server::start(test_options(random), make_test_router(), render_for_test);
  ASSERT_TRUE(first.ok());
  auto options = test_options(random);
  options.port = (*first)->port();
  auto second = Server::start(options, make_test_router(), render_for_test);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::Unavailable);
  EXPECT_EQ(second.error().detail,
            "127.0.0.1:" + std::to_string(options.port) + " is already in use");
}

TEST(ServerStart, RejectsMissingRandomAndBadHost) {
  haven::testing::SeededRandom random;
  auto options = test_options(random);
  options.random = nullptr;
  auto no_random = Server::start(options, Router{}, render_for_test);
  ASSERT_FALSE(no_random.ok());
  EXPECT_EQ(no_random.error().code, ErrorCode::InvalidInput);
  options = test_options(random);
  options.host = "not an address";
  auto bad_host = Server::start(options, Router{}, render_for_test);
  ASSERT_FALSE(bad_host.ok());
  EXPECT_EQ(bad_host.error().code, ErrorCode::InvalidInput);
}

}  // namespace
}  // namespace haven::http::testing
