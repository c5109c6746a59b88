// What the listener and every connection share: the options, the dispatcher, the registry
// of open connections (for the cap and for graceful shutdown) and the metrics. Private to
// http/; Beast-free so that it stays cheap to include.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "http/deferred_reply.h"
#include "http/dispatcher.h"
#include "http/server.h"

namespace haven::http {

class Connection;

class ServerCore {
 public:
  ServerCore(ServerOptions options, Router router, ErrorRenderer render_error);

  ServerOptions const& options() const { return options_; }
  Dispatcher const& dispatcher() const { return dispatcher_; }
  Metrics* metrics() const { return options_.metrics; }
  // The complete 503 response sent to connections past the cap, rendered once at start.
  std::string const& rejection() const { return rejection_; }
  // Shared with every deferred answer in flight; closed before the io_contexts are destroyed.
  std::shared_ptr<PostGate> const& post_gate() const { return post_gate_; }

  std::size_t open_connections() const { return open_.load(std::memory_order_relaxed); }
  bool is_shutting_down() const { return shutting_down_.load(std::memory_order_acquire); }

  void register_connection(Connection* connection, std::weak_ptr<Connection> handle);
  void unregister_connection(Connection* connection);
  // Live connections, for shutdown; the registry lock is not held while they are used.
  std::vector<std::shared_ptr<Connection>> connections() const;
  void begin_shutdown() { shutting_down_.store(true, std::memory_order_release); }
  // Blocks until no connection is open or `deadline` passes; true when none is open.
  bool wait_until_idle(std::chrono::steady_clock::time_point deadline) const;

 private:
  ServerOptions options_;
  Dispatcher dispatcher_;
  std::string rejection_;
  std::shared_ptr<PostGate> post_gate_ = std::make_shared<PostGate>();
  std::atomic<std::size_t> open_{0};
  std::atomic<bool> shutting_down_{false};
  mutable std::mutex mutex_;
  mutable std::condition_variable idle_;
  std::unordered_map<Connection*, std::weak_ptr<Connection>> registry_;
};

}  // namespace haven::http
