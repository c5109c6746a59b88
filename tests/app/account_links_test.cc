// Invitations, password resets and organisation key grants: who may issue them, what
// following a link does, and that a reset really loses access to the organisation's key
// until a coordinator grants it again.
#include "app/account_links.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <optional>
#include <thread>

#include "accounts_fixture.h"
#include "vault/base32.h"
#include "vault/org_key.h"
#include "vault/password_hasher.h"
#include "vault/totp.h"
#include "vault/user_key.h"

namespace haven::app {
namespace {

using namespace haven::app::testing;
using domain::Role;

class AccountLinksTest : public AccountsTest {
 protected:
  void SetUp() override {
    AccountsTest::SetUp();
    // Organisation B: its first member (the coordinator) holds the key.
    auto coordinator = add_member(org_b_, "coord@example.org", "coordinator");
    coordinator_ = coordinator.id;
    coordinator_totp_ = std::move(coordinator.totp_secret);
  }

  Actor coordinator_actor() {
    return Actor::user(coordinator_, domain::NetworkAdmin::No, {{org_b_, Role::Coordinator}});
  }

  // The coordinator's keypair as a signed-in session unlocks it.
  vault::Keypair coordinator_keys() {
    clock_.advance(30s);  // a fresh TOTP step for every sign-in
    auto session = attempt("coord@example.org", kPassword, code_now(coordinator_totp_), "c");
    EXPECT_TRUE(session.ok());
    auto keys = sessions_->unlock_user_key(cookie_of(*session));
    EXPECT_TRUE(keys.ok());
    return std::move(keys).value();
  }

  Result<AcceptedLink> follow(IssuedLink const& link, std::string_view password = kPassword) {
    auto text = account_link_text(link.id, link.secret);
    auto details = links_->open(text);
    if (!details) return std::move(details).error();
    return links_->accept(text, secret_of(password), code_now(details->totp_secret));
  }

  // Whether `user`, unlocking their key with `password`, can open organisation B's key.
  bool can_open_org_key(domain::UserId const& user, std::string_view password) {
    return store_
        ->in_transaction([&](Transaction& tx) -> Result<void> {
          auto stored = tx.staff().find_user(user);
          if (!stored) return stored.error();
          auto grant = tx.staff().find_org_key_grant(org_b_, user);
          if (!grant) return grant.error();
          auto org = tx.organisations().find(org_b_);
          if (!org) return org.error();
          auto keys = unlock_keys(*stored, password);
          if (!keys) return keys.error();
          vault::PublicKey org_pk{};
          std::copy(org->public_key->begin(), org->public_key->end(), org_pk.begin());
          auto sk = vault::open_org_key(*keys, org_pk, bytes_of(grant->sealed_org_secret_key));
          if (!sk) return sk.error();
          return {};
        })
        .ok();
  }

  static std::span<std::uint8_t const> bytes_of(std::string const& text) {
    return {reinterpret_cast<std::uint8_t const*>(text.data()), text.size()};
  }

  static Result<vault::Keypair> unlock_keys(StaffUser const& user, std::string_view password) {
    auto header = vault::read_wrapped_user_key_header(bytes_of(user.key_envelope));
    if (!header) return header.error();
    auto kek = vault::derive_kek(secret_of(password), header->salt, header->params);
    if (!kek) return kek.error();
    auto sk = vault::unwrap_user_key(*kek, bytes_of(user.key_envelope));
    if (!sk) return sk.error();
    vault::Keypair pair;
    pair.public_key = *vault::public_key_of(*sk);
    pair.secret_key = std::move(sk).value();
    return pair;
  }

  domain::UserId coordinator_ = domain::UserId::generate(random_);
  vault::SecretBytes coordinator_totp_;
};

TEST_F(AccountLinksTest, AnInvitationMakesAnAccountThatSignsInWithWhatWasEnrolled) {
  auto link = links_->invite(coordinator_actor(), org_b_, " New.Person@Example.org ", "counsellor",
                             Language::De);
  ASSERT_TRUE(link.ok()) << link.error().detail;
  EXPECT_EQ(link->expires_at, clock_.now() + kInvitationLifetime);
  auto text = account_link_text(link->id, link->secret);

  auto details = links_->open(text);
  ASSERT_TRUE(details.ok()) << details.error().detail;
  EXPECT_EQ(details->kind, AccountTokenKind::Invitation);
  EXPECT_EQ(details->org_name, "Nash Dom");
  EXPECT_EQ(details->role, Role::Counsellor);
  EXPECT_EQ(details->language, Language::De);

  auto accepted =
      links_->accept(text, secret_of("a new long password"), code_now(details->totp_secret));
  ASSERT_TRUE(accepted.ok()) << accepted.error().detail;
  EXPECT_EQ(accepted->kind, AccountTokenKind::Invitation);
  EXPECT_EQ(accepted->recovery_codes.size(), 10u);
  EXPECT_EQ(links_->open(text).error().code, ErrorCode::NotFound);  // once only

  auto members = staff_->list_members(coordinator_actor(), org_b_);
  ASSERT_TRUE(members.ok());
  bool pending_counsellor = false;
  for (auto const& m : *members) {
    pending_counsellor |=
        m.id == accepted->user && m.role == Role::Counsellor && m.org_key == OrgKeyStatus::Pending;
  }
  EXPECT_TRUE(pending_counsellor);

  // The enrolled secret is the one the page showed; the code used to enrol is used up.
  EXPECT_EQ(attempt("new.person@example.org", "a new long password", code_now(details->totp_secret))
                .error()
                .code,
            ErrorCode::PermissionDenied);
  clock_.advance(30s);
  auto session =
      attempt("new.person@example.org", "a new long password", code_now(details->totp_secret));
  ASSERT_TRUE(session.ok()) << session.error().detail;
  EXPECT_EQ(session->language, Language::De);
  clock_.advance(30s);
  EXPECT_TRUE(
      attempt("new.person@example.org", "a new long password", accepted->recovery_codes[0]).ok());
}

TEST_F(AccountLinksTest, InvitationsAreForCoordinatorsOfTheirOwnOrganisation) {
  auto outsider = Actor::user(user_, domain::NetworkAdmin::No, {{org_a_, Role::Coordinator}});
  EXPECT_EQ(links_->invite(outsider, org_b_, "x@example.org", "viewer", Language::En).error().code,
            ErrorCode::NotFound);
  auto counsellor = Actor::user(user_, domain::NetworkAdmin::No, {{org_b_, Role::Counsellor}});
  EXPECT_EQ(
      links_->invite(counsellor, org_b_, "x@example.org", "viewer", Language::En).error().code,
      ErrorCode::PermissionDenied);
  EXPECT_TRUE(
      links_->invite(Actor::system(), org_b_, "y@example.org", "coordinator", Language::En).ok());
}

TEST_F(AccountLinksTest, BadInvitationsChangeNothing) {
  auto actor = coordinator_actor();
  EXPECT_EQ(links_->invite(actor, org_b_, "x@example.org", "boss", Language::En).error().code,
            ErrorCode::InvalidInput);
  EXPECT_EQ(links_->invite(actor, org_b_, "not an address", "viewer", Language::En).error().code,
            ErrorCode::InvalidInput);
  EXPECT_EQ(links_->invite(actor, org_b_, "", "viewer", Language::En).error().code,
            ErrorCode::InvalidInput);
  EXPECT_EQ(
      links_->invite(actor, org_b_, std::string(300, 'a') + "@example.org", "viewer", Language::En)
          .error()
          .code,
      ErrorCode::InvalidInput);
  // An existing account, in this organisation or another.
  EXPECT_EQ(links_->invite(actor, org_b_, kEmail, "viewer", Language::En).error().code,
            ErrorCode::Conflict);
  ASSERT_TRUE(links_->invite(actor, org_b_, "x@example.org", "viewer", Language::En).ok());
  EXPECT_EQ(links_->invite(actor, org_b_, "X@example.org", "viewer", Language::En).error().code,
            ErrorCode::Conflict);
  auto listed = store_->in_transaction(
      [&](Transaction& tx) { return tx.account_tokens().list_for_org(org_b_, clock_.now()); });
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->size(), 1u);
}

TEST_F(AccountLinksTest, AForgedUsedOrExpiredLinkIsNotFoundAndAWrongCodeKeepsTheLink) {
  auto link = links_->invite(coordinator_actor(), org_b_, "z@example.org", "viewer", Language::Ru);
  ASSERT_TRUE(link.ok());
  auto text = account_link_text(link->id, link->secret);
  auto forged = link->id.str() + "." + std::string(64, '0');
  for (std::string bad : {forged, std::string(), std::string("."), link->id.str(), text + "0",
                          std::string(5000, 'a')}) {
    EXPECT_EQ(links_->open(bad).error().code, ErrorCode::NotFound);
    EXPECT_EQ(links_->accept(bad, secret_of(kPassword), "123456").error().code,
              ErrorCode::NotFound);
  }
  auto details = links_->open(text);
  ASSERT_TRUE(details.ok());
  EXPECT_EQ(links_->accept(text, secret_of(kPassword), "000000").error().code,
            ErrorCode::PermissionDenied);
  EXPECT_EQ(links_->accept(text, secret_of("short"), code_now(details->totp_secret)).error().code,
            ErrorCode::InvalidInput);
  EXPECT_TRUE(links_->open(text).ok());
  clock_.advance(kInvitationLifetime);
  EXPECT_EQ(links_->open(text).error().code, ErrorCode::NotFound);
}

// Issue 3: "Password reset really loses access until re-grant, and regains it after."
TEST_F(AccountLinksTest, AResetLosesTheOrganisationKeyUntilACoordinatorGrantsItAgain) {
  auto member = add_member(org_b_, "member@example.org", "counsellor");
  EXPECT_FALSE(can_open_org_key(member.id, kPassword));  // pending

  ASSERT_TRUE(grants_->grant(coordinator_actor(), coordinator_keys(), org_b_, member.id).ok());
  EXPECT_TRUE(can_open_org_key(member.id, kPassword));
  auto old_grant = store_->in_transaction(
      [&](Transaction& tx) { return tx.staff().find_org_key_grant(org_b_, member.id); });
  ASSERT_TRUE(old_grant.ok());
  // A second grant is refused: re-granting is deliberate.
  EXPECT_EQ(grants_->grant(coordinator_actor(), coordinator_keys(), org_b_, member.id).error().code,
            ErrorCode::Conflict);

  clock_.advance(30s);
  auto session = attempt("member@example.org", kPassword, code_now(member.totp_secret), "m");
  ASSERT_TRUE(session.ok());
  auto reset = links_->issue_reset(coordinator_actor(), member.id);
  ASSERT_TRUE(reset.ok()) << reset.error().detail;
  auto accepted = follow(*reset, "the brand new password");
  ASSERT_TRUE(accepted.ok()) << accepted.error().detail;
  EXPECT_EQ(accepted->kind, AccountTokenKind::PasswordReset);
  EXPECT_EQ(accepted->user, member.id);

  // Signed out everywhere; the old password is gone; the new key cannot open the old grant.
  EXPECT_EQ(sessions_->resolve(cookie_of(*session)).error().code, ErrorCode::Unauthenticated);
  EXPECT_FALSE(can_open_org_key(member.id, kPassword));
  EXPECT_FALSE(can_open_org_key(member.id, "the brand new password"));
  auto user =
      store_->in_transaction([&](Transaction& tx) { return tx.staff().find_user(member.id); });
  auto new_keys = unlock_keys(*user, "the brand new password");
  ASSERT_TRUE(new_keys.ok());
  vault::PublicKey org_pk{};
  auto org =
      store_->in_transaction([&](Transaction& tx) { return tx.organisations().find(org_b_); });
  std::copy(org->public_key->begin(), org->public_key->end(), org_pk.begin());
  EXPECT_FALSE(
      vault::open_org_key(*new_keys, org_pk, bytes_of(old_grant->sealed_org_secret_key)).ok());

  ASSERT_TRUE(grants_->grant(coordinator_actor(), coordinator_keys(), org_b_, member.id).ok());
  EXPECT_TRUE(can_open_org_key(member.id, "the brand new password"));
}

TEST_F(AccountLinksTest, OnlyAKeyHolderCoordinatorGrants) {
  auto member = add_member(org_b_, "member@example.org", "counsellor");
  auto second = add_member(org_b_, "second@example.org", "coordinator");
  // A coordinator without a grant of their own has nothing to seal.
  clock_.advance(30s);
  auto session = attempt("second@example.org", kPassword, code_now(second.totp_secret), "s");
  ASSERT_TRUE(session.ok());
  auto keys = sessions_->unlock_user_key(cookie_of(*session));
  ASSERT_TRUE(keys.ok());
  auto as_second = Actor::user(second.id, domain::NetworkAdmin::No, {{org_b_, Role::Coordinator}});
  EXPECT_EQ(grants_->grant(as_second, *keys, org_b_, member.id).error().code,
            ErrorCode::PermissionDenied);
  // The wrong keypair for the actor.
  EXPECT_EQ(grants_->grant(coordinator_actor(), *keys, org_b_, member.id).error().code,
            ErrorCode::PermissionDenied);
  // Outsiders, the system (holds no keys), non-members.
  auto outsider = Actor::user(user_, domain::NetworkAdmin::No, {{org_a_, Role::Coordinator}});
  EXPECT_EQ(grants_->grant(outsider, *keys, org_b_, member.id).error().code, ErrorCode::NotFound);
  EXPECT_FALSE(grants_->grant(Actor::system(), *keys, org_b_, member.id).ok());
  EXPECT_EQ(grants_->grant(coordinator_actor(), coordinator_keys(), org_b_, user_).error().code,
            ErrorCode::NotFound);
}

TEST_F(AccountLinksTest, ResetsAreForTheUsersCoordinatorsAndNotForDisabledAccounts) {
  auto outsider = Actor::user(user_, domain::NetworkAdmin::No, {{org_a_, Role::Coordinator}});
  EXPECT_EQ(links_->issue_reset(outsider, coordinator_).error().code, ErrorCode::NotFound);
  EXPECT_EQ(
      links_->issue_reset(coordinator_actor(), domain::UserId::generate(random_)).error().code,
      ErrorCode::NotFound);
  auto member = add_member(org_b_, "member@example.org", "viewer");
  auto first = links_->issue_reset(coordinator_actor(), member.id);
  auto second = links_->issue_reset(coordinator_actor(), member.id);
  ASSERT_TRUE(first.ok() && second.ok());
  // The newer link replaces the older one.
  EXPECT_EQ(links_->open(account_link_text(first->id, first->secret)).error().code,
            ErrorCode::NotFound);
  EXPECT_TRUE(links_->open(account_link_text(second->id, second->secret)).ok());
  ASSERT_TRUE(staff_->disable(Actor::system(), member.id).ok());
  EXPECT_EQ(links_->open(account_link_text(second->id, second->secret)).error().code,
            ErrorCode::NotFound);
  EXPECT_EQ(links_->issue_reset(coordinator_actor(), member.id).error().code,
            ErrorCode::InvalidInput);
}

TEST_F(AccountLinksTest, OpenGivesTheEnrolmentAsKeyAndUri) {
  auto link = links_->invite(Actor::system(), org_b_, "x@example.org", "viewer", Language::En);
  ASSERT_TRUE(link.ok());
  auto details = links_->open(account_link_text(link->id, link->secret));
  ASSERT_TRUE(details.ok());
  EXPECT_EQ(details->totp_secret_base32, vault::encode_base32(details->totp_secret.span()));
  EXPECT_EQ(details->totp_uri, vault::totp_uri("Nash Dom", details->totp_secret));
  EXPECT_TRUE(details->totp_uri.starts_with("otpauth://totp/Haven:"));
  EXPECT_FALSE(contains(details->totp_uri, "example.org")) << "no address on the phone";
}

TEST_F(AccountLinksTest, AcceptAsyncRunsOnTheHasherAndSaysWhenItIsFull) {
  auto link = links_->invite(Actor::system(), org_b_, "x@example.org", "viewer", Language::En);
  ASSERT_TRUE(link.ok());
  auto text = account_link_text(link->id, link->secret);
  auto details = links_->open(text);
  ASSERT_TRUE(details.ok());

  // A pool that queues nothing refuses at once, on the calling thread; nothing changes.
  vault::PasswordHasher full(1, 0);
  AccountLinks refusing(*store_, clock_, random_, audit_, pepper_, full,
                        vault::PasswordParams::for_tests());
  std::optional<Result<AcceptedLink>> refused;
  refusing.accept_async(text, secret_of(kPassword), code_now(details->totp_secret),
                        [&](Result<AcceptedLink> result) { refused = std::move(result); });
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->error().code, ErrorCode::RateLimited);
  EXPECT_TRUE(links_->open(text).ok());

  std::promise<Result<AcceptedLink>> answer;
  auto future = answer.get_future();
  auto caller = std::this_thread::get_id();
  std::thread::id ran_on;
  links_->accept_async(text, secret_of(kPassword), code_now(details->totp_secret),
                       [&](Result<AcceptedLink> result) {
                         ran_on = std::this_thread::get_id();
                         answer.set_value(std::move(result));
                       });
  ASSERT_EQ(future.wait_for(std::chrono::seconds(30)), std::future_status::ready);
  auto accepted = future.get();
  ASSERT_TRUE(accepted.ok()) << accepted.error().detail;
  EXPECT_EQ(accepted->recovery_codes.size(), 10u);
  EXPECT_NE(ran_on, caller) << "Argon2id ran on a hasher thread";
  EXPECT_EQ(links_->open(text).error().code, ErrorCode::NotFound);
}

}  // namespace
}  // namespace haven::app
