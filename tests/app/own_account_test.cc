#include "app/own_account.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <optional>

#include "accounts_fixture.h"

namespace haven::app {
namespace {

using namespace haven::app::testing;

class OwnAccountTest : public AccountsTest {
 protected:
  void SetUp() override {
    AccountsTest::SetUp();
    own_.emplace(*store_, clock_, audit_, pepper_, hasher_, vault::PasswordParams::for_tests());
    auto session = sign_in_now();
    ASSERT_TRUE(session.ok());
    cookie_ = cookie_of(*session);
    auto staff = sessions_->resolve(cookie_);
    ASSERT_TRUE(staff.ok());
    staff_session_.emplace(std::move(staff).value());
  }

  std::optional<OwnAccount> own_;
  std::string cookie_;
  std::optional<SignedInStaff> staff_session_;
};

TEST_F(OwnAccountTest, ChangingThePasswordKeepsTheKeyAndEndsOtherSessions) {
  clock_.advance(30s);
  auto other = sign_in_now();
  ASSERT_TRUE(other.ok());
  auto keys_before = sessions_->unlock_user_key(cookie_);
  ASSERT_TRUE(keys_before.ok());

  auto ended = own_->change_password(*staff_session_, secret_of(kPassword),
                                     secret_of("an even better passphrase"));
  ASSERT_TRUE(ended.ok()) << ended.error().detail;
  EXPECT_EQ(*ended, 1u);
  EXPECT_FALSE(sessions_->resolve(cookie_of(*other)).ok());
  EXPECT_TRUE(sessions_->resolve(cookie_).ok());
  auto keys_after = sessions_->unlock_user_key(cookie_);
  ASSERT_TRUE(keys_after.ok());
  EXPECT_EQ(keys_after->public_key, keys_before->public_key);

  clock_.advance(30s);
  EXPECT_EQ(attempt(kEmail, kPassword, code_now(totp_)).error().code, ErrorCode::PermissionDenied);
  clock_.advance(30s);
  EXPECT_TRUE(attempt(kEmail, "an even better passphrase", code_now(totp_)).ok());
  EXPECT_EQ(audit_entries().back().action, AuditAction::SignIn);
}

TEST_F(OwnAccountTest, AWrongCurrentPasswordOrAWeakNewOneChangesNothing) {
  EXPECT_EQ(own_->change_password(*staff_session_, secret_of("not the password"),
                                  secret_of("an even better passphrase"))
                .error()
                .code,
            ErrorCode::PermissionDenied);
  EXPECT_EQ(
      own_->change_password(*staff_session_, secret_of(""), secret_of("an even better passphrase"))
          .error()
          .code,
      ErrorCode::PermissionDenied);
  EXPECT_EQ(
      own_->change_password(*staff_session_, secret_of(kPassword), secret_of("short")).error().code,
      ErrorCode::InvalidInput);
  EXPECT_EQ(own_->change_password(*staff_session_, secret_of(kPassword),
                                  secret_of(std::string(2000, 'x')))
                .error()
                .code,
            ErrorCode::InvalidInput);
  clock_.advance(30s);
  EXPECT_TRUE(sign_in_now().ok());
}

TEST_F(OwnAccountTest, NewRecoveryCodesReplaceTheOldOnes) {
  auto first = own_->renew_recovery_codes(*staff_session_);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->size(), 10u);
  EXPECT_EQ(*own_->unused_recovery_codes(*staff_session_), 10);
  auto second = own_->renew_recovery_codes(*staff_session_);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(attempt(kEmail, kPassword, first->front()).error().code, ErrorCode::PermissionDenied);
  auto session = attempt(kEmail, kPassword, second->front());
  ASSERT_TRUE(session.ok());
  EXPECT_EQ(session->recovery_codes_left, 9);
  EXPECT_EQ(*own_->unused_recovery_codes(*staff_session_), 9);
}

TEST_F(OwnAccountTest, TheAsynchronousChangeRunsOnTheHasher) {
  auto answer = std::make_shared<std::promise<Result<std::size_t>>>();
  auto future = answer->get_future();
  own_->change_password_async(
      *staff_session_, secret_of(kPassword), secret_of("an even better passphrase"),
      [answer](Result<std::size_t> ended) { answer->set_value(std::move(ended)); });
  ASSERT_EQ(future.wait_for(std::chrono::seconds(30)), std::future_status::ready);
  auto ended = future.get();
  ASSERT_TRUE(ended.ok()) << ended.error().detail;
  EXPECT_EQ(*ended, 0u);
  clock_.advance(30s);
  EXPECT_TRUE(attempt(kEmail, "an even better passphrase", code_now(totp_)).ok());
}

TEST_F(OwnAccountTest, AFullHasherQueueRefusesTheChangeAtOnce) {
  vault::PasswordHasher full(1, 0);  // no room to wait: every task is refused
  OwnAccount busy(*store_, clock_, audit_, pepper_, full, vault::PasswordParams::for_tests());
  std::optional<ErrorCode> refused;
  busy.change_password_async(*staff_session_, secret_of(kPassword),
                             secret_of("an even better passphrase"),
                             [&refused](Result<std::size_t> ended) {
                               if (!ended) refused = ended.error().code;
                             });
  EXPECT_EQ(refused, ErrorCode::RateLimited) << "answered on this thread, before returning";
  clock_.advance(30s);
  EXPECT_TRUE(sign_in_now().ok()) << "the password is unchanged";
}

}  // namespace
}  // namespace haven::app
