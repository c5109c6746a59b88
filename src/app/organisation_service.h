// Use cases on the network's organisations: adding one and listing them, each checked
// against app/policy.h and run in one transaction.
#pragma once

#include <vector>

#include "app/audit_log.h"
#include "app/policy.h"
#include "app/ports/store.h"
#include "core/clock.h"
#include "core/random.h"
#include "core/result.h"
#include "domain/organisation.h"

namespace haven::app {

class OrganisationService {
 public:
  // `store`, `clock`, `random` and `audit` must outlive the service. Thread-safe as the
  // store is.
  OrganisationService(Store& store, Clock const& clock, Random& random, AuditLog const& audit)
      : store_(store), clock_(clock), random_(random), audit_(audit) {}

  // Validates `details` (InvalidInput naming the field), checks Action::AddOrganisation
  // (PermissionDenied), and stores a new organisation with a fresh random id and no keys
  // yet, appending an organisation_added audit entry in the same transaction (both or
  // neither commit). Conflict when the name is taken.
  Result<domain::Organisation> add(Actor const& actor, domain::OrganisationDetails details);

  // Every organisation ordered by name, after Action::ListOrganisations.
  Result<std::vector<domain::Organisation>> list(Actor const& actor);

  // One organisation after Action::ViewOrganisation: NotFound for an unknown id and for an
  // organisation the actor may not see (the two answer alike).
  Result<domain::Organisation> find(Actor const& actor, domain::OrgId const& id);

 private:
  Store& store_;
  Clock const& clock_;
  Random& random_;
  AuditLog const& audit_;
};

}  // namespace haven::app
