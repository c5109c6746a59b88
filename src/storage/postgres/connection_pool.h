// A bounded pool of PostgreSQL connections: at most `size` open, created lazily, waited for
// with a timeout (Unavailable, never a hang), broken ones replaced instead of handed out.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "storage/postgres/pg_connection.h"

namespace haven::storage {

class ConnectionPool {
 public:
  // Returns its connection to the pool when destroyed; a broken one is closed instead.
  class Lease {
   public:
    Lease(ConnectionPool& pool, std::unique_ptr<PgConnection> conn)
        : pool_(&pool), conn_(std::move(conn)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    PgConnection& operator*() const { return *conn_; }
    PgConnection* operator->() const { return conn_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<PgConnection> conn_;
  };

  ConnectionPool(PgConnectOptions options, int size, std::chrono::milliseconds wait_timeout);
  ConnectionPool(ConnectionPool const&) = delete;
  ConnectionPool& operator=(ConnectionPool const&) = delete;

  // An idle connection, a new one while fewer than `size` are open, or Unavailable after
  // waiting `wait_timeout` for one to come back (or when connecting fails). Thread-safe.
  Result<Lease> acquire();

 private:
  void release(std::unique_ptr<PgConnection> conn);

  PgConnectOptions options_;
  int size_;
  std::chrono::milliseconds wait_timeout_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<PgConnection>> idle_;
  int open_ = 0;  // idle + leased
};

}  // namespace haven::storage
