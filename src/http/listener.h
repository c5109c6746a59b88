// Accepts TCP connections and hands each to a Connection on its own strand; enforces the
// connection cap and survives accept errors such as EMFILE. Private to http/.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <vector>

#include "core/result.h"
#include "http/server_core.h"

namespace haven::http {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // Binds with SO_REUSEADDR and listens on the first context; accepted connections are
  // spread round-robin over `workers`. Unavailable when the address is in use or cannot
  // be bound.
  static Result<std::shared_ptr<Listener>> open(std::vector<boost::asio::io_context*> workers,
                                                boost::asio::ip::tcp::endpoint endpoint,
                                                ServerCore& core);
  Listener(std::vector<boost::asio::io_context*> workers, ServerCore& core);

  std::uint16_t port() const { return port_; }
  void start();
  // Thread-safe: closes the acceptor; connections already accepted carry on.
  void stop();

 private:
  void do_accept();
  void on_accept(boost::system::error_code ec, boost::asio::ip::tcp::socket socket);
  void reject(boost::asio::ip::tcp::socket socket);

  std::vector<boost::asio::io_context*> workers_;
  std::size_t next_worker_ = 0;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer backoff_;
  ServerCore& core_;
  std::uint16_t port_ = 0;
};

}  // namespace haven::http
