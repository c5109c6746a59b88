#include "storage/postgres/postgres_store.h"

#include "storage/migrations.h"

namespace haven::storage {

Result<std::unique_ptr<PostgresStore>> PostgresStore::open(std::string const& url,
                                                           StoreConfig const& config) {
  if (config.clock == nullptr || config.random == nullptr) {
    return make_error(ErrorCode::InvalidInput, "store needs a clock and a random source");
  }
  if (config.pool_size < 1) {
    return make_error(ErrorCode::InvalidInput, "postgresql pool size must be at least 1");
  }
  PgConnectOptions options{url, config.connect_timeout, config.application_name};
  std::unique_ptr<PostgresStore> store(new PostgresStore(options, config));
  auto lease = store->pool_.acquire();
  if (!lease.ok()) return std::move(lease).error();
  auto migrated =
      apply_migrations(**lease, embedded_migrations(Dialect::Postgres), config.clock->now());
  if (!migrated.ok()) return std::move(migrated).error();
  return store;
}

PostgresStore::PostgresStore(PgConnectOptions options, StoreConfig const& config)
    : SqlStore(config), pool_(std::move(options), config.pool_size, config.wait_timeout) {}

Result<ConnectionPool::Lease> PostgresStore::begin(std::string_view begin_sql) {
  auto lease = pool_.acquire();
  if (!lease.ok()) return std::move(lease).error();
  auto begun = (*lease)->execute_script(begin_sql);
  if (!begun.ok() && (*lease)->is_broken()) {
    // Nothing was sent but BEGIN, so retrying on a fresh session is safe.
    if (auto r = (*lease)->reconnect(); !r.ok()) return r.error();
    begun = (*lease)->execute_script(begin_sql);
  }
  if (!begun.ok()) return begun.error();
  return std::move(lease).value();
}

Result<void> PostgresStore::ping() {
  auto lease = begin("BEGIN READ ONLY");
  if (!lease.ok()) return std::move(lease).error();
  return finish_transaction(**lease, [](SqlConnection& conn) -> Result<void> {
    auto r = conn.execute(Statement{"store.ping", "SELECT 1"});
    if (!r.ok()) return std::move(r).error();
    return {};
  });
}

Result<void> PostgresStore::run_sql_transaction(app::TransactionMode mode, SqlWork const& work) {
  auto lease = begin(mode == app::TransactionMode::ReadOnly ? "BEGIN READ ONLY" : "BEGIN");
  if (!lease.ok()) return std::move(lease).error();
  auto result = finish_transaction(**lease, work);
  if (!result.ok() && (*lease)->is_broken()) {
    // The connection died mid-transaction: if it was during COMMIT, the outcome is unknown.
    return make_error(ErrorCode::Unavailable,
                      "postgresql connection lost during transaction: " + result.error().detail);
  }
  return result;
}

}  // namespace haven::storage
