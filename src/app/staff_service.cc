#include "app/staff_service.h"

#include <cstring>
#include <utility>

#include "app/account_keys.h"
#include "app/org_keys.h"
#include "app/stored_bytes.h"
#include "vault/keyed_hash.h"
#include "vault/keypair.h"
#include "vault/org_key.h"
#include "vault/sealed_box.h"
#include "vault/totp.h"
#include "vault/user_key.h"

namespace haven::app {

namespace {

Error duplicate_email() {
  // Never the address itself: this message reaches terminals and logs.
  return make_error(ErrorCode::Conflict, "a staff account with this email already exists");
}

MemberListPermissions permissions_on(Actor const& actor, domain::OrgId const& org) {
  return MemberListPermissions{
      .can_invite = authorise(actor, Action::AddStaff, org).ok(),
      .can_disable = authorise(actor, Action::DisableUser, org).ok(),
      .can_reset_password = authorise(actor, Action::ResetPassword, org).ok(),
      .can_end_sessions = authorise(actor, Action::RevokeMemberSessions, org).ok(),
      .can_grant_org_key = authorise(actor, Action::GrantOrgKey, org).ok()};
}

}  // namespace

Result<AddedStaffMember> StaffService::add_member(Actor const& actor, NewStaffMember member) {
  auto role = domain::parse_role(member.role);
  if (!role) {
    return make_error(ErrorCode::InvalidInput,
                      "unknown role (coordinator, counsellor, editor, finance or viewer)");
  }
  if (auto allowed = authorise(actor, Action::AddStaff, member.org); !allowed) {
    return std::move(allowed).error();
  }
  AddedStaffMember added{
      .id = domain::UserId::generate(random_), .totp_secret = {}, .org_key = OrgKeyStatus::Pending};
  if (auto allowed = authorise_role_change(actor, added.id, member.org, std::nullopt, *role);
      !allowed) {
    return std::move(allowed).error();
  }
  auto email = normalise_staff_email(member.email);
  if (!email) return std::move(email).error();
  if (auto good = check_new_password(member.password); !good) return std::move(good).error();
  auto lookup = vault::handle_hash(pepper_, vault::HandleKind::Email, *email);
  if (!lookup) return std::move(lookup).error();
  auto keys = make_account_keys(member.password, params_, vault::generate_totp_secret());
  member.password.wipe();
  if (!keys) return std::move(keys).error();

  auto now = clock_.now();
  auto done = store_.run_in_transaction(TransactionMode::ReadWrite, [&](Transaction& tx) {
    added.org_key = OrgKeyStatus::Pending;
    auto org = tx.organisations().find(member.org);
    if (!org) return Result<void>(std::move(org).error());
    if (tx.staff().find_user_by_email_lookup(to_stored(*lookup)).ok())
      return Result<void>(duplicate_email());
    // First member: the organisation gets its keypair now and this member its only grant.
    std::optional<vault::Keypair> new_org_keys;
    vault::PublicKey org_pk{};
    if (org->public_key) {
      auto pk = read_public_key(*org->public_key);
      if (!pk) return Result<void>(std::move(pk).error());
      org_pk = *pk;
    } else {
      new_org_keys = vault::generate_keypair();
      org_pk = new_org_keys->public_key;
      auto set = tx.organisations().set_public_key(member.org, to_stored(org_pk));
      if (!set) return set;
    }
    auto sealed_email =
        vault::seal_to(org_pk, vault::SealedPurpose::StaffEmail, stored_bytes(*email));
    if (!sealed_email) return Result<void>(std::move(sealed_email).error());
    auto user = new_staff_user(added.id, to_stored(*lookup), to_stored(*sealed_email),
                               member.language, *keys, now);
    if (auto stored = tx.staff().add_user(user); !stored) {
      return stored.error().code == ErrorCode::Conflict ? Result<void>(duplicate_email()) : stored;
    }
    if (auto joined = tx.staff().add_membership(added.id, member.org, *role, now); !joined) {
      return joined;
    }
    auto event = AuditEvent::by(actor, AuditAction::MemberAdded);
    event.organisation = member.org;
    event.object_kind = AuditObjectKind::User;
    event.object_id = added.id.str();
    if (auto audited = audit_.append(tx, event); !audited) return Result<void>(audited.error());
    if (!new_org_keys) return Result<void>();
    auto grant = vault::seal_org_key(keys->user.public_key, new_org_keys->secret_key);
    if (!grant) return Result<void>(std::move(grant).error());
    auto granted = tx.staff().grant_org_key(OrgKeyGrant{.org = member.org,
                                                        .user = added.id,
                                                        .sealed_org_secret_key = to_stored(*grant),
                                                        .granted_by = std::nullopt,
                                                        .granted_at = now});
    if (!granted) return granted;
    event.action = AuditAction::OrgKeyGranted;
    if (auto audited = audit_.append(tx, event); !audited) return Result<void>(audited.error());
    added.org_key = OrgKeyStatus::Granted;
    return Result<void>();
  });
  if (!done) return std::move(done).error();
  added.totp_secret = std::move(keys->totp_secret);
  return added;
}

Result<std::vector<StaffMemberSummary>> StaffService::list_members(Actor const& actor,
                                                                   domain::OrgId const& org) {
  if (auto allowed = authorise(actor, Action::ViewStaff, org); !allowed) {
    return std::move(allowed).error();
  }
  return store_.in_transaction(
      [&](Transaction& tx) -> Result<std::vector<StaffMemberSummary>> {
        if (auto found = tx.organisations().find(org); !found) return std::move(found).error();
        auto members = tx.staff().members_of(org);
        if (!members) return std::move(members).error();
        std::vector<StaffMemberSummary> out;
        for (auto const& member : *members) {
          auto user = tx.staff().find_user(member.user);
          if (!user) return std::move(user).error();
          auto grant = tx.staff().find_org_key_grant(org, member.user);
          if (!grant && grant.error().code != ErrorCode::NotFound) return std::move(grant).error();
          out.push_back({.id = member.user,
                         .role = member.role,
                         .state = user->state,
                         .org_key = grant ? OrgKeyStatus::Granted : OrgKeyStatus::Pending});
        }
        return out;
      },
      TransactionMode::ReadOnly);
}

Result<MemberList> StaffService::list_members_with_addresses(Actor const& actor,
                                                             vault::Keypair const& reader,
                                                             domain::OrgId const& org) {
  if (auto allowed = authorise(actor, Action::ViewStaff, org); !allowed) {
    return std::move(allowed).error();
  }
  MemberList list{.members = {},
                  .invitations = {},
                  .addresses = AddressAccess::NoOrgKey,
                  .permissions = permissions_on(actor, org)};
  auto now = clock_.now();
  auto done = store_.in_transaction(
      [&](Transaction& tx) -> Result<void> {
        list.members.clear();
        list.invitations.clear();
        auto found = tx.organisations().find(org);
        if (!found) return std::move(found).error();
        auto org_keys = open_org_keypair(tx, actor, reader, *found);
        if (!org_keys) return std::move(org_keys).error();
        list.addresses = *org_keys ? AddressAccess::Readable : AddressAccess::NoOrgKey;
        auto members = tx.staff().members_of(org);
        if (!members) return std::move(members).error();
        for (auto const& member : *members) {
          auto user = tx.staff().find_user(member.user);
          if (!user) return std::move(user).error();
          auto grant = tx.staff().find_org_key_grant(org, member.user);
          if (!grant && grant.error().code != ErrorCode::NotFound) return std::move(grant).error();
          list.members.push_back(
              {.member = {.id = member.user,
                          .role = member.role,
                          .state = user->state,
                          .org_key = grant ? OrgKeyStatus::Granted : OrgKeyStatus::Pending},
               .email = open_staff_email(*org_keys, user->email_ciphertext)});
        }
        if (!list.permissions.can_invite) return {};
        auto tokens = tx.account_tokens().list_for_org(org, now);
        if (!tokens) return std::move(tokens).error();
        for (auto const& token : *tokens) {
          if (token.kind != AccountTokenKind::Invitation || !token.role) continue;
          list.invitations.push_back({.role = *token.role,
                                      .email = open_staff_email(*org_keys, token.email_ciphertext),
                                      .language = token.language,
                                      .expires_at = token.expires_at});
        }
        return {};
      },
      TransactionMode::ReadOnly);
  if (!done) return std::move(done).error();
  return list;
}

Result<StaffMemberSummary> StaffService::find_member(Actor const& actor, domain::OrgId const& org,
                                                     domain::UserId const& user) {
  if (auto allowed = authorise(actor, Action::ViewStaff, org); !allowed) {
    return std::move(allowed).error();
  }
  return store_.in_transaction(
      [&](Transaction& tx) -> Result<StaffMemberSummary> {
        auto members = tx.staff().members_of(org);
        if (!members) return std::move(members).error();
        for (auto const& member : *members) {
          if (member.user != user) continue;
          auto found = tx.staff().find_user(user);
          if (!found) return std::move(found).error();
          auto grant = tx.staff().find_org_key_grant(org, user);
          if (!grant && grant.error().code != ErrorCode::NotFound) return std::move(grant).error();
          return StaffMemberSummary{
              .id = user,
              .role = member.role,
              .state = found->state,
              .org_key = grant ? OrgKeyStatus::Granted : OrgKeyStatus::Pending};
        }
        return make_error(ErrorCode::NotFound, "no such member");
      },
      TransactionMode::ReadOnly);
}

Result<void> StaffService::disable(Actor const& actor, domain::UserId const& user) {
  return store_.run_in_transaction(TransactionMode::ReadWrite, [&](Transaction& tx) {
    auto found = tx.staff().find_user(user);
    if (!found) return Result<void>(std::move(found).error());
    auto memberships = tx.staff().memberships_of(user);
    if (!memberships) return Result<void>(std::move(memberships).error());
    auto allowed = authorise_account_action(
        actor, Action::DisableUser,
        TargetAccount{
            .id = user, .network_admin = found->network_admin, .memberships = *memberships});
    if (!allowed) return allowed;
    if (found->state == domain::AccountState::Disabled) return Result<void>();
    auto set = tx.staff().set_state(user, domain::AccountState::Disabled, clock_.now());
    if (!set) return set;
    // A disabled account is signed out everywhere at once, not at its next request.
    if (auto ended = tx.sessions().remove_for_user(user, std::nullopt); !ended) {
      return Result<void>(ended.error());
    }
    auto event = AuditEvent::by(actor, AuditAction::UserDisabled);
    event.object_kind = AuditObjectKind::User;
    event.object_id = user.str();
    if (memberships->empty()) {
      if (auto audited = audit_.append(tx, event); !audited) return Result<void>(audited.error());
    }
    for (auto const& membership : *memberships) {
      event.organisation = membership.org;
      if (auto audited = audit_.append(tx, event); !audited) return Result<void>(audited.error());
    }
    return Result<void>();
  });
}

}  // namespace haven::app
