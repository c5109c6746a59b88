#include "http/server_core.h"

#include "http/response_policy.h"

namespace haven::http {

namespace {

// Serialised by hand: it is written with one non-blocking send on a socket that gets no
// Connection object, so an overloaded server spends almost nothing on it.
std::string serialise_rejection(Response const& response, bool secure_transport) {
  std::string out = "HTTP/1.1 503 Service Unavailable\r\n";
  for (auto const& line : security_headers(secure_transport)) {
    out += std::string(line.name) + ": " + std::string(line.value) + "\r\n";
  }
  out += "Cache-Control: no-store\r\nRetry-After: 1\r\nConnection: close\r\n";
  out += "Content-Type: " + response.content_type + "\r\n";
  out += "Content-Length: " + std::to_string(response.body.size()) + "\r\n\r\n";
  out += response.body;
  return out;
}

}  // namespace

ServerCore::ServerCore(ServerOptions options, Router router, ErrorRenderer render_error)
    : options_(std::move(options)),
      dispatcher_(options_, std::move(router), std::move(render_error)) {
  rejection_ =
      serialise_rejection(dispatcher_.render_error(503, Request{}), options_.secure_transport);
}

void ServerCore::register_connection(Connection* connection, std::weak_ptr<Connection> handle) {
  {
    std::lock_guard lock(mutex_);
    registry_.emplace(connection, std::move(handle));
  }
  open_.fetch_add(1, std::memory_order_relaxed);
  if (options_.metrics) options_.metrics->connection_opened();
}

void ServerCore::unregister_connection(Connection* connection) {
  {
    std::lock_guard lock(mutex_);
    registry_.erase(connection);
    open_.fetch_sub(1, std::memory_order_relaxed);
  }
  if (options_.metrics) options_.metrics->connection_closed();
  idle_.notify_all();
}

std::vector<std::shared_ptr<Connection>> ServerCore::connections() const {
  std::vector<std::shared_ptr<Connection>> live;
  std::lock_guard lock(mutex_);
  live.reserve(registry_.size());
  for (auto const& [raw, handle] : registry_) {
    if (auto connection = handle.lock()) live.push_back(std::move(connection));
  }
  return live;
}

bool ServerCore::wait_until_idle(std::chrono::steady_clock::time_point deadline) const {
  std::unique_lock lock(mutex_);
  return idle_.wait_until(lock, deadline, [&] { return registry_.empty(); });
}

}  // namespace haven::http
