// The engine-neutral half of a Store: transactions with commit/rollback, the Transaction
// handed to use cases, the JobQueue and the schema version, all over SqlConnection. Engines
// (sqlite/, postgres/) supply connections and how a transaction begins.
#pragma once

#include <functional>
#include <memory>

#include "app/ports/store.h"
#include "core/clock.h"
#include "core/random.h"
#include "storage/sql_connection.h"
#include "storage/store_config.h"

namespace haven::storage {

using SqlWork = std::function<Result<void>(SqlConnection&)>;

// After BEGIN succeeded on `conn`: runs `work`, then COMMIT, or ROLLBACK when it fails or
// throws (the exception is rethrown).
Result<void> finish_transaction(SqlConnection& conn, SqlWork const& work);

class SqlStore : public app::Store {
 public:
  ~SqlStore() override;
  SqlStore(SqlStore const&) = delete;
  SqlStore& operator=(SqlStore const&) = delete;

  Result<void> run_in_transaction(app::TransactionMode mode,
                                  std::function<Result<void>(app::Transaction&)> work) override;
  Result<int> schema_version() override;
  app::JobQueue& jobs() override;

 protected:
  // `config.clock` and `config.random` must be non-null (checked by open_*).
  explicit SqlStore(StoreConfig const& config);

  // Runs `work` inside one transaction on a connection this store owns exclusively for
  // the duration. Unavailable when none frees up within the wait timeout.
  virtual Result<void> run_sql_transaction(app::TransactionMode mode, SqlWork const& work) = 0;

  Clock const& clock() const { return *clock_; }

 private:
  class Queue;
  Clock const* clock_;
  Random* random_;
  app::RetryPolicy retry_;
  std::unique_ptr<Queue> queue_;
};

}  // namespace haven::storage
