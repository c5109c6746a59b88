// The scale-out Store (DESIGN.md §5): PostgreSQL through libpq, a bounded connection pool,
// statements prepared per connection, migrations under an advisory lock so several
// `haven serve` processes can start at once.
#pragma once

#include <memory>
#include <string>

#include "storage/postgres/connection_pool.h"
#include "storage/sql_store.h"

namespace haven::storage {

class PostgresStore final : public SqlStore {
 public:
  // Connects (Unavailable within config.connect_timeout if the server is unreachable) and
  // applies the migrations. `url` is postgresql://user[:password]@host:port/db[?options].
  // A unique_ptr because the store owns a pool and hands out references: it never moves.
  static Result<std::unique_ptr<PostgresStore>> open(std::string const& url,
                                                     StoreConfig const& config);

  std::string_view engine() const override { return "postgresql"; }
  Result<void> ping() override;

 protected:
  Result<void> run_sql_transaction(app::TransactionMode mode, SqlWork const& work) override;

 private:
  PostgresStore(PgConnectOptions options, StoreConfig const& config);

  // A leased connection on which `begin` succeeded; a connection that died while idle in
  // the pool (server restart, idle timeout) is reconnected once before giving up.
  Result<ConnectionPool::Lease> begin(std::string_view begin_sql);

  ConnectionPool pool_;
};

}  // namespace haven::storage
