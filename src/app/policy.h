// THE permission table (DESIGN.md §4: permission checks live in app/, once). Every use case
// asks `authorise` before it loads or changes anything; handlers and the CLI never decide.
// The table itself, and why each row reads as it does, is in README.md.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "domain/ids.h"
#include "domain/staff.h"

namespace haven::app {

// Who is acting. A signed-in staff user (id, network-admin flag, memberships as loaded for
// this request), or the operator at the console (`haven org add`): the system actor is a
// row of its own in the table, never a flag that makes a repository skip its checks.
class Actor {
 public:
  static Actor user(domain::UserId id, domain::NetworkAdmin admin,
                    std::vector<domain::Membership> memberships);
  static Actor system();

  bool is_system() const { return !user_.has_value(); }
  bool is_network_admin() const { return admin_ == domain::NetworkAdmin::Yes; }
  // nullopt for the system actor.
  std::optional<domain::UserId> const& user_id() const { return user_; }
  // The actor's role in `org`, nullopt when not a member (always for the system actor).
  std::optional<domain::Role> role_in(domain::OrgId const& org) const;
  std::span<domain::Membership const> memberships() const { return memberships_; }

 private:
  Actor(std::optional<domain::UserId> user, domain::NetworkAdmin admin,
        std::vector<domain::Membership> memberships)
      : user_(std::move(user)), admin_(admin), memberships_(std::move(memberships)) {}

  std::optional<domain::UserId> user_;
  domain::NetworkAdmin admin_ = domain::NetworkAdmin::No;
  std::vector<domain::Membership> memberships_;
};

enum class Action {
  // Network-wide: no target organisation.
  ListOrganisations,
  AddOrganisation,
  ChangeNetworkAdmin,
  // The whole network's audit log; one organisation's is ViewAuditLog below.
  ViewNetworkAuditLog,
  // Scoped to one organisation.
  ViewOrganisation,
  EditOrganisation,
  ViewStaff,
  AddStaff,
  ChangeRole,
  RemoveStaff,
  DisableUser,
  ResetPassword,
  RevokeMemberSessions,
  ViewAuditLog,
  GrantOrgKey,
  // Cases (issue 4): the queues' plaintext metadata, reading a case's timeline, opening a
  // case, adding notes and changing its status, assigning it (app/case_service.h adds who
  // may be assigned).
  ViewCases,
  OpenCase,
  CreateCase,
  EditCase,
  AssignCase,
};

// Every action, in table order (tests walk it).
std::span<Action const> all_actions();
std::string_view to_string(Action action);
// True for the actions of the first group (authorise without an organisation).
bool is_network_action(Action action);

// For a network-wide action. PermissionDenied when the table does not allow `actor`.
// An organisation-scoped action passed here is a programming error (PermissionDenied too).
Result<void> authorise(Actor const& actor, Action action);

// For an action on `target`. When `actor` is not a member of `target` (and not a network
// admin), the answer is NotFound for every scoped action except ViewOrganisation, exactly
// what a missing organisation gives (DESIGN.md §3); a member whose role is not in the row
// gets PermissionDenied (they know the organisation exists).
Result<void> authorise(Actor const& actor, Action action, domain::OrgId const& target);

// ChangeRole with the rules a table row cannot express, applied after the row's check:
// `target_user`'s role in `org` goes from `current` (nullopt: not yet a member, i.e. adding
// staff) to `wanted`.
//  - nobody raises their own role (domain::is_raise), network admins included: stepping
//    down is allowed, joining or moving sideways is not;
//  - only a coordinator of `org`, a network admin or the system may hand out Coordinator
//    (follows from the row: so an organisation without coordinators gets its first one
//    from a network admin).
Result<void> authorise_role_change(Actor const& actor, domain::UserId const& target_user,
                                   domain::OrgId const& org, std::optional<domain::Role> current,
                                   domain::Role wanted);

// ChangeNetworkAdmin on `target_user`: only network admins and the system, never on
// oneself (granting is a raise; revoking one's own flag could leave no admin).
Result<void> authorise_network_admin_change(Actor const& actor, domain::UserId const& target_user);

// The account an account-wide action is aimed at, as loaded in the use case's transaction.
struct TargetAccount {
  domain::UserId id;
  domain::NetworkAdmin network_admin = domain::NetworkAdmin::No;
  std::span<domain::Membership const> memberships;
};

// DisableUser, ResetPassword or RevokeMemberSessions on a whole account, which reaches every
// organisation it belongs to. In this order:
//  - the row, in every organisation of `target` (so a coordinator of one of them only is
//    refused: NotFound or PermissionDenied as authorise answers for the first refusal); an
//    account in none: system and network admins only, NotFound for anyone else;
//  - a network admin's account: only another network admin or the system (PermissionDenied);
//  - DisableUser and ResetPassword never on oneself (PermissionDenied): a locked-out account
//    could not undo it, and one's own password is changed with the old one, not reset.
// Any other action is a programming error (PermissionDenied).
Result<void> authorise_account_action(Actor const& actor, Action action,
                                      TargetAccount const& target);

}  // namespace haven::app
