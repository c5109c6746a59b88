// One libpq connection behind SqlConnection: statements prepared lazily per connection by
// name, parameters sent out-of-line (never spliced into SQL), errors mapped by SQLSTATE.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <unordered_set>

#include "storage/sql_connection.h"

struct pg_conn;

namespace haven::storage {

struct PgConnectOptions {
  std::string url;  // may hold a password: never logged
  std::chrono::seconds connect_timeout{5};
  std::string application_name = "haven";
};

class PgConnection final : public SqlConnection {
 public:
  // Unavailable when the server cannot be reached within the connect timeout.
  static Result<std::unique_ptr<PgConnection>> connect(PgConnectOptions const& options);
  ~PgConnection() override;
  PgConnection(PgConnection const&) = delete;
  PgConnection& operator=(PgConnection const&) = delete;

  Dialect dialect() const override { return Dialect::Postgres; }
  Result<SqlResult> execute(Statement const& statement, std::span<SqlParam const> params) override;
  Result<void> execute_script(std::string_view sql) override;
  using SqlConnection::execute;

  // True once libpq reports the connection lost; the pool then replaces it.
  bool is_broken() const;
  // Connected and outside any transaction: safe to hand to the next user.
  bool is_reusable() const;
  // Re-establishes a lost connection (server restart, idle timeout); prepared statements
  // are forgotten and re-prepared on next use. Unavailable if the server is still gone.
  Result<void> reconnect();

 private:
  explicit PgConnection(pg_conn* conn) : conn_(conn) {}
  pg_conn* conn_;
  std::unordered_set<std::string> prepared_;
};

}  // namespace haven::storage
