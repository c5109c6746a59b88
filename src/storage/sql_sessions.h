// The staff session repository over one transaction's SqlConnection, written once for both
// engines. Stores the secret's hash and the wrapped user key as vault/ produced them. Lives
// as long as the SqlTransaction that owns it.
#pragma once

#include "app/ports/session_repository.h"
#include "storage/sql_connection.h"

namespace haven::storage {

// A session has expired when `expires_at < now` and is idle when `last_seen_at < idle_before`
// (docs/formats/database.md): a row exactly at either boundary stays. add() refuses a
// secret_hash that is not 32 bytes or a client_label over 64 bytes with InvalidInput.
class SqlSessions final : public app::SessionRepository {
 public:
  explicit SqlSessions(SqlConnection& conn) : conn_(conn) {}

  Result<void> add(app::StaffSession const& session) override;
  Result<app::StaffSession> find(app::SessionId const& id) override;
  Result<void> touch(app::SessionId const& id, std::chrono::system_clock::time_point at) override;
  Result<void> remove(app::SessionId const& id) override;
  Result<std::vector<app::StaffSession>> list_for_user(domain::UserId const& user) override;
  Result<std::size_t> remove_for_user(domain::UserId const& user,
                                      std::optional<app::SessionId> const& keep) override;
  Result<std::size_t> remove_expired(std::chrono::system_clock::time_point now,
                                     std::chrono::system_clock::time_point idle_before,
                                     std::size_t limit) override;

 private:
  SqlConnection& conn_;
};

}  // namespace haven::storage
