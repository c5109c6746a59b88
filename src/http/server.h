// The HTTP/1.1 server on Boost.Beast (the only place Beast is used): asynchronous, one
// thread per core, keep-alive, limits, timeouts, a connection cap, security headers,
// CSRF, request ids, metrics and graceful shutdown. No client address is ever logged.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/random.h"
#include "core/result.h"
#include "http/limits.h"
#include "http/message.h"
#include "http/metrics.h"
#include "http/router.h"

namespace haven::http {

// What the error renderer knows: errors may happen before a request is fully parsed,
// so everything but `status` may be empty.
struct ErrorContext {
  unsigned status = 500;
  bool is_api = false;          // path under /api/: JSON `{"error": {"code", "message"}}`
  std::string accept_language;  // the Accept-Language header, if read
  std::string language_cookie;  // the "lang" cookie, if read
  std::string request_id;
};
using ErrorRenderer = std::function<Response(ErrorContext const&)>;

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: any free port, see Server::port()
  unsigned threads = 0;       // 0: one per core
  std::size_t max_connections = limits::kMaxConnections;
  std::size_t max_header_bytes = limits::kMaxHeaderBytes;
  std::chrono::milliseconds header_read_timeout = limits::kHeaderReadTimeout;
  std::chrono::milliseconds body_read_timeout = limits::kBodyReadTimeout;
  std::chrono::milliseconds idle_timeout = limits::kIdleTimeout;
  std::chrono::milliseconds write_timeout = limits::kWriteTimeout;
  // A deferred route's answer (router.h) arriving later gets a 503 sent instead; positive.
  std::chrono::milliseconds deferred_response_timeout = limits::kDeferredResponseTimeout;
  std::chrono::milliseconds shutdown_grace = limits::kShutdownGrace;
  bool secure_transport = false;  // TLS in front: HSTS, Secure and __Host- cookies
  // Signs a client's CSRF cookie value into the token forms carry (vault::TokenMac).
  std::function<std::string(std::string_view cookie_value)> sign_csrf;
  // Turns the peer's address into the opaque per-client key requests carry (a keyed hash
  // under a per-process key, vault::TokenMac): throttles can tell clients apart, and the
  // address itself goes nowhere. Unset: requests carry an empty key.
  std::function<std::string(std::string_view peer_address)> client_key;
  Random* random = nullptr;    // request ids and CSRF cookies; required
  Metrics* metrics = nullptr;  // optional
};

class Server {
 public:
  // Binds and starts the worker threads. Unavailable with a clear detail when the address
  // is in use or cannot be bound; InvalidInput for a malformed host.
  static Result<std::unique_ptr<Server>> start(ServerOptions options, Router router,
                                               ErrorRenderer render_error);
  ~Server();

  std::uint16_t port() const;
  // Blocks until stop() is called or SIGINT/SIGTERM arrives, then shuts down gracefully:
  // stops accepting, lets in-flight requests (deferred ones waiting for their answer too)
  // finish within shutdown_grace, closes the rest.
  void wait();
  // Thread-safe; returns at once. wait() (or the destructor) completes the shutdown.
  void stop();

 private:
  struct State;
  explicit Server(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace haven::http
