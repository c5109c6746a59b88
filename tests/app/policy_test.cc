#include "app/policy.h"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <set>
#include <vector>

#include "seeded_random.h"

namespace haven::app {
namespace {

using domain::NetworkAdmin;
using domain::OrgId;
using domain::Role;
using domain::UserId;

// The policy as README.md states it, written out independently of policy.cc's table:
// which roles in the target organisation may do each scoped action.
std::map<Action, std::set<Role>> const kScopedRoles = {
    {Action::ViewOrganisation,
     {Role::Coordinator, Role::Counsellor, Role::Editor, Role::Finance, Role::Viewer}},
    {Action::EditOrganisation, {Role::Coordinator}},
    {Action::ViewStaff, {Role::Coordinator, Role::Counsellor}},
    {Action::AddStaff, {Role::Coordinator}},
    {Action::ChangeRole, {Role::Coordinator}},
    {Action::RemoveStaff, {Role::Coordinator}},
    {Action::DisableUser, {Role::Coordinator}},
    {Action::ResetPassword, {Role::Coordinator}},
    {Action::RevokeMemberSessions, {Role::Coordinator}},
    {Action::ViewAuditLog, {Role::Coordinator}},
    {Action::GrantOrgKey, {Role::Coordinator}},
    {Action::ViewCases, {Role::Coordinator, Role::Counsellor}},
    {Action::OpenCase, {Role::Coordinator, Role::Counsellor}},
    {Action::CreateCase, {Role::Coordinator, Role::Counsellor}},
    {Action::EditCase, {Role::Coordinator, Role::Counsellor}},
    {Action::AssignCase, {Role::Coordinator, Role::Counsellor}},
};
// Case data is the organisation's alone: neither a network admin without a role in it nor
// the console may touch it.
std::set<Action> const kCaseActions = {Action::ViewCases, Action::OpenCase, Action::CreateCase,
                                       Action::EditCase, Action::AssignCase};
// Network-wide actions: which roles (held anywhere) may do them.
std::map<Action, std::set<Role>> const kNetworkRoles = {
    {Action::ListOrganisations,
     {Role::Coordinator, Role::Counsellor, Role::Editor, Role::Finance, Role::Viewer}},
    {Action::AddOrganisation, {}},
    {Action::ChangeNetworkAdmin, {}},
    {Action::ViewNetworkAuditLog, {}},
};

class PolicyTest : public ::testing::Test {
 protected:
  UserId user() { return UserId::generate(random_); }
  OrgId org() { return OrgId::generate(random_); }
  Actor member(OrgId const& in, Role role, NetworkAdmin admin = NetworkAdmin::No) {
    return Actor::user(user(), admin, {{in, role}});
  }

  testing::SeededRandom random_{3};
};

ErrorCode code_of(Result<void> const& result) {
  return result.ok() ? ErrorCode::Internal : result.error().code;
}

TEST_F(PolicyTest, EveryActionHasExactlyOneExpectation) {
  EXPECT_EQ(all_actions().size(), kScopedRoles.size() + kNetworkRoles.size());
  for (Action action : all_actions()) {
    EXPECT_EQ(kScopedRoles.contains(action), !is_network_action(action)) << to_string(action);
    EXPECT_FALSE(to_string(action).empty());
  }
}

TEST_F(PolicyTest, ScopedActionsByRoleInTheSameOrganisation) {
  auto home = org();
  for (auto const& [action, allowed] : kScopedRoles) {
    for (Role role : domain::kRoles) {
      auto result = authorise(member(home, role), action, home);
      if (allowed.contains(role)) {
        EXPECT_TRUE(result.ok()) << to_string(action) << " as " << to_string(role);
      } else {
        // A member knows the organisation exists: refusal, not NotFound.
        EXPECT_EQ(code_of(result), ErrorCode::PermissionDenied)
            << to_string(action) << " as " << to_string(role);
      }
    }
  }
}

TEST_F(PolicyTest, AnotherOrganisationAnswersLikeAMissingOne) {
  auto home = org();
  auto other = org();
  for (auto const& [action, allowed] : kScopedRoles) {
    for (Role role : domain::kRoles) {
      auto result = authorise(member(home, role), action, other);
      if (action == Action::ViewOrganisation) {
        // The network's directory: every staff user sees every organisation's public details.
        EXPECT_TRUE(result.ok()) << to_string(role);
      } else {
        EXPECT_EQ(code_of(result), ErrorCode::NotFound)
            << to_string(action) << " as " << to_string(role) << " of another organisation";
      }
    }
    // A user with no membership at all sees nothing, not even the directory.
    EXPECT_EQ(code_of(authorise(Actor::user(user(), NetworkAdmin::No, {}), action, other)),
              ErrorCode::NotFound)
        << to_string(action);
  }
}

TEST_F(PolicyTest, NetworkActionsByRole) {
  auto home = org();
  for (auto const& [action, allowed] : kNetworkRoles) {
    for (Role role : domain::kRoles) {
      auto result = authorise(member(home, role), action);
      if (allowed.contains(role)) {
        EXPECT_TRUE(result.ok()) << to_string(action) << " as " << to_string(role);
      } else {
        EXPECT_EQ(code_of(result), ErrorCode::PermissionDenied)
            << to_string(action) << " as " << to_string(role);
      }
    }
    EXPECT_EQ(code_of(authorise(Actor::user(user(), NetworkAdmin::No, {}), action)),
              ErrorCode::PermissionDenied);
  }
}

TEST_F(PolicyTest, NetworkAdminMayDoEverythingButReadCases) {
  auto admin = Actor::user(user(), NetworkAdmin::Yes, {});
  auto anywhere = org();
  for (Action action : all_actions()) {
    auto result =
        is_network_action(action) ? authorise(admin, action) : authorise(admin, action, anywhere);
    if (kCaseActions.contains(action)) {
      // Refused, not NotFound: a network admin knows every organisation exists.
      EXPECT_EQ(code_of(result), ErrorCode::PermissionDenied) << to_string(action);
    } else {
      EXPECT_TRUE(result.ok()) << to_string(action);
    }
  }
  // As a counsellor of the organisation, the role decides like anyone else's.
  auto counsellor = Actor::user(user(), NetworkAdmin::Yes, {{anywhere, Role::Counsellor}});
  for (Action action : kCaseActions) {
    EXPECT_TRUE(authorise(counsellor, action, anywhere).ok()) << to_string(action);
  }
}

TEST_F(PolicyTest, SystemActorHasItsOwnRow) {
  auto system = Actor::system();
  EXPECT_TRUE(system.is_system());
  EXPECT_FALSE(system.user_id().has_value());
  auto anywhere = org();
  for (Action action : all_actions()) {
    auto result =
        is_network_action(action) ? authorise(system, action) : authorise(system, action, anywhere);
    // The console holds no keys, so it cannot seal an organisation key to anyone or read a
    // case.
    if (action == Action::GrantOrgKey || kCaseActions.contains(action)) {
      EXPECT_EQ(code_of(result), ErrorCode::PermissionDenied);
    } else {
      EXPECT_TRUE(result.ok()) << to_string(action);
    }
  }
}

TEST_F(PolicyTest, WrongScopeIsDenied) {
  auto admin = Actor::user(user(), NetworkAdmin::Yes, {});
  EXPECT_EQ(code_of(authorise(admin, Action::ViewStaff)), ErrorCode::PermissionDenied);
  EXPECT_EQ(code_of(authorise(admin, Action::AddOrganisation, org())), ErrorCode::PermissionDenied);
}

TEST_F(PolicyTest, NobodyRaisesTheirOwnRole) {
  auto home = org();
  for (Role from : domain::kRoles) {
    for (Role to : domain::kRoles) {
      for (auto admin : {NetworkAdmin::No, NetworkAdmin::Yes}) {
        auto self = user();
        auto actor = Actor::user(self, admin, {{home, from}});
        auto result = authorise_role_change(actor, self, home, from, to);
        bool may_manage = from == Role::Coordinator || admin == NetworkAdmin::Yes;
        bool raise = domain::is_raise(from, to);
        if (!may_manage) {
          EXPECT_EQ(code_of(result), ErrorCode::PermissionDenied);
        } else if (raise) {
          EXPECT_EQ(code_of(result), ErrorCode::PermissionDenied)
              << to_string(from) << " -> " << to_string(to);
        } else {
          EXPECT_TRUE(result.ok()) << to_string(from) << " -> " << to_string(to);
        }
      }
    }
  }
  // A network admin cannot add themselves to an organisation either (joining is a raise).
  auto self = user();
  auto admin = Actor::user(self, NetworkAdmin::Yes, {});
  EXPECT_EQ(code_of(authorise_role_change(admin, self, home, std::nullopt, Role::Viewer)),
            ErrorCode::PermissionDenied);
}

TEST_F(PolicyTest, CoordinatorsAppointWithinTheirOrganisation) {
  auto home = org();
  auto other = org();
  auto coordinator = member(home, Role::Coordinator);
  auto colleague = user();
  for (Role to : domain::kRoles) {
    EXPECT_TRUE(authorise_role_change(coordinator, colleague, home, Role::Viewer, to).ok());
    EXPECT_TRUE(authorise_role_change(coordinator, colleague, home, std::nullopt, to).ok());
    EXPECT_EQ(code_of(authorise_role_change(coordinator, colleague, other, std::nullopt, to)),
              ErrorCode::NotFound);
  }
  // An organisation without coordinators gets its first from a network admin (or the console).
  auto admin = Actor::user(user(), NetworkAdmin::Yes, {});
  EXPECT_TRUE(authorise_role_change(admin, colleague, other, std::nullopt, Role::Coordinator).ok());
  EXPECT_TRUE(
      authorise_role_change(Actor::system(), colleague, other, std::nullopt, Role::Coordinator)
          .ok());
  auto counsellor = member(home, Role::Counsellor);
  EXPECT_EQ(
      code_of(authorise_role_change(counsellor, colleague, home, Role::Viewer, Role::Coordinator)),
      ErrorCode::PermissionDenied);
}

TEST_F(PolicyTest, OnlyNetworkAdminsMakeNetworkAdmins) {
  auto home = org();
  auto target = user();
  EXPECT_EQ(code_of(authorise_network_admin_change(member(home, Role::Coordinator), target)),
            ErrorCode::PermissionDenied);
  auto self = user();
  auto admin = Actor::user(self, NetworkAdmin::Yes, {});
  EXPECT_TRUE(authorise_network_admin_change(admin, target).ok());
  EXPECT_EQ(code_of(authorise_network_admin_change(admin, self)), ErrorCode::PermissionDenied);
  EXPECT_TRUE(authorise_network_admin_change(Actor::system(), target).ok());
}

TEST_F(PolicyTest, AccountActionsSpareNetworkAdminsAndOneself) {
  auto home = org();
  auto other = org();
  auto coordinator = member(home, Role::Coordinator);
  auto admin = Actor::user(user(), NetworkAdmin::Yes, {});
  auto system = Actor::system();
  std::vector<domain::Membership> const in_home = {{home, Role::Counsellor}};
  std::vector<domain::Membership> const in_both = {{home, Role::Counsellor}, {other, Role::Viewer}};
  auto plain =
      TargetAccount{.id = user(), .network_admin = NetworkAdmin::No, .memberships = in_home};
  auto admins =
      TargetAccount{.id = user(), .network_admin = NetworkAdmin::Yes, .memberships = in_home};
  auto elsewhere =
      TargetAccount{.id = user(), .network_admin = NetworkAdmin::No, .memberships = in_both};
  auto nowhere = TargetAccount{.id = user(), .network_admin = NetworkAdmin::No, .memberships = {}};
  auto coordinator_self = TargetAccount{
      .id = *coordinator.user_id(), .network_admin = NetworkAdmin::No, .memberships = in_home};
  auto admin_self =
      TargetAccount{.id = *admin.user_id(), .network_admin = NetworkAdmin::Yes, .memberships = {}};
  std::optional<ErrorCode> const kOk;
  struct Row {
    std::string_view name;
    Actor const& actor;
    Action action;
    TargetAccount const& target;
    std::optional<ErrorCode> want;
  };
  Row const rows[] = {
      {"coordinator, member", coordinator, Action::DisableUser, plain, kOk},
      {"coordinator, member of another org too", coordinator, Action::DisableUser, elsewhere,
       ErrorCode::NotFound},
      {"coordinator, account in no org", coordinator, Action::ResetPassword, nowhere,
       ErrorCode::NotFound},
      {"coordinator, network admin: disable", coordinator, Action::DisableUser, admins,
       ErrorCode::PermissionDenied},
      {"coordinator, network admin: reset", coordinator, Action::ResetPassword, admins,
       ErrorCode::PermissionDenied},
      {"coordinator, network admin: sessions", coordinator, Action::RevokeMemberSessions, admins,
       ErrorCode::PermissionDenied},
      {"network admin, network admin", admin, Action::DisableUser, admins, kOk},
      {"system, network admin", system, Action::ResetPassword, admins, kOk},
      {"system, account in no org", system, Action::DisableUser, nowhere, kOk},
      {"coordinator, self: disable", coordinator, Action::DisableUser, coordinator_self,
       ErrorCode::PermissionDenied},
      {"coordinator, self: reset", coordinator, Action::ResetPassword, coordinator_self,
       ErrorCode::PermissionDenied},
      {"coordinator, self: sessions", coordinator, Action::RevokeMemberSessions, coordinator_self,
       kOk},
      {"network admin, self: disable", admin, Action::DisableUser, admin_self,
       ErrorCode::PermissionDenied},
      {"network admin, self: reset", admin, Action::ResetPassword, admin_self,
       ErrorCode::PermissionDenied},
      {"not an account action", admin, Action::AddStaff, plain, ErrorCode::PermissionDenied},
  };
  for (auto const& row : rows) {
    SCOPED_TRACE(row.name);
    auto got = authorise_account_action(row.actor, row.action, row.target);
    if (!row.want) {
      EXPECT_TRUE(got.ok()) << got.error().detail;
    } else {
      EXPECT_EQ(code_of(got), *row.want);
    }
  }
}

}  // namespace
}  // namespace haven::app
