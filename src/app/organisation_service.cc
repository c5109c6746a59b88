#include "app/organisation_service.h"

#include <utility>

namespace haven::app {

Result<domain::Organisation> OrganisationService::add(Actor const& actor,
                                                      domain::OrganisationDetails details) {
  if (auto allowed = authorise(actor, Action::AddOrganisation); !allowed) {
    return std::move(allowed).error();
  }
  if (auto valid = domain::validate(details); !valid) return std::move(valid).error();
  domain::Organisation organisation{.id = domain::OrgId::generate(random_),
                                    .details = std::move(details),
                                    .public_key = std::nullopt,
                                    .created_at = clock_.now()};
  auto added = store_.run_in_transaction(TransactionMode::ReadWrite, [&](Transaction& tx) {
    if (auto inserted = tx.organisations().add(organisation); !inserted) return inserted;
    auto event = AuditEvent::by(actor, AuditAction::OrganisationAdded);
    event.organisation = organisation.id;
    event.object_kind = AuditObjectKind::Organisation;
    event.object_id = organisation.id.str();
    auto audited = audit_.append(tx, event);
    if (!audited) return Result<void>(std::move(audited).error());
    return Result<void>();
  });
  if (!added) return std::move(added).error();
  return organisation;
}

Result<std::vector<domain::Organisation>> OrganisationService::list(Actor const& actor) {
  if (auto allowed = authorise(actor, Action::ListOrganisations); !allowed) {
    return std::move(allowed).error();
  }
  return store_.in_transaction([](Transaction& tx) { return tx.organisations().list(); },
                               TransactionMode::ReadOnly);
}

Result<domain::Organisation> OrganisationService::find(Actor const& actor,
                                                       domain::OrgId const& id) {
  if (auto allowed = authorise(actor, Action::ViewOrganisation, id); !allowed) {
    // PermissionDenied here would tell an outsider the id exists.
    return make_error(ErrorCode::NotFound, "no such organisation");
  }
  return store_.in_transaction([&](Transaction& tx) { return tx.organisations().find(id); },
                               TransactionMode::ReadOnly);
}

}  // namespace haven::app
