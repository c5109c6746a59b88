#include "http/server.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/signal_set.hpp>
#include <condition_variable>
#include <csignal>
#include <mutex>
#include <thread>
#include <vector>

#include "core/log.h"
#include "http/connection.h"
#include "http/listener.h"
#include "http/server_core.h"

namespace haven::http {

namespace net = boost::asio;

// One io_context per thread, each run by exactly one thread, rather than one context shared
// by N threads with a strand per connection: measured on 2 cores, the shared scheduler's
// mutex and the strands cost about half the throughput of a small static file. A
// connection stays on its thread, so its handlers are sequential without a strand. The
// price: a slow handler delays the other connections of its thread, which is why slow
// work (Argon2id, DESIGN.md §3) belongs in a separate worker pool, not in a handler.
//
// Destruction order matters: members are destroyed bottom-up, so the io_contexts (whose
// destructors destroy pending handlers and with them the last Connections) go before the
// core those Connections unregister from.
struct Server::State {
  using WorkGuard = net::executor_work_guard<net::io_context::executor_type>;

  State(ServerOptions options, Router router, ErrorRenderer render_error, unsigned count)
      : core(std::move(options), std::move(router), std::move(render_error)) {
    for (unsigned i = 0; i < count; ++i) {
      contexts.push_back(std::make_unique<net::io_context>(1));
      work.push_back(net::make_work_guard(*contexts.back()));
    }
  }
  // Before the members go: a deferred answer given from now on is dropped rather than
  // posted to a destroyed io_context.
  ~State() { core.post_gate()->close(); }
  State(State const&) = delete;
  State& operator=(State const&) = delete;

  std::vector<net::io_context*> workers() const {
    std::vector<net::io_context*> out;
    for (auto const& context : contexts) out.push_back(context.get());
    return out;
  }
  void run_threads() {
    for (auto& context : contexts) threads.emplace_back([&io = *context] { io.run(); });
  }
  void shut_down();

  ServerCore core;
  std::mutex mutex;
  std::condition_variable stop_requested_cv;
  bool stop_requested = false;
  bool finished = false;
  std::vector<std::thread> threads;
  std::vector<std::unique_ptr<net::io_context>> contexts;
  std::vector<WorkGuard> work;
  std::shared_ptr<Listener> listener;
};

// Stop accepting; idle keep-alive connections close at once, in-flight requests (one
// waiting for a deferred answer too) finish within shutdown_grace; whatever remains is
// closed; then the threads are joined.
void Server::State::shut_down() {
  listener->stop();
  core.begin_shutdown();
  for (auto const& connection : core.connections()) connection->shut_down();
  auto deadline = std::chrono::steady_clock::now() + core.options().shutdown_grace;
  if (!core.wait_until_idle(deadline)) {
    log::warn("http_shutdown_grace_elapsed", {{"open", std::to_string(core.open_connections())}});
    for (auto const& connection : core.connections()) connection->close();
    (void)core.wait_until_idle(std::chrono::steady_clock::now() + std::chrono::seconds(2));
  }
  for (auto& guard : work) guard.reset();
  for (auto& context : contexts) context->stop();
  for (auto& thread : threads) thread.join();
  threads.clear();
  log::info("http_server_stopped");
}

Server::Server(std::unique_ptr<State> state) : state_(std::move(state)) {}

Server::~Server() {
  if (!state_) return;
  stop();
  wait();
}

Result<std::unique_ptr<Server>> Server::start(ServerOptions options, Router router,
                                              ErrorRenderer render_error) {
  if (options.random == nullptr) return make_error(ErrorCode::InvalidInput, "random is required");
  if (!options.sign_csrf) return make_error(ErrorCode::InvalidInput, "sign_csrf is required");
  if (options.max_connections == 0) {
    return make_error(ErrorCode::InvalidInput, "max_connections must be positive");
  }
  if (options.deferred_response_timeout <= std::chrono::milliseconds::zero()) {
    return make_error(ErrorCode::InvalidInput, "deferred_response_timeout must be positive");
  }
  boost::system::error_code ec;
  auto address = net::ip::make_address(options.host, ec);
  if (ec) return make_error(ErrorCode::InvalidInput, "malformed host: " + options.host);
  unsigned threads = options.threads != 0 ? options.threads : std::thread::hardware_concurrency();
  if (threads == 0) threads = 1;
  net::ip::tcp::endpoint endpoint(address, options.port);
  auto state = std::make_unique<State>(std::move(options), std::move(router),
                                       std::move(render_error), threads);
  auto listener = Listener::open(state->workers(), endpoint, state->core);
  if (!listener) return std::move(listener).error();
  state->listener = std::move(*listener);
  state->listener->start();
  state->run_threads();
  log::info("http_server_started", {{"port", std::to_string(state->listener->port())},
                                    {"threads", std::to_string(threads)}});
  return std::unique_ptr<Server>(new Server(std::move(state)));
}

std::uint16_t Server::port() const { return state_->listener->port(); }

void Server::wait() {
  {
    std::unique_lock lock(state_->mutex);
    if (state_->finished) return;
  }
  // SIGINT/SIGTERM end the server like stop(); the set lives only while we wait.
  net::signal_set signals(*state_->contexts.front(), SIGINT, SIGTERM);
  signals.async_wait([this](boost::system::error_code ec, int) {
    if (!ec) stop();
  });
  {
    std::unique_lock lock(state_->mutex);
    state_->stop_requested_cv.wait(lock, [&] { return state_->stop_requested; });
    if (state_->finished) return;
    state_->finished = true;
  }
  boost::system::error_code ignored;
  signals.cancel(ignored);
  state_->shut_down();
}

void Server::stop() {
  {
    std::lock_guard lock(state_->mutex);
    state_->stop_requested = true;
  }
  state_->stop_requested_cv.notify_all();
}

}  // namespace haven::http
