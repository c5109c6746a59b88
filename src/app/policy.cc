#include "app/policy.h"

#include <algorithm>
#include <cassert>
#include <initializer_list>
#include <string>

namespace haven::app {

namespace {

using domain::Role;

enum class Scope { Network, Organisation };
// Who outside the target organisation learns that it exists: nobody (NotFound, DESIGN.md §3)
// or every staff user (the network's directory of organisations, needed for referrals).
enum class Outsiders { NotFound, Staff };
enum class System { Allowed, Denied };
enum class Admin { Allowed, Denied };

struct RoleSet {
  unsigned bits = 0;
  RoleSet(std::initializer_list<Role> roles) {
    for (Role role : roles) bits |= 1u << static_cast<unsigned>(role);
  }
  bool has(Role role) const { return (bits >> static_cast<unsigned>(role)) & 1u; }
};

struct Row {
  Action action;
  std::string_view name;
  Scope scope;
  System system;
  Admin admin;
  // Network-wide rows: roles held in any organisation; scoped rows: in the target one.
  RoleSet roles;
  Outsiders outsiders;
};

constexpr auto kCoordinator = Role::Coordinator;
constexpr auto kAll = {Role::Coordinator, Role::Counsellor, Role::Editor, Role::Finance,
                       Role::Viewer};

// THE table. README.md explains each row; tests walk every action against every role.
Row const kTable[] = {
    {Action::ListOrganisations, "list organisations", Scope::Network, System::Allowed,
     Admin::Allowed, RoleSet(kAll), Outsiders::Staff},
    {Action::AddOrganisation, "add organisation", Scope::Network, System::Allowed, Admin::Allowed,
     RoleSet{}, Outsiders::NotFound},
    {Action::ChangeNetworkAdmin, "change network admin", Scope::Network, System::Allowed,
     Admin::Allowed, RoleSet{}, Outsiders::NotFound},
    {Action::ViewNetworkAuditLog, "view network audit log", Scope::Network, System::Allowed,
     Admin::Allowed, RoleSet{}, Outsiders::NotFound},
    {Action::ViewOrganisation, "view organisation", Scope::Organisation, System::Allowed,
     Admin::Allowed, RoleSet(kAll), Outsiders::Staff},
    {Action::EditOrganisation, "edit organisation", Scope::Organisation, System::Allowed,
     Admin::Allowed, RoleSet{kCoordinator}, Outsiders::NotFound},
    {Action::ViewStaff, "view staff", Scope::Organisation, System::Allowed, Admin::Allowed,
     RoleSet{kCoordinator, Role::Counsellor}, Outsiders::NotFound},
    {Action::AddStaff, "add staff", Scope::Organisation, System::Allowed, Admin::Allowed,
     RoleSet{kCoordinator}, Outsiders::NotFound},
    {Action::ChangeRole, "change role", Scope::Organisation, System::Allowed, Admin::Allowed,
     RoleSet{kCoordinator}, Outsiders::NotFound},
    {Action::RemoveStaff, "remove staff", Scope::Organisation, System::Allowed, Admin::Allowed,
     RoleSet{kCoordinator}, Outsiders::NotFound},
    {Action::DisableUser, "disable user", Scope::Organisation, System::Allowed, Admin::Allowed,
     RoleSet{kCoordinator}, Outsiders::NotFound},
    {Action::ResetPassword, "reset password", Scope::Organisation, System::Allowed, Admin::Allowed,
     RoleSet{kCoordinator}, Outsiders::NotFound},
    {Action::RevokeMemberSessions, "revoke member sessions", Scope::Organisation, System::Allowed,
     Admin::Allowed, RoleSet{kCoordinator}, Outsiders::NotFound},
    {Action::ViewAuditLog, "view audit log", Scope::Organisation, System::Allowed, Admin::Allowed,
     RoleSet{kCoordinator}, Outsiders::NotFound},
    // Sealing the org key needs the org secret key in hand: the system actor never has it,
    // and a network admin only when they are a member holding a grant (vault/ enforces that).
    {Action::GrantOrgKey, "grant organisation key", Scope::Organisation, System::Denied,
     Admin::Allowed, RoleSet{kCoordinator}, Outsiders::NotFound},
    // Case data is the organisation's alone (DESIGN.md §2 promise 2): a network admin reads
    // cases only as a coordinator or counsellor of the organisation, and the console holds no
    // key that could open one.
    {Action::ViewCases, "view cases", Scope::Organisation, System::Denied, Admin::Denied,
     RoleSet{kCoordinator, Role::Counsellor}, Outsiders::NotFound},
    {Action::OpenCase, "open case", Scope::Organisation, System::Denied, Admin::Denied,
     RoleSet{kCoordinator, Role::Counsellor}, Outsiders::NotFound},
    {Action::CreateCase, "create case", Scope::Organisation, System::Denied, Admin::Denied,
     RoleSet{kCoordinator, Role::Counsellor}, Outsiders::NotFound},
    {Action::EditCase, "edit case", Scope::Organisation, System::Denied, Admin::Denied,
     RoleSet{kCoordinator, Role::Counsellor}, Outsiders::NotFound},
    {Action::AssignCase, "assign case", Scope::Organisation, System::Denied, Admin::Denied,
     RoleSet{kCoordinator, Role::Counsellor}, Outsiders::NotFound},
};

std::vector<Action> const kActions = [] {
  std::vector<Action> out;
  for (auto const& row : kTable) out.push_back(row.action);
  return out;
}();

Row const& row_for(Action action) {
  auto it = std::find_if(std::begin(kTable), std::end(kTable),
                         [&](Row const& row) { return row.action == action; });
  assert(it != std::end(kTable) && "every Action needs a row");
  return *it;
}

Error denied(Row const& row) {
  return make_error(ErrorCode::PermissionDenied, "not allowed to " + std::string(row.name));
}

Error not_found() { return make_error(ErrorCode::NotFound, "no such organisation"); }

bool holds_any(Actor const& actor, RoleSet roles) {
  return std::any_of(actor.memberships().begin(), actor.memberships().end(),
                     [&](domain::Membership const& m) { return roles.has(m.role); });
}

}  // namespace

Actor Actor::user(domain::UserId id, domain::NetworkAdmin admin,
                  std::vector<domain::Membership> memberships) {
  return Actor(std::move(id), admin, std::move(memberships));
}

Actor Actor::system() { return Actor(std::nullopt, domain::NetworkAdmin::No, {}); }

std::optional<domain::Role> Actor::role_in(domain::OrgId const& org) const {
  for (auto const& membership : memberships_) {
    if (membership.org == org) return membership.role;
  }
  return std::nullopt;
}

std::span<Action const> all_actions() { return kActions; }

std::string_view to_string(Action action) { return row_for(action).name; }

bool is_network_action(Action action) { return row_for(action).scope == Scope::Network; }

Result<void> authorise(Actor const& actor, Action action) {
  Row const& row = row_for(action);
  if (row.scope != Scope::Network) return denied(row);
  if (actor.is_system()) return row.system == System::Allowed ? Result<void>() : denied(row);
  if (actor.is_network_admin() && row.admin == Admin::Allowed) return {};
  if (holds_any(actor, row.roles)) return {};
  return denied(row);
}

Result<void> authorise(Actor const& actor, Action action, domain::OrgId const& target) {
  Row const& row = row_for(action);
  if (row.scope != Scope::Organisation) return denied(row);
  if (actor.is_system()) return row.system == System::Allowed ? Result<void>() : denied(row);
  if (actor.is_network_admin() && row.admin == Admin::Allowed) return {};
  auto role = actor.role_in(target);
  if (!role) {
    if (row.outsiders == Outsiders::Staff && holds_any(actor, row.roles)) return {};
    // An outsider cannot tell this organisation's internals from a missing organisation.
    if (!actor.is_network_admin()) return not_found();
    return denied(row);
  }
  if (row.roles.has(*role)) return {};
  return denied(row);
}

Result<void> authorise_role_change(Actor const& actor, domain::UserId const& target_user,
                                   domain::OrgId const& org, std::optional<domain::Role> current,
                                   domain::Role wanted) {
  if (auto allowed = authorise(actor, Action::ChangeRole, org); !allowed) return allowed;
  if (actor.user_id() == target_user && domain::is_raise(current, wanted)) {
    return make_error(ErrorCode::PermissionDenied, "nobody may raise their own role");
  }
  return {};
}

Result<void> authorise_network_admin_change(Actor const& actor, domain::UserId const& target_user) {
  if (auto allowed = authorise(actor, Action::ChangeNetworkAdmin); !allowed) return allowed;
  if (actor.user_id() == target_user) {
    return make_error(ErrorCode::PermissionDenied, "nobody may change their own network admin");
  }
  return {};
}

Result<void> authorise_account_action(Actor const& actor, Action action,
                                      TargetAccount const& target) {
  Row const& row = row_for(action);
  if (action != Action::DisableUser && action != Action::ResetPassword &&
      action != Action::RevokeMemberSessions) {
    return denied(row);
  }
  for (auto const& membership : target.memberships) {
    if (auto allowed = authorise(actor, action, membership.org); !allowed) return allowed;
  }
  if (target.memberships.empty() && !actor.is_system() && !actor.is_network_admin()) {
    return make_error(ErrorCode::NotFound, "no such user");
  }
  // A coordinator who passed the rows coordinates every organisation of this account, so
  // learning that it is a network admin's tells them nothing new.
  if (target.network_admin == domain::NetworkAdmin::Yes && !actor.is_system() &&
      !actor.is_network_admin()) {
    return make_error(ErrorCode::PermissionDenied,
                      "only a network admin or the system may act on a network admin's account");
  }
  if (actor.user_id() == target.id && action != Action::RevokeMemberSessions) {
    return make_error(ErrorCode::PermissionDenied,
                      action == Action::DisableUser
                          ? "nobody may disable their own account"
                          : "nobody may reset their own password: change it with the current one");
  }
  return {};
}

}  // namespace haven::app
