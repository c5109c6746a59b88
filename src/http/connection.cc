#include "http/connection.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <limits>
#include <utility>

#include "core/log.h"
#include "http/response_policy.h"
#include "http/target.h"

namespace haven::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

constexpr std::size_t kFirstReadBytes = 4096;
// Lingering close (as nginx does): after an early error the client may still be sending
// its body; closing with unread bytes would reset the connection and lose the response.
constexpr std::chrono::milliseconds kLingerTimeout{1000};
constexpr std::size_t kLingerMaxBytes = 256 * 1024;
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

std::optional<Method> to_method(bhttp::verb verb) {
  switch (verb) {
    case bhttp::verb::get:
      return Method::Get;
    case bhttp::verb::head:
      return Method::Head;
    case bhttp::verb::post:
      return Method::Post;
    case bhttp::verb::put:
      return Method::Put;
    case bhttp::verb::patch:
      return Method::Patch;
    case bhttp::verb::delete_:
      return Method::Delete;
    case bhttp::verb::options:
      return Method::Options;
    default:
      return std::nullopt;
  }
}

// Beast 1.74 speaks boost::string_view.
beast::string_view to_beast(std::string_view text) { return {text.data(), text.size()}; }
std::string_view from_beast(beast::string_view text) { return {text.data(), text.size()}; }

// Parse errors of the HTTP grammar (400) as opposed to the peer going away (just close).
bool is_malformed_request(beast::error_code ec) {
  if (ec.category() != bhttp::make_error_code(bhttp::error::bad_target).category()) return false;
  return ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message;
}

}  // namespace

Connection::Connection(tcp::socket socket, ServerCore& core)
    : stream_(std::move(socket)), deferred_timer_(stream_.get_executor()), core_(core) {}

Connection::~Connection() {
  if (registered_) core_.unregister_connection(this);
}

void Connection::start() {
  core_.register_connection(this, weak_from_this());
  registered_ = true;
  // Responses are written whole; Nagle's algorithm would only delay their last segment.
  beast::error_code ignored;
  stream_.socket().set_option(tcp::no_delay(true), ignored);
  if (core_.options().client_key) {
    auto peer = stream_.socket().remote_endpoint(ignored);
    if (!ignored) client_key_ = core_.options().client_key(peer.address().to_string());
  }
  net::dispatch(stream_.get_executor(),
                beast::bind_front_handler(&Connection::wait_for_request, shared_from_this()));
}

void Connection::shut_down() {
  net::post(stream_.get_executor(), [self = shared_from_this()] {
    self->shutting_down_ = true;
    if (self->phase_ == Phase::Idle) self->close_now();
  });
}

void Connection::close() {
  net::post(stream_.get_executor(), [self = shared_from_this()] { self->close_now(); });
}

void Connection::wait_for_request() {
  phase_ = Phase::Idle;
  if (shutting_down_ || core_.is_shutting_down()) return close_now();
  if (buffer_.size() > 0) return read_header();  // a pipelined request is already here
  // Until the first byte the idle timeout applies; from then on the whole-header timeout.
  stream_.expires_after(core_.options().idle_timeout);
  stream_.async_read_some(
      buffer_.prepare(kFirstReadBytes),
      beast::bind_front_handler(&Connection::on_first_bytes, shared_from_this()));
}

void Connection::on_first_bytes(beast::error_code ec, std::size_t bytes) {
  if (ec) return close_now();
  buffer_.commit(bytes);
  read_header();
}

void Connection::read_header() {
  phase_ = Phase::Header;
  started_ = std::chrono::steady_clock::now();
  request_ = Request{};
  request_.client_key = client_key_;
  match_ = RouteMatch{};
  method_label_ = "OTHER";
  must_close_ = false;
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(core_.options().max_header_bytes));
  // No body limit until the route is known: Beast would otherwise apply its default to
  // Content-Length while still reading the header. (Not boost::none: Beast 1.74 compares
  // the length with the optional, and any length compares greater than none.)
  parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
  // One deadline for the whole header: a client trickling a byte at a time is not reset.
  stream_.expires_after(core_.options().header_read_timeout);
  bhttp::async_read_header(stream_, buffer_, *parser_,
                           beast::bind_front_handler(&Connection::on_header, shared_from_this()));
}

void Connection::on_header(beast::error_code ec, std::size_t) {
  if (ec == bhttp::error::header_limit) return send_error(431);
  if (ec) {
    if (is_malformed_request(ec)) return send_error(400);
    return close_now();
  }
  if (accept_header()) route_request();
}

// Copies and checks what Beast parsed; sends the error and returns false when it is unusable.
bool Connection::accept_header() {
  auto const& header = parser_->get();
  request_.request_id = core_.dispatcher().new_request_id();
  request_.target = std::string(header.target());
  for (auto const& field : header) {
    request_.headers.add(std::string(field.name_string()), std::string(field.value()));
  }
  unsigned version = header.version();
  bool bad_framing = header.count(bhttp::field::transfer_encoding) > 0 && !parser_->chunked();
  bool bad_host = version == 11 && header.count(bhttp::field::host) != 1;
  if ((version != 10 && version != 11) || bad_framing || bad_host) {
    send_error(400);
    return false;
  }
  auto method = to_method(header.method());
  if (!method) {
    send_error(501);
    return false;
  }
  request_.method = *method;
  method_label_ = to_string(*method);
  auto target = parse_target(from_beast(header.target()));
  if (!target) {
    log::debug("http_bad_target",
               {{"request_id", request_.request_id}, {"detail", target.error().detail}});
    send_error(400);
    return false;
  }
  request_.path = std::move(target->path);
  request_.query = std::move(target->query);
  return true;
}

void Connection::route_request() {
  match_ = core_.dispatcher().router().match(request_.method, request_.path);
  auto length = parser_->content_length();
  bool has_body = parser_->chunked() || (length && *length > 0);
  if (match_.kind != RouteMatch::Kind::Found) {
    // The unread body would be taken for the next request: answer, then close.
    must_close_ = has_body;
    return dispatch();
  }
  auto const& route = *match_.route;
  if (length && *length > route.max_body_bytes) return send_error(413);  // before any body byte
  parser_->body_limit(route.max_body_bytes);
  if (parser_->is_done()) return dispatch();
  auto expect = parser_->get()[bhttp::field::expect];
  if (beast::iequals(expect, "100-continue")) return send_continue();
  read_body();
}

void Connection::send_continue() {
  stream_.expires_after(core_.options().write_timeout);
  net::async_write(stream_, net::buffer(kContinue.data(), kContinue.size()),
                   [self = shared_from_this()](beast::error_code ec, std::size_t) {
                     if (ec) return self->close_now();
                     self->read_body();
                   });
}

void Connection::read_body() {
  phase_ = Phase::Body;
  stream_.expires_after(core_.options().body_read_timeout);
  bhttp::async_read(stream_, buffer_, *parser_,
                    beast::bind_front_handler(&Connection::on_body, shared_from_this()));
}

void Connection::on_body(beast::error_code ec, std::size_t) {
  if (ec == bhttp::error::body_limit) return send_error(413);
  if (ec) {
    if (is_malformed_request(ec)) return send_error(400);
    return close_now();
  }
  dispatch();
}

void Connection::dispatch() {
  bool keep_alive = parser_->keep_alive() && !must_close_;
  if (match_.kind == RouteMatch::Kind::Found) {
    request_.body = std::move(parser_->get().body());
    if (match_.route->deferred) return defer(keep_alive);
  }
  send(core_.dispatcher().respond(request_, match_), keep_alive);
}

// The answer comes later from any thread. Nothing is read meanwhile (the next request waits
// for this response), so no read deadline runs; deferred_timer_ bounds the wait instead,
// and its pending handler keeps this connection alive until then.
void Connection::defer(bool keep_alive) {
  phase_ = Phase::Deferred;
  deferred_keep_alive_ = keep_alive;
  auto ticket = ++deferred_ticket_;
  auto immediate =
      core_.dispatcher().start_deferred(request_, match_, make_deliver(ticket), deferred_cookie_);
  if (immediate) return send(std::move(*immediate), keep_alive);
  stream_.expires_never();
  deferred_timer_.expires_after(core_.options().deferred_response_timeout);
  deferred_timer_.async_wait([self = shared_from_this(), ticket](beast::error_code ec) {
    self->on_deferred_timeout(ec, ticket);
  });
}

// Runs on the answering thread: only posts. The connection's state belongs to its own
// io thread, and the gate keeps the post away from an io_context that is gone. Holds the
// connection weakly: an answer kept past the server's life must not keep it alive.
DeferredReply::Deliver Connection::make_deliver(std::uint64_t ticket) {
  return [gate = core_.post_gate(), executor = stream_.get_executor(), self = weak_from_this(),
          ticket](Response response) {
    bool posted = gate->run_if_open([&] {
      net::post(executor, [self, ticket, response = std::move(response)]() mutable {
        if (auto connection = self.lock()) {
          connection->on_deferred_answer(ticket, std::move(response));
        }
      });
    });
    if (!posted) log::debug("http_deferred_answer_after_stop");
  };
}

void Connection::on_deferred_answer(std::uint64_t ticket, Response response) {
  if (phase_ != Phase::Deferred || ticket != deferred_ticket_) {
    // Timed out (503 sent) or the connection closed meanwhile.
    log::debug("http_deferred_answer_dropped", {{"status", std::to_string(response.status)}});
    return;
  }
  deferred_timer_.cancel();
  auto cookie = std::exchange(deferred_cookie_, std::nullopt);
  send(core_.dispatcher().finish(std::move(response), request_, std::move(cookie)),
       deferred_keep_alive_);
}

void Connection::on_deferred_timeout(beast::error_code ec, std::uint64_t ticket) {
  if (ec || phase_ != Phase::Deferred || ticket != deferred_ticket_) return;
  log::warn("http_deferred_timeout",
            {{"request_id", request_.request_id}, {"route", request_.route_name}});
  deferred_cookie_.reset();
  // Closes afterwards: the handler's work may still be running for this client.
  send_error(503);
}

void Connection::send_error(unsigned status) {
  if (request_.request_id.empty()) request_.request_id = core_.dispatcher().new_request_id();
  send(core_.dispatcher().render_error(status, request_), false);
}

void Connection::send(Response response, bool keep_alive) {
  phase_ = Phase::Writing;
  keep_alive_ = keep_alive && !shutting_down_ && !core_.is_shutting_down();
  status_ = response.status;
  response_ = {};
  response_.version(11);
  response_.result(response.status);
  bool bodyless = response.status < 200 || response.status == 204 || response.status == 304;
  if (!bodyless && !response.body.empty() && !response.headers.get("Content-Type")) {
    response_.set(bhttp::field::content_type, to_beast(response.content_type));
  }
  for (auto const& [name, value] : response.headers.all()) {
    response_.insert(to_beast(name), to_beast(value));
  }
  for (auto const& line : security_headers(core_.options().secure_transport)) {
    response_.set(to_beast(line.name), to_beast(line.value));
  }
  if (needs_no_store(response)) response_.set(bhttp::field::cache_control, "no-store");
  response_.set("X-Request-Id", to_beast(request_.request_id));
  response_.set(bhttp::field::date, to_beast(http_date_now()));
  if (!bodyless) response_.content_length(response.body.size());
  // HEAD: the length of the body a GET would get, but no body.
  if (!bodyless && request_.method != Method::Head) response_.body() = std::move(response.body);
  response_.keep_alive(keep_alive_);
  stream_.expires_after(core_.options().write_timeout);
  bhttp::async_write(stream_, response_,
                     beast::bind_front_handler(&Connection::on_write, shared_from_this()));
}

void Connection::on_write(beast::error_code ec, std::size_t) {
  record(status_);
  response_ = {};
  if (ec) return close_now();
  if (!keep_alive_) return linger_close();
  wait_for_request();
}

void Connection::record(unsigned status) {
  auto elapsed = std::chrono::steady_clock::now() - started_;
  std::string_view route = request_.route_name;
  if (route.empty()) route = "unmatched";
  if (auto* metrics = core_.metrics()) {
    metrics->record_request(route, method_label_, status, elapsed);
  }
  // Every request is counted above; the line itself is at debug level for the hot path
  // and at warn for server errors, so production logs stay cheap but failures show.
  auto level = status >= 500 ? log::Level::Warn : log::Level::Debug;
  if (!log::is_enabled(level)) return;
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count();
  log::write(level, "http_request",
             {{"request_id", request_.request_id},
              {"method", std::string(method_label_)},
              {"route", std::string(route)},
              {"status", std::to_string(status)},
              {"duration_us", std::to_string(micros)}});
}

void Connection::linger_close() {
  phase_ = Phase::Closing;
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  if (ec) return close_now();
  lingered_bytes_ = 0;
  buffer_.clear();
  stream_.expires_after(kLingerTimeout);
  stream_.async_read_some(buffer_.prepare(kFirstReadBytes),
                          beast::bind_front_handler(&Connection::on_linger, shared_from_this()));
}

void Connection::on_linger(beast::error_code ec, std::size_t bytes) {
  lingered_bytes_ += bytes;
  if (ec || lingered_bytes_ > kLingerMaxBytes) return close_now();
  // Discarded; the deadline set in linger_close() bounds the whole drain.
  stream_.async_read_some(buffer_.prepare(kFirstReadBytes),
                          beast::bind_front_handler(&Connection::on_linger, shared_from_this()));
}

void Connection::close_now() {
  phase_ = Phase::Closing;
  deferred_timer_.cancel();  // lets the connection go; a deferred answer is then dropped
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream_.close();
}

}  // namespace haven::http
