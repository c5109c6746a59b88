// The invitation and password-reset tokens over one transaction's SqlConnection, written
// once for both engines. Only the secret's hash is stored. Lives as long as the
// SqlTransaction that owns it.
#pragma once

#include "app/ports/account_token_repository.h"
#include "storage/sql_connection.h"

namespace haven::storage {

// A token has expired when `expires_at < now` (docs/formats/database.md): list_for_org
// still shows one that expires exactly at `now`, remove_expired leaves it.
//
// add() checks the shape the port describes and answers InvalidInput otherwise: a 32-byte
// secret_hash; an invitation has a role and an email lookup and no user; a reset has a user
// and no role, email lookup or ciphertext. An expired invitation for the same organisation
// and email lookup (expired at the new token's created_at) is no longer pending: add()
// deletes it and inserts the new one.
class SqlAccountTokens final : public app::AccountTokenRepository {
 public:
  explicit SqlAccountTokens(SqlConnection& conn) : conn_(conn) {}

  Result<void> add(app::AccountToken const& token) override;
  Result<app::AccountToken> find(app::AccountTokenId const& id) override;
  Result<void> remove(app::AccountTokenId const& id) override;
  Result<std::vector<app::AccountToken>> list_for_org(
      domain::OrgId const& org, std::chrono::system_clock::time_point now) override;
  Result<std::size_t> remove_resets_for_user(domain::UserId const& user) override;
  Result<std::size_t> remove_expired(std::chrono::system_clock::time_point now,
                                     std::size_t limit) override;

 private:
  // NotFound when the organisation, the user or the issuer does not exist.
  Result<void> check_references(app::AccountToken const& token);

  SqlConnection& conn_;
};

}  // namespace haven::storage
