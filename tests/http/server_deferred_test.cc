// Deferred routes (router.h Respond): answered from other threads without blocking the io
// thread, with the same rules, a 500 for a lost answer, a 503 for a late one, keep-alive
// order and graceful shutdown.
#include "http/server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "test_server.h"

namespace haven::http::testing {
namespace {

// The Respond objects of /later, kept until the test chooses to answer.
class Parked {
 public:
  void park(Respond respond) {
    {
      std::lock_guard lock(mutex_);
      waiting_.push_back(std::move(respond));
      ++calls_;
    }
    parked_.notify_all();
  }
  // The oldest parked Respond; empty when none arrives within 5 s.
  Respond take() {
    std::unique_lock lock(mutex_);
    parked_.wait_for(lock, 5s, [&] { return !waiting_.empty(); });
    if (waiting_.empty()) return {};
    Respond respond = std::move(waiting_.front());
    waiting_.pop_front();
    return respond;
  }
  std::size_t calls() const {
    std::lock_guard lock(mutex_);
    return calls_;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable parked_;
  std::deque<Respond> waiting_;
  std::size_t calls_ = 0;
};

class DeferredTest : public ServerTest {
 protected:
  void SetUp() override {
    raise_fd_limit();
    start(deferred_options(), deferred_router());
  }
  void TearDown() override {
    for (auto& worker : workers_) worker.join();
  }

  ServerOptions deferred_options() {
    auto options = test_options(random_);
    options.threads = 1;  // a blocked io thread would hold up every other request
    return options;
  }

  Router deferred_router() {
    Router router;
    router.add({Method::Get, "/fast", [](Request&) { return Response::text("fast"); }});
    add_deferred(router, Method::Get, "/later",
                 [this](Request&, Respond respond) { parked_.park(std::move(respond)); });
    add_deferred(router, Method::Get, "/now", [](Request& request, Respond respond) {
      respond(Response::text("now " + request.csrf_token));
    });
    add_deferred(router, Method::Get, "/twice", [](Request&, Respond respond) {
      respond(Response::text("first"));
      respond(Response::text("second"));
    });
    add_deferred(router, Method::Get, "/drop", [](Request&, Respond) {});
    add_deferred(router, Method::Get, "/throw",
                 [](Request&, Respond) { throw std::runtime_error("secret-detail-42"); });
    add_deferred(router, Method::Get, "/worker/{n}", [this](Request& request, Respond respond) {
      // The request is gone once the handler returns: the worker gets a copy of `n`.
      std::lock_guard lock(workers_mutex_);
      workers_.emplace_back([n = std::string(request.param("n")), respond] {
        respond(Response::text("worker " + n));
      });
    });
    add_deferred(router, Method::Post, "/submit", [this](Request&, Respond respond) {
      ++submit_calls_;
      respond(Response::text("submitted"));
    });
    return router;
  }
  static void add_deferred(Router& router, Method method, std::string pattern,
                           DeferredHandler handler) {
    Route route{.method = method, .pattern = std::move(pattern)};
    route.deferred = std::move(handler);
    router.add(std::move(route));
  }

  // Polls the metrics until `needle` shows (they are recorded just after the write).
  std::string metrics_with(std::string const& needle) {
    std::string text;
    for (int attempt = 0; attempt < 100; ++attempt) {
      text = metrics_.render_prometheus();
      if (text.find(needle) != std::string::npos) break;
      std::this_thread::sleep_for(20ms);
    }
    return text;
  }

  Parked parked_;
  std::atomic<int> submit_calls_{0};
  std::mutex workers_mutex_;
  std::vector<std::thread> workers_;
};

double latency_sum_seconds(std::string const& metrics) {
  std::string key = "haven_http_request_duration_seconds_sum ";
  auto at = metrics.find(key);
  return at == std::string::npos ? -1 : std::stod(metrics.substr(at + key.size()));
}

TEST_F(DeferredTest, SlowAnswerFromAnotherThreadDoesNotBlockTheIoThread) {
  RawClient slow = client();
  ASSERT_TRUE(slow.send(get("/later")));
  Respond respond = parked_.take();
  ASSERT_TRUE(respond);
  auto parked_at = std::chrono::steady_clock::now();
  std::promise<void> release;
  std::chrono::steady_clock::time_point answered_at;
  std::thread answerer([&, go = release.get_future()] {
    go.wait();
    answered_at = std::chrono::steady_clock::now();
    respond(Response::text("slow done"));
  });

  // The only io thread is free while the deferred request waits.
  auto fast = exchange(get("/fast"));
  ASSERT_TRUE(fast);
  EXPECT_EQ(fast->body, "fast");
  EXPECT_FALSE(slow.read_response(0ms)) << "answered before the test released it";

  release.set_value();
  auto answer = slow.read_response();
  answerer.join();
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 200u);
  EXPECT_EQ(answer->body, "slow done");
  EXPECT_TRUE(answer->header("Content-Security-Policy"));

  // Counted by route pattern, with the latency up to the write: at least the wait.
  auto metrics = metrics_with("route=\"/later\",method=\"GET\",status=\"200\"} 1");
  EXPECT_NE(metrics.find("route=\"/later\",method=\"GET\",status=\"200\"} 1"), std::string::npos)
      << metrics;
  EXPECT_GE(latency_sum_seconds(metrics),
            std::chrono::duration<double>(answered_at - parked_at).count());
}

TEST_F(DeferredTest, RespondInsideTheHandlerGetsEveryServerRule) {
  RawClient c = client();
  ASSERT_TRUE(c.send(get("/now")));
  auto first = c.read_response();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 200u);
  EXPECT_EQ(first->header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(first->header("X-Request-Id")->size(), 32u);
  auto cookie = first->header("Set-Cookie");
  ASSERT_TRUE(cookie);
  EXPECT_EQ(first->body, "now " + sign_for_test(cookie->substr(5, 64)));
  // Keep-alive carries on after a deferred answer.
  ASSERT_TRUE(c.send(get("/now")));
  auto second = c.read_response();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 200u);
}

TEST_F(DeferredTest, SecondAnswerIsIgnored) {
  RawClient c = client();
  ASSERT_TRUE(c.send(get("/twice") + get("/fast")));
  auto first = c.read_response();
  auto next = c.read_response();
  ASSERT_TRUE(first && next);
  EXPECT_EQ(first->body, "first");
  EXPECT_EQ(next->body, "fast");
}

TEST_F(DeferredTest, DroppedRespondAndThrowingHandlerAre500) {
  for (std::string target : {"/drop", "/throw"}) {
    SCOPED_TRACE(target);
    auto response = exchange(get(target));
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 500u);
    EXPECT_EQ(response->body, "<h1>rendered 500</h1>");
    EXPECT_EQ(response->header("Cache-Control"), "no-store");
  }
  auto after = exchange(get("/fast"));
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 200u);
}

TEST_F(DeferredTest, CsrfFailureIs403WithoutCallingTheHandler) {
  std::string body = "a=1";
  std::string post =
      "POST /submit HTTP/1.1\r\nHost: t\r\n"
      "Content-Type: application/x-www-form-urlencoded\r\n"
      "Content-Length: 3\r\n";
  auto refused = exchange(post + "\r\n" + body);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403u);
  EXPECT_EQ(refused->body, "<h1>rendered 403</h1>");
  EXPECT_EQ(submit_calls_.load(), 0);
  std::string cookie = std::string(64, 'c');
  auto allowed = exchange(post + "Cookie: csrf=" + cookie +
                          "\r\nX-CSRF-Token: " + sign_for_test(cookie) + "\r\n\r\n" + body);
  ASSERT_TRUE(allowed);
  EXPECT_EQ(allowed->status, 200u);
  EXPECT_EQ(allowed->body, "submitted");
  EXPECT_EQ(submit_calls_.load(), 1);
}

TEST_F(DeferredTest, NoAnswerIs503AndALateAnswerIsDropped) {
  auto options = deferred_options();
  options.deferred_response_timeout = 200ms;
  options.shutdown_grace = 50ms;
  start(std::move(options), deferred_router());
  RawClient c = client();
  ASSERT_TRUE(c.send(get("/later")));
  Respond late = parked_.take();
  ASSERT_TRUE(late);
  auto response = c.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 503u);
  EXPECT_EQ(response->body, "<h1>rendered 503</h1>");
  EXPECT_EQ(response->header("Connection"), "close");
  EXPECT_TRUE(c.wait_closed(3s));
  late(Response::text("late"));  // dropped: the request was given up
  auto after = exchange(get("/fast"));
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 200u);
  auto metrics = metrics_with("route=\"/later\",method=\"GET\",status=\"503\"} 1");
  EXPECT_NE(metrics.find("route=\"/later\",method=\"GET\",status=\"503\"} 1"), std::string::npos);

  // An answer kept past the server's life (shutdown gave up on it) is dropped as well;
  // ASan watches both.
  RawClient other = client();
  ASSERT_TRUE(other.send(get("/later")));
  Respond orphan = parked_.take();
  ASSERT_TRUE(orphan);
  server_.reset();
  orphan(Response::text("after the server"));
}

TEST_F(DeferredTest, KeepAliveAnswersPipelinedDeferredRequestsInOrder) {
  RawClient c = client();
  ASSERT_TRUE(c.send(get("/worker/1") + get("/worker/2")));
  auto one = c.read_response();
  auto two = c.read_response();
  ASSERT_TRUE(one && two);
  EXPECT_EQ(one->body, "worker 1");
  EXPECT_EQ(two->body, "worker 2");

  // The second request is read only once the first answer is written.
  ASSERT_TRUE(c.send(get("/later") + get("/later")));
  Respond first = parked_.take();
  ASSERT_TRUE(first);
  ASSERT_TRUE(exchange(get("/fast")));  // the io thread has had its turn
  EXPECT_EQ(parked_.calls(), 1u);
  first(Response::text("a"));
  auto a = c.read_response();
  Respond second = parked_.take();
  ASSERT_TRUE(second);
  second(Response::text("b"));
  auto b = c.read_response();
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->body, "a");
  EXPECT_EQ(b->body, "b");
}

TEST_F(DeferredTest, GracefulShutdownWaitsForAPendingDeferredRequest) {
  std::optional<RawClient> c = client();
  ASSERT_TRUE(c->send(get("/later")));
  Respond respond = parked_.take();
  ASSERT_TRUE(respond);
  std::thread stopper([this] {
    server_->stop();
    server_->wait();
  });
  // Shutdown has begun once new connections are refused or turned away.
  bool stopping = false;
  for (int attempt = 0; attempt < 250 && !stopping; ++attempt) {
    RawClient probe = client();
    auto reply =
        probe.connected() && probe.send(get("/fast")) ? probe.read_response(1s) : std::nullopt;
    stopping = !reply || reply->status == 503;
    if (!stopping) std::this_thread::sleep_for(20ms);
  }
  EXPECT_TRUE(stopping);
  respond(Response::text("finished"));
  auto response = c->read_response();
  EXPECT_TRUE(c->wait_closed(3s));
  c.reset();  // ends the server's lingering close, and with it the shutdown
  stopper.join();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200u);
  EXPECT_EQ(response->body, "finished");
  EXPECT_EQ(response->header("Connection"), "close");
}

TEST(DeferredStart, RejectsANonPositiveTimeout) {
  haven::testing::SeededRandom random;
  auto options = test_options(random);
  options.deferred_response_timeout = 0ms;
  auto started = Server::start(options, Router{}, render_for_test);
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().code, ErrorCode::InvalidInput);
}

}  // namespace
}  // namespace haven::http::testing
