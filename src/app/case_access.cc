#include "app/case_access.h"

#include <string>
#include <utility>

#include "app/case_service.h"
#include "app/org_keys.h"
#include "vault/case_key.h"
#include "vault/field_cipher.h"
#include "vault/sealed_box.h"

namespace haven::app {

Error no_such_case() { return make_error(ErrorCode::NotFound, "no such case"); }

Error no_org_key_grant() {
  return make_error(ErrorCode::PermissionDenied, std::string(kNoOrgKeyGrant));
}

Result<void> authorise_case(Actor const& actor, Action action, domain::OrgId const& org) {
  return hide_not_found(authorise(actor, action, org));
}

Result<OrgWithKeys> open_org_with_keys(Transaction& tx, Actor const& actor,
                                       vault::Keypair const& reader, domain::OrgId const& org) {
  auto found = hide_not_found(tx.organisations().find(org));
  if (!found) return std::move(found).error();
  auto keys = open_org_keypair(tx, actor, reader, *found);
  if (!keys) return std::move(keys).error();
  if (!*keys) return no_org_key_grant();
  return OrgWithKeys{.org = std::move(found).value(), .keys = std::move(**keys)};
}

Result<UnlockedCase> unlock_case(Transaction& tx, Actor const& actor, vault::Keypair const& reader,
                                 domain::OrgId const& org, domain::CaseId const& id) {
  auto record = hide_not_found(tx.cases().find(org, id));
  if (!record) return std::move(record).error();
  auto keys = open_org_with_keys(tx, actor, reader, org);
  if (!keys) return std::move(keys).error();
  auto sealed = tx.cases().sealed_key(org, id);
  if (!sealed) return std::move(sealed).error();
  auto dek = vault::open_case_key(keys->keys, id.str(), *sealed);
  if (!dek) return std::move(dek).error();
  return UnlockedCase{.record = std::move(record).value(),
                      .dek = std::move(dek).value(),
                      .org_keys = std::move(keys->keys)};
}

Result<std::string> open_inbound_entry(vault::Keypair const& org_keys, TimelineEntry const& entry) {
  auto key =
      vault::open_sealed(org_keys, vault::SealedPurpose::InboundEntryKey, entry.sealed_entry_key);
  if (!key) return std::move(key).error();
  return vault::open_field(*key, entry.id.str(), kEntryContentField, entry.sealed_content);
}

AuditEvent case_event(Actor const& actor, AuditAction action, domain::OrgId const& org,
                      domain::CaseId const& id) {
  auto event = AuditEvent::by(actor, action);
  event.organisation = org;
  event.object_kind = AuditObjectKind::Case;
  event.object_id = id.str();
  return event;
}

Result<void> append_sealed_entry(Transaction& tx, Random& random, vault::SecretBytes const& dek,
                                 domain::Case const& record, domain::EntryKind kind,
                                 std::optional<domain::UserId> author, std::string_view text,
                                 std::optional<domain::EntryId> id) {
  auto entry_id = id ? std::move(*id) : domain::EntryId::generate(random);
  auto sealed = vault::seal_field(dek, entry_id.str(), kEntryContentField, text);
  if (!sealed) return std::move(sealed).error();
  return tx.cases().append_entry(TimelineEntry{.id = std::move(entry_id),
                                               .case_id = record.id,
                                               .kind = kind,
                                               .author = std::move(author),
                                               .at = record.updated_at,
                                               .sealed_content = std::move(sealed).value()});
}

}  // namespace haven::app
