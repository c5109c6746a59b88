#include "app/key_grants.h"

#include <algorithm>

#include "app/account_keys.h"
#include "app/stored_bytes.h"
#include "vault/org_key.h"

namespace haven::app {

namespace {
Error not_holder() {
  return make_error(ErrorCode::PermissionDenied, "the granter does not hold the organisation key");
}
}  // namespace

Result<void> KeyGrants::grant(Actor const& actor, vault::Keypair const& granter,
                              domain::OrgId const& org, domain::UserId const& member) {
  if (auto allowed = authorise(actor, Action::GrantOrgKey, org); !allowed) return allowed;
  if (!actor.user_id()) return not_holder();  // the system holds no keys
  return store_.in_transaction([&](Transaction& tx) -> Result<void> {
    auto found = tx.organisations().find(org);
    if (!found) return found.error();
    if (!found->public_key) return not_holder();
    auto org_pk = read_public_key(*found->public_key);
    if (!org_pk) return org_pk.error();
    auto members = tx.staff().members_of(org);
    if (!members) return members.error();
    if (std::none_of(members->begin(), members->end(),
                     [&](StaffMember const& m) { return m.user == member; })) {
      return make_error(ErrorCode::NotFound, "no such member");
    }
    auto own = tx.staff().find_org_key_grant(org, *actor.user_id());
    if (!own)
      return own.error().code == ErrorCode::NotFound ? Result<void>(not_holder()) : own.error();
    auto org_sk = vault::open_org_key(granter, *org_pk, stored_bytes(own->sealed_org_secret_key));
    if (!org_sk) return not_holder();
    auto user = tx.staff().find_user(member);
    if (!user) return user.error();
    auto member_pk = read_public_key(user->public_key);
    if (!member_pk) return member_pk.error();
    auto sealed = vault::seal_org_key(*member_pk, *org_sk);
    if (!sealed) return sealed.error();
    auto granted = tx.staff().grant_org_key(OrgKeyGrant{.org = org,
                                                        .user = member,
                                                        .sealed_org_secret_key = to_stored(*sealed),
                                                        .granted_by = actor.user_id(),
                                                        .granted_at = clock_.now()});
    if (!granted) return granted;
    auto event = AuditEvent::by(actor, AuditAction::OrgKeyGranted);
    event.organisation = org;
    event.object_kind = AuditObjectKind::User;
    event.object_id = member.str();
    auto audited = audit_.append(tx, event);
    if (!audited) return audited.error();
    return {};
  });
}

}  // namespace haven::app
