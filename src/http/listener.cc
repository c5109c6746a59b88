#include "http/listener.h"

#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>

#include "core/log.h"
#include "http/connection.h"

namespace haven::http {

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

// Resource exhaustion (EMFILE, ENFILE, ENOBUFS, ENOMEM) passes: back off, then accept again.
constexpr std::chrono::milliseconds kAcceptBackoff{50};

std::string describe(tcp::endpoint const& endpoint) {
  auto address = endpoint.address();
  std::string host = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
  return host + ":" + std::to_string(endpoint.port());
}

}  // namespace

Listener::Listener(std::vector<net::io_context*> workers, ServerCore& core)
    : workers_(std::move(workers)),
      acceptor_(*workers_.front()),
      backoff_(*workers_.front()),
      core_(core) {}

Result<std::shared_ptr<Listener>> Listener::open(std::vector<net::io_context*> workers,
                                                 tcp::endpoint endpoint, ServerCore& core) {
  auto listener = std::make_shared<Listener>(std::move(workers), core);
  auto& acceptor = listener->acceptor_;
  boost::system::error_code ec;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (ec == net::error::address_in_use) {
    return make_error(ErrorCode::Unavailable, describe(endpoint) + " is already in use");
  }
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return make_error(ErrorCode::Unavailable,
                      "cannot listen on " + describe(endpoint) + ": " + ec.message());
  }
  listener->port_ = acceptor.local_endpoint(ec).port();
  return listener;
}

void Listener::start() {
  net::post(acceptor_.get_executor(),
            boost::beast::bind_front_handler(&Listener::do_accept, shared_from_this()));
}

void Listener::stop() {
  net::post(acceptor_.get_executor(), [self = shared_from_this()] {
    boost::system::error_code ignored;
    self->acceptor_.close(ignored);
    self->backoff_.cancel();
  });
}

void Listener::do_accept() {
  if (!acceptor_.is_open()) return;
  // Round-robin over the per-thread contexts: the socket belongs to the context that will
  // run all of its handlers (see server.cc on why one context per thread).
  auto& worker = *workers_[next_worker_];
  next_worker_ = (next_worker_ + 1) % workers_.size();
  acceptor_.async_accept(
      worker, boost::beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
}

void Listener::on_accept(boost::system::error_code ec, tcp::socket socket) {
  if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
  if (ec) {
    log::warn("http_accept_failed", {{"error", ec.message()}});
    backoff_.expires_after(kAcceptBackoff);
    backoff_.async_wait([self = shared_from_this()](boost::system::error_code wait_ec) {
      if (!wait_ec) self->do_accept();
    });
    return;
  }
  if (core_.is_shutting_down()) {
    reject(std::move(socket));
  } else if (core_.open_connections() >= core_.options().max_connections) {
    reject(std::move(socket));
  } else {
    std::make_shared<Connection>(std::move(socket), core_)->start();
  }
  do_accept();
}

// Past the cap: one non-blocking write of the pre-rendered 503 and close, so the acceptor
// never waits on a client it cannot serve.
void Listener::reject(tcp::socket socket) {
  boost::system::error_code ignored;
  socket.non_blocking(true, ignored);
  auto const& rejection = core_.rejection();
  socket.write_some(net::buffer(rejection), ignored);
  socket.shutdown(tcp::socket::shutdown_send, ignored);
  socket.close(ignored);
  log::debug("http_connection_rejected");
}

}  // namespace haven::http
