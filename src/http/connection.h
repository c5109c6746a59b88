// One client connection on Boost.Beast: reads each request header first (size- and
// time-limited), picks the route, then reads the body under the route's cap, runs the
// dispatcher (or waits, bounded, for a deferred route's answer) and writes the response;
// keep-alive, timeouts, lingering close and the part it plays in graceful shutdown.
// Private to http/.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "http/deferred_reply.h"
#include "http/message.h"
#include "http/router.h"
#include "http/server_core.h"

namespace haven::http {

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(boost::asio::ip::tcp::socket socket, ServerCore& core);
  ~Connection();
  Connection(Connection const&) = delete;
  Connection& operator=(Connection const&) = delete;

  // Registers with the core and starts waiting for the first request.
  void start();
  // Thread-safe: finishes the request in progress (if any, a deferred one waiting for its
  // answer too) without keep-alive, closes an idle connection at once.
  void shut_down();
  // Thread-safe: closes the socket now, whatever is in progress.
  void close();

 private:
  enum class Phase { Idle, Header, Body, Deferred, Writing, Closing };

  void wait_for_request();
  void on_first_bytes(boost::beast::error_code ec, std::size_t bytes);
  void read_header();
  void on_header(boost::beast::error_code ec, std::size_t bytes);
  bool accept_header();
  void route_request();
  void send_continue();
  void read_body();
  void on_body(boost::beast::error_code ec, std::size_t bytes);
  void dispatch();
  void defer(bool keep_alive);
  DeferredReply::Deliver make_deliver(std::uint64_t ticket);
  void on_deferred_answer(std::uint64_t ticket, Response response);
  void on_deferred_timeout(boost::beast::error_code ec, std::uint64_t ticket);
  void send(Response response, bool keep_alive);
  void on_write(boost::beast::error_code ec, std::size_t bytes);
  void send_error(unsigned status);
  void linger_close();
  void on_linger(boost::beast::error_code ec, std::size_t bytes);
  void close_now();
  void record(unsigned status);

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  boost::beast::http::response<boost::beast::http::string_body> response_;
  boost::asio::steady_timer deferred_timer_;  // bounds the wait for a deferred answer
  ServerCore& core_;
  Request request_;
  RouteMatch match_;
  Phase phase_ = Phase::Idle;
  std::string_view method_label_ = "OTHER";  // for metrics and the log, never raw input
  unsigned status_ = 0;
  bool must_close_ = false;
  bool keep_alive_ = false;
  bool shutting_down_ = false;
  bool registered_ = false;
  // ServerOptions::client_key of the peer, computed once per connection.
  std::string client_key_;
  std::size_t lingered_bytes_ = 0;
  // Names the deferred request being waited for, so that an answer that arrives after its
  // request was given up (503) is never taken for a later request's.
  std::uint64_t deferred_ticket_ = 0;
  bool deferred_keep_alive_ = false;
  std::optional<std::string> deferred_cookie_;  // the CSRF Set-Cookie for finish()
  std::chrono::steady_clock::time_point started_;
};

}  // namespace haven::http
