// Limits, timeouts, the connection cap and graceful shutdown of the real server.
#include "http/server.h"

#include <gtest/gtest.h>

#include <future>
#include <thread>
#include <vector>

#include "test_server.h"

namespace haven::http::testing {
namespace {

using Clock = std::chrono::steady_clock;

TEST_F(ServerTest, HeaderOver16KiBIs431) {
  std::string big = "X-Big: " + std::string(17 * 1024, 'a') + "\r\n";
  RawClient c = client();
  ASSERT_TRUE(c.send(get("/", big)));
  auto response = c.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 431u);
  EXPECT_EQ(response->body, "<h1>rendered 431</h1>");
  EXPECT_TRUE(c.wait_closed(std::chrono::seconds(3)));
}

TEST_F(ServerTest, ContentLengthOverRouteCapIs413BeforeTheBody) {
  RawClient c = client();
  // The body is never sent: the answer must come from the header alone.
  ASSERT_TRUE(
      c.send("POST /form HTTP/1.1\r\nHost: t\r\n"
             "Content-Type: application/x-www-form-urlencoded\r\n"
             "Content-Length: 1048576\r\n\r\n"));
  auto response = c.read_response(std::chrono::seconds(3));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413u);
  EXPECT_EQ(response->header("Connection"), "close");
}

TEST_F(ServerTest, ChunkedBodyOverRouteCapIs413) {
  RawClient c = client();
  std::string chunk(600, 'a');
  ASSERT_TRUE(
      c.send("POST /form HTTP/1.1\r\nHost: t\r\n"
             "Content-Type: application/x-www-form-urlencoded\r\n"
             "Transfer-Encoding: chunked\r\n\r\n"
             "258\r\n" +
             chunk + "\r\n258\r\n" + chunk + "\r\n"));
  auto response = c.read_response(std::chrono::seconds(3));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413u);
}

TEST_F(ServerTest, ExpectContinueGets100ThenTheResponse) {
  RawClient c = client();
  ASSERT_TRUE(
      c.send("POST /form HTTP/1.1\r\nHost: t\r\n"
             "Content-Type: application/x-www-form-urlencoded\r\n"
             "Expect: 100-continue\r\nContent-Length: 3\r\n\r\n"));
  auto interim = c.read_response(std::chrono::seconds(3));
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100u);
  ASSERT_TRUE(c.send("a=1"));
  auto response = c.read_response(std::chrono::seconds(3));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body, "fields 1");
}

TEST_F(ServerTest, SlowHeaderIsCutOffAtTheWholeHeaderTimeout) {
  // header_read_timeout is 1.5 s; one byte a second would never trip a per-byte timer.
  RawClient c = client();
  std::string request = get("/");
  auto start = Clock::now();
  bool closed = false;
  for (std::size_t i = 0; i < request.size() && !closed; ++i) {
    if (!c.send(request.substr(i, 1))) break;
    closed = c.wait_closed(std::chrono::milliseconds(1000));
  }
  auto elapsed = Clock::now() - start;
  EXPECT_TRUE(closed);
  EXPECT_GE(elapsed, std::chrono::milliseconds(1400));
  EXPECT_LT(elapsed, std::chrono::milliseconds(3500));
}

TEST_F(ServerTest, ManyIdleConnectionsDoNotBlockServingAndTimeOut) {
  std::vector<RawClient> idle;
  idle.reserve(1000);
  for (int i = 0; i < 1000; ++i) {
    idle.emplace_back(server_->port());
    ASSERT_TRUE(idle.back().connected()) << i;
  }
  auto start = Clock::now();
  auto response = exchange(get("/hello/busy"));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200u);
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(2));
  // idle_timeout is 1 s: every idle connection is closed by the server soon after.
  auto deadline = Clock::now() + std::chrono::seconds(8);
  std::size_t closed = 0;
  for (auto& c : idle) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (c.wait_closed(std::max(left, std::chrono::milliseconds(1)))) ++closed;
  }
  EXPECT_EQ(closed, idle.size());
}

TEST_F(ServerTest, ConnectionCapRejectsExcessAndRecovers) {
  auto options = test_options(random_);
  options.max_connections = 50;
  options.idle_timeout = std::chrono::seconds(10);
  start(std::move(options));
  std::vector<RawClient> held;
  for (int i = 0; i < 50; ++i) {
    held.emplace_back(server_->port());
    ASSERT_TRUE(held.back().send(get("/hello/held")));
    ASSERT_TRUE(held.back().read_response());  // accepted and registered
  }
  for (int i = 0; i < 5; ++i) {
    RawClient extra = client();
    std::string answer = extra.read_all(std::chrono::seconds(3));
    EXPECT_TRUE(answer.empty() || answer.starts_with("HTTP/1.1 503")) << answer.substr(0, 40);
    EXPECT_TRUE(extra.wait_closed(std::chrono::seconds(1)));
  }
  held.clear();
  // Once they are gone the server accepts again.
  std::optional<RawResponse> response;
  for (int attempt = 0; attempt < 50 && !(response && response->status == 200); ++attempt) {
    response = exchange(get("/hello/again"));
    if (!response) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body, "hello again");
}

TEST_F(ServerTest, GracefulShutdownFinishesInFlightRequest) {
  RawClient idle = client();  // an idle keep-alive connection is closed, not waited for
  ASSERT_TRUE(idle.send(get("/hello/idle")));
  ASSERT_TRUE(idle.read_response());
  RawClient busy = client();
  ASSERT_TRUE(busy.send(get("/slow")));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the handler is running
  auto waited = std::async(std::launch::async, [&] { server_->wait(); });
  server_->stop();
  auto response = busy.read_response(std::chrono::seconds(3));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200u);
  EXPECT_EQ(response->body, "slow done");
  EXPECT_EQ(response->header("Connection"), "close");
  EXPECT_EQ(waited.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  EXPECT_TRUE(idle.wait_closed(std::chrono::seconds(1)));
  // Nothing listens any more.
  RawClient late(server_->port());
  EXPECT_FALSE(late.connected() && late.send(get("/")) &&
               late.read_response(std::chrono::milliseconds(500)));
}

}  // namespace
}  // namespace haven::http::testing
