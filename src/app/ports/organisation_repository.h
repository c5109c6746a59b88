// The organisations port: the network's member organisations and contact points as stored.
// Reached through Transaction::organisations(); engines implement it in storage/.
#pragma once

#include <string_view>
#include <vector>

#include "core/result.h"
#include "domain/organisation.h"

namespace haven::app {

// No permission checks here: use cases call app/policy.h first. Errors: NotFound for an
// unknown id, Conflict on a duplicate id or name, InvalidInput for a value the database
// refuses, Unavailable when the database does not answer.
class OrganisationRepository {
 public:
  virtual ~OrganisationRepository() = default;

  // Stores a validated organisation (domain::validate). Conflict when the id or the name
  // is taken; the transaction stays usable.
  virtual Result<void> add(domain::Organisation const& organisation) = 0;
  virtual Result<domain::Organisation> find(domain::OrgId const& id) = 0;
  // Every organisation, ordered by name then id.
  virtual Result<std::vector<domain::Organisation>> list() = 0;
  // Sets the organisation's public key once its keypair exists. Conflict when it already
  // has one (rotating org keys is a different operation, not built yet).
  virtual Result<void> set_public_key(domain::OrgId const& id, std::string_view public_key) = 0;
};

}  // namespace haven::app
