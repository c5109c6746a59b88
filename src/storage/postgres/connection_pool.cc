#include "storage/postgres/connection_pool.h"

namespace haven::storage {

ConnectionPool::Lease::~Lease() {
  if (conn_) pool_->release(std::move(conn_));
}

ConnectionPool::ConnectionPool(PgConnectOptions options, int size,
                               std::chrono::milliseconds wait_timeout)
    : options_(std::move(options)), size_(size < 1 ? 1 : size), wait_timeout_(wait_timeout) {}

Result<ConnectionPool::Lease> ConnectionPool::acquire() {
  std::unique_lock lock(mutex_);
  // steady time only bounds the wait; it is never a business timestamp.
  bool ready =
      returned_.wait_for(lock, wait_timeout_, [&] { return !idle_.empty() || open_ < size_; });
  if (!ready) {
    return make_error(ErrorCode::Unavailable, "no postgresql connection free within wait timeout");
  }
  if (!idle_.empty()) {
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    return Lease(*this, std::move(conn));
  }
  ++open_;
  lock.unlock();  // connecting takes a round trip; do not block other acquirers
  auto conn = PgConnection::connect(options_);
  if (!conn.ok()) {
    lock.lock();
    --open_;
    returned_.notify_one();
    return std::move(conn).error();
  }
  return Lease(*this, std::move(conn).value());
}

void ConnectionPool::release(std::unique_ptr<PgConnection> conn) {
  std::lock_guard lock(mutex_);
  if (!conn->is_reusable()) {
    conn.reset();
    --open_;
  } else {
    idle_.push_back(std::move(conn));
  }
  returned_.notify_one();
}

}  // namespace haven::storage
