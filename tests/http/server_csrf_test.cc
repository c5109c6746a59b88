// CSRF (signed double-submit) as the real server enforces it.
#include "http/server.h"

#include <gtest/gtest.h>

#include "test_server.h"

namespace haven::http::testing {
namespace {

class CsrfTest : public ServerTest {
 protected:
  // A cookie the server handed out, as a client would keep it.
  std::string obtain_cookie() {
    auto response = exchange(get("/"));
    EXPECT_TRUE(response && response->header("Set-Cookie"));
    return response->header("Set-Cookie")->substr(5, 64);
  }
  std::optional<RawResponse> post(std::string const& body, std::string extra_headers) {
    return exchange("POST /submit HTTP/1.1\r\nHost: t\r\n" + extra_headers +
                    "Content-Type: application/x-www-form-urlencoded\r\n"
                    "Content-Length: " +
                    std::to_string(body.size()) + "\r\n\r\n" + body);
  }
};

TEST_F(CsrfTest, StateChangingRequestsNeedTheSignedToken) {
  std::string cookie = obtain_cookie();
  std::string token = sign_for_test(cookie);
  std::string with_cookie = "Cookie: csrf=" + cookie + "\r\n";
  struct Row {
    std::string_view name;
    std::string body, headers;
    unsigned want;
  };
  std::vector<Row> rows = {
      {"no token", "a=1", with_cookie, 403},
      {"wrong token", "csrf=signed-wrong", with_cookie, 403},
      {"token without cookie", "csrf=" + token, "", 403},
      {"token for another cookie", "csrf=" + token, "Cookie: csrf=" + std::string(64, 'a') + "\r\n",
       403},
      {"cross-site", "csrf=" + token, with_cookie + "Sec-Fetch-Site: cross-site\r\n", 403},
      {"right token in form", "a=1&csrf=" + token, with_cookie, 200},
      {"right token in header", "a=1", with_cookie + "X-CSRF-Token: " + token + "\r\n", 200},
      {"same-origin fetch", "csrf=" + token, with_cookie + "Sec-Fetch-Site: same-origin\r\n", 200},
  };
  for (auto const& row : rows) {
    SCOPED_TRACE(row.name);
    auto response = post(row.body, row.headers);
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, row.want);
    EXPECT_EQ(response->body, row.want == 403 ? "<h1>rendered 403</h1>" : "submitted");
  }
}

TEST_F(CsrfTest, MultipartFormCarriesTheToken) {
  std::string cookie = obtain_cookie();
  std::string body = "--B\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" +
                     sign_for_test(cookie) + "\r\n--B--\r\n";
  auto response = exchange("POST /submit HTTP/1.1\r\nHost: t\r\nCookie: csrf=" + cookie +
                           "\r\nContent-Type: multipart/form-data; boundary=B\r\n"
                           "Content-Length: " +
                           std::to_string(body.size()) + "\r\n\r\n" + body);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200u);
}

TEST_F(CsrfTest, ValidCookieIsKeptAndMalformedReplaced) {
  std::string cookie = obtain_cookie();
  auto kept = exchange(get("/", "Cookie: csrf=" + cookie + "\r\n"));
  ASSERT_TRUE(kept);
  EXPECT_FALSE(kept->header("Set-Cookie"));
  EXPECT_EQ(kept->body, "home " + sign_for_test(cookie));
  auto replaced = exchange(get("/", "Cookie: csrf=short\r\n"));
  ASSERT_TRUE(replaced);
  ASSERT_TRUE(replaced->header("Set-Cookie"));
  EXPECT_NE(replaced->header("Set-Cookie")->substr(5, 64), cookie);
}

}  // namespace
}  // namespace haven::http::testing
