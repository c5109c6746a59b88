// Account-wide actions (disable, reset password, end sessions) on a network admin's account
// and on one's own: refused by every use case before anything changes.
#include "app/policy.h"

#include <gtest/gtest.h>

#include "accounts_fixture.h"

namespace haven::app {
namespace {

using namespace haven::app::testing;
using domain::AccountState;
using domain::NetworkAdmin;
using domain::Role;

class AccountActionsTest : public AccountsTest {
 protected:
  void SetUp() override {
    AccountsTest::SetUp();
    coordinator_ = add_member(org_a_, "coord@example.org", "coordinator").id;
    auto admin = add_member(org_a_, "admin@example.org", "counsellor");
    admin_ = admin.id;
    admin_totp_ = std::move(admin.totp_secret);
    auto flagged = store_->in_transaction([&](Transaction& tx) {
      return tx.staff().set_network_admin(admin_, NetworkAdmin::Yes, clock_.now());
    });
    ASSERT_TRUE(flagged.ok()) << flagged.error().detail;
  }

  Actor coordinator() {
    return Actor::user(coordinator_, NetworkAdmin::No, {{org_a_, Role::Coordinator}});
  }
  Actor admin() { return Actor::user(admin_, NetworkAdmin::Yes, {{org_a_, Role::Counsellor}}); }

  AccountState state_of(domain::UserId const& user) {
    auto found = store_->in_transaction([&](Transaction& tx) { return tx.staff().find_user(user); },
                                        TransactionMode::ReadOnly);
    EXPECT_TRUE(found.ok());
    return found->state;
  }

  domain::UserId coordinator_ = domain::UserId::generate(random_);
  domain::UserId admin_ = domain::UserId::generate(random_);
  vault::SecretBytes admin_totp_;
};

TEST_F(AccountActionsTest, ACoordinatorCannotDisableResetOrSignOutANetworkAdmin) {
  auto session = attempt("admin@example.org", kPassword, code_now(admin_totp_));
  ASSERT_TRUE(session.ok()) << session.error().detail;
  auto entries_before = audit_entries().size();

  EXPECT_EQ(staff_->disable(coordinator(), admin_).error().code, ErrorCode::PermissionDenied);
  EXPECT_EQ(links_->issue_reset(coordinator(), admin_).error().code, ErrorCode::PermissionDenied);
  EXPECT_EQ(sessions_->revoke_member_sessions(coordinator(), admin_).error().code,
            ErrorCode::PermissionDenied);

  EXPECT_EQ(state_of(admin_), AccountState::Active);
  EXPECT_TRUE(sessions_->resolve(cookie_of(*session)).ok());
  EXPECT_EQ(audit_entries().size(), entries_before);
  // The same coordinator still manages the ordinary member next to the admin.
  EXPECT_TRUE(links_->issue_reset(coordinator(), user_).ok());
}

TEST_F(AccountActionsTest, AnotherNetworkAdminOrTheSystemMay) {
  auto session = attempt("admin@example.org", kPassword, code_now(admin_totp_));
  ASSERT_TRUE(session.ok()) << session.error().detail;
  // A real account: the reset link names its issuer.
  auto other_admin = Actor::user(add_member(org_b_, "other@example.org", "viewer").id,
                                 NetworkAdmin::Yes, {{org_b_, Role::Viewer}});

  auto ended = sessions_->revoke_member_sessions(other_admin, admin_);
  ASSERT_TRUE(ended.ok()) << ended.error().detail;
  EXPECT_EQ(*ended, 1u);
  EXPECT_FALSE(sessions_->resolve(cookie_of(*session)).ok());
  auto reset = links_->issue_reset(other_admin, admin_);
  EXPECT_TRUE(reset.ok()) << reset.error().detail;
  EXPECT_TRUE(staff_->disable(Actor::system(), admin_).ok());
  EXPECT_EQ(state_of(admin_), AccountState::Disabled);
}

TEST_F(AccountActionsTest, NobodyDisablesOrResetsTheirOwnAccount) {
  struct Row {
    std::string_view name;
    Actor actor;
    domain::UserId self;
  };
  Row const rows[] = {{"coordinator", coordinator(), coordinator_},
                      {"network admin", admin(), admin_}};
  for (auto const& row : rows) {
    SCOPED_TRACE(row.name);
    auto disabled = staff_->disable(row.actor, row.self);
    ASSERT_FALSE(disabled.ok());
    EXPECT_EQ(disabled.error().code, ErrorCode::PermissionDenied);
    EXPECT_EQ(disabled.error().detail, "nobody may disable their own account");
    auto reset = links_->issue_reset(row.actor, row.self);
    ASSERT_FALSE(reset.ok());
    EXPECT_EQ(reset.error().code, ErrorCode::PermissionDenied);
    EXPECT_TRUE(contains(reset.error().detail, "their own password"));
    EXPECT_EQ(state_of(row.self), AccountState::Active);
  }
  // Ending one's own sessions is no lock-out: it stays allowed.
  EXPECT_TRUE(sessions_->revoke_member_sessions(coordinator(), coordinator_).ok());
}

}  // namespace
}  // namespace haven::app
