// StaffService::list_members_with_addresses and find_member: addresses opened only with the
// reader's own grant of the organisation key, the policy's answers for the page, pending
// invitations for those who issue them, and another organisation's members answering like
// missing ones.
#include "app/staff_service.h"

#include <gtest/gtest.h>

#include <map>

#include "accounts_fixture.h"

namespace haven::app {
namespace {

using namespace haven::app::testing;
using domain::Role;

class MemberListTest : public AccountsTest {
 protected:
  void SetUp() override {
    AccountsTest::SetUp();
    // Organisation B: its first member (the coordinator) holds the key; the next waits.
    auto coordinator = add_member(org_b_, "coord@example.org", "coordinator");
    coordinator_ = coordinator.id;
    coordinator_totp_ = std::move(coordinator.totp_secret);
    auto member = add_member(org_b_, "member@example.org", "counsellor");
    member_ = member.id;
    member_totp_ = std::move(member.totp_secret);
  }

  Actor coordinator_actor() {
    return Actor::user(coordinator_, domain::NetworkAdmin::No, {{org_b_, Role::Coordinator}});
  }
  Actor member_actor() {
    return Actor::user(member_, domain::NetworkAdmin::No, {{org_b_, Role::Counsellor}});
  }

  std::map<std::string, MemberWithAddress> by_id(MemberList const& list) {
    std::map<std::string, MemberWithAddress> out;
    for (auto const& entry : list.members) out.emplace(entry.member.id.str(), entry);
    return out;
  }

  domain::UserId coordinator_ = domain::UserId::generate(random_);
  domain::UserId member_ = domain::UserId::generate(random_);
  vault::SecretBytes coordinator_totp_;
  vault::SecretBytes member_totp_;
};

TEST_F(MemberListTest, AKeyHolderReadsTheAddresses) {
  auto list = staff_->list_members_with_addresses(
      coordinator_actor(), keys_of("coord@example.org", coordinator_totp_), org_b_);
  ASSERT_TRUE(list.ok()) << list.error().detail;
  EXPECT_EQ(list->addresses, AddressAccess::Readable);
  auto members = by_id(*list);
  ASSERT_EQ(members.size(), 2u);
  auto const& coordinator = members.at(coordinator_.str());
  EXPECT_EQ(coordinator.email, "coord@example.org");
  EXPECT_EQ(coordinator.member.role, Role::Coordinator);
  EXPECT_EQ(coordinator.member.org_key, OrgKeyStatus::Granted);
  auto const& member = members.at(member_.str());
  EXPECT_EQ(member.email, "member@example.org");
  EXPECT_EQ(member.member.role, Role::Counsellor);
  EXPECT_EQ(member.member.state, domain::AccountState::Active);
  EXPECT_EQ(member.member.org_key, OrgKeyStatus::Pending);
  EXPECT_TRUE(list->permissions.can_invite);
  EXPECT_TRUE(list->permissions.can_disable);
  EXPECT_TRUE(list->permissions.can_reset_password);
  EXPECT_TRUE(list->permissions.can_end_sessions);
  EXPECT_TRUE(list->permissions.can_grant_org_key);
  EXPECT_TRUE(list->invitations.empty());
}

TEST_F(MemberListTest, WithoutAGrantTheListComesWithoutAddresses) {
  auto list = staff_->list_members_with_addresses(
      member_actor(), keys_of("member@example.org", member_totp_), org_b_);
  ASSERT_TRUE(list.ok()) << list.error().detail;
  EXPECT_EQ(list->addresses, AddressAccess::NoOrgKey);
  ASSERT_EQ(list->members.size(), 2u);
  for (auto const& entry : list->members) EXPECT_FALSE(entry.email) << entry.member.id.str();
  // A counsellor views staff and does nothing else to them.
  EXPECT_FALSE(list->permissions.can_invite);
  EXPECT_FALSE(list->permissions.can_disable);
  EXPECT_FALSE(list->permissions.can_reset_password);
  EXPECT_FALSE(list->permissions.can_end_sessions);
  EXPECT_FALSE(list->permissions.can_grant_org_key);

  // Once granted, the same reader reads them.
  ASSERT_TRUE(grants_
                  ->grant(coordinator_actor(), keys_of("coord@example.org", coordinator_totp_),
                          org_b_, member_)
                  .ok());
  auto granted = staff_->list_members_with_addresses(
      member_actor(), keys_of("member@example.org", member_totp_), org_b_);
  ASSERT_TRUE(granted.ok());
  EXPECT_EQ(granted->addresses, AddressAccess::Readable);
  EXPECT_EQ(by_id(*granted).at(coordinator_.str()).email, "coord@example.org");
}

TEST_F(MemberListTest, SomeoneElsesKeypairOpensNothing) {
  auto list = staff_->list_members_with_addresses(
      coordinator_actor(), keys_of("member@example.org", member_totp_), org_b_);
  ASSERT_TRUE(list.ok()) << list.error().detail;
  EXPECT_EQ(list->addresses, AddressAccess::NoOrgKey);
  for (auto const& entry : list->members) EXPECT_FALSE(entry.email);
}

TEST_F(MemberListTest, PendingInvitationsAreForThoseWhoInvite) {
  auto issued =
      links_->invite(coordinator_actor(), org_b_, "New@Example.org", "viewer", Language::De);
  ASSERT_TRUE(issued.ok()) << issued.error().detail;
  auto list = staff_->list_members_with_addresses(
      coordinator_actor(), keys_of("coord@example.org", coordinator_totp_), org_b_);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->invitations.size(), 1u);
  EXPECT_EQ(list->invitations[0].email, "new@example.org");
  EXPECT_EQ(list->invitations[0].role, Role::Viewer);
  EXPECT_EQ(list->invitations[0].language, Language::De);
  EXPECT_EQ(list->invitations[0].expires_at, issued->expires_at);

  auto counsellor = staff_->list_members_with_addresses(
      member_actor(), keys_of("member@example.org", member_totp_), org_b_);
  ASSERT_TRUE(counsellor.ok());
  EXPECT_TRUE(counsellor->invitations.empty());

  clock_.advance(kInvitationLifetime);
  auto later = staff_->list_members_with_addresses(
      coordinator_actor(), keys_of("coord@example.org", coordinator_totp_), org_b_);
  ASSERT_TRUE(later.ok());
  EXPECT_TRUE(later->invitations.empty()) << "an expired invitation is not pending";
}

TEST_F(MemberListTest, OutsidersAndMissingOrganisationsGetNotFound) {
  auto keys = keys_of("coord@example.org", coordinator_totp_);
  // A coordinator of A only: B's list answers like a missing organisation's.
  auto outsider = Actor::user(user_, domain::NetworkAdmin::No, {{org_a_, Role::Coordinator}});
  EXPECT_EQ(staff_->list_members_with_addresses(outsider, keys, org_b_).error().code,
            ErrorCode::NotFound);
  EXPECT_EQ(
      staff_
          ->list_members_with_addresses(coordinator_actor(), keys, domain::OrgId::generate(random_))
          .error()
          .code,
      ErrorCode::NotFound);
  auto editor = Actor::user(member_, domain::NetworkAdmin::No, {{org_b_, Role::Editor}});
  EXPECT_EQ(staff_->list_members_with_addresses(editor, keys, org_b_).error().code,
            ErrorCode::PermissionDenied);
  // The system holds no keys: it may list, without addresses.
  auto system = staff_->list_members_with_addresses(Actor::system(), keys, org_b_);
  ASSERT_TRUE(system.ok());
  EXPECT_EQ(system->addresses, AddressAccess::NoOrgKey);
}

TEST_F(MemberListTest, FindMemberAnswersOnlyForTheOrganisationsOwnMembers) {
  auto found = staff_->find_member(coordinator_actor(), org_b_, member_);
  ASSERT_TRUE(found.ok()) << found.error().detail;
  EXPECT_EQ(found->role, Role::Counsellor);
  EXPECT_EQ(found->org_key, OrgKeyStatus::Pending);
  EXPECT_TRUE(staff_->find_member(member_actor(), org_b_, coordinator_).ok());

  struct Row {
    std::string_view name;
    Actor actor;
    domain::OrgId org;
    domain::UserId user;
  };
  auto outsider = Actor::user(user_, domain::NetworkAdmin::No, {{org_a_, Role::Coordinator}});
  std::vector<Row> const rows = {
      {"a member of A asked under B", coordinator_actor(), org_b_, user_},
      {"B's member asked by A's coordinator", outsider, org_b_, member_},
      {"B's member asked under A", outsider, org_a_, member_},
      {"an unknown user", coordinator_actor(), org_b_, domain::UserId::generate(random_)},
      {"an unknown organisation", coordinator_actor(), domain::OrgId::generate(random_), member_},
  };
  for (auto const& row : rows) {
    EXPECT_EQ(staff_->find_member(row.actor, row.org, row.user).error().code, ErrorCode::NotFound)
        << row.name;
  }
}

TEST_F(MemberListTest, ReadingTheListWritesNothing) {
  auto keys = keys_of("coord@example.org", coordinator_totp_);
  auto before = audit_entries().size();
  ASSERT_TRUE(staff_->list_members_with_addresses(coordinator_actor(), keys, org_b_).ok());
  ASSERT_TRUE(staff_->find_member(coordinator_actor(), org_b_, member_).ok());
  EXPECT_EQ(audit_entries().size(), before);
}

}  // namespace
}  // namespace haven::app
