#include "app/ports/staff_repository.h"

#include <gtest/gtest.h>

#include "app/ports/store.h"
#include "test_database.h"

namespace haven::storage::testing {
namespace {

using namespace std::chrono_literals;
using domain::OrgId;
using domain::Role;
using domain::UserId;

// The error code of a failed result, Internal when it unexpectedly succeeded.
template <class R>
ErrorCode code_of(R const& result) {
  return result.ok() ? ErrorCode::Internal : result.error().code;
}

class StaffRepositoryTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    store_ = open_ok();
    ASSERT_NE(store_, nullptr);
    org_a_ = add_org("Org A");
    org_b_ = add_org("Org B");
  }

  // Runs `work` in a read-write transaction.
  template <class Work>
  auto tx(Work work) {
    return store_->in_transaction([&](app::Transaction& t) { return work(t.staff()); });
  }

  OrgId add_org(std::string name) {
    domain::Organisation org{.id = OrgId::generate(random_),
                             .details = {.name = std::move(name),
                                         .country = "LT",
                                         .city = "Vilnius",
                                         .languages = {domain::Language::Ru},
                                         .kind = domain::OrganisationKind::MemberOrganisation},
                             .public_key = std::nullopt,
                             .created_at = clock_.now()};
    auto added =
        store_->in_transaction([&](app::Transaction& t) { return t.organisations().add(org); });
    EXPECT_TRUE(added.ok()) << added.error().detail;
    return org.id;
  }

  app::StaffUser user(std::string email_hash) {
    return app::StaffUser{.id = UserId::generate(random_),
                          .email_lookup = std::move(email_hash),
                          .email_ciphertext = std::string("\x00sealed-email", 13),
                          .display_name_ciphertext = std::nullopt,
                          .preferred_language = domain::Language::Uk,
                          .state = domain::AccountState::Active,
                          .network_admin = domain::NetworkAdmin::No,
                          .key_envelope = "wrapped-sk",
                          .public_key = "pk",
                          .totp_envelope = std::nullopt,
                          .totp_last_step = std::nullopt,
                          .created_at = clock_.now(),
                          .updated_at = clock_.now()};
  }

  UserId add_user(std::string email_hash) {
    auto u = user(std::move(email_hash));
    auto added = tx([&](app::StaffRepository& s) { return s.add_user(u); });
    EXPECT_TRUE(added.ok()) << added.error().detail;
    return u.id;
  }

  std::unique_ptr<app::Store> store_;
  OrgId org_a_ = OrgId::parse(std::string(32, '0')).value();
  OrgId org_b_ = org_a_;
};

TEST_P(StaffRepositoryTest, UserRoundTrip) {
  auto u = user(std::string("\x01\x02hash\x00", 7));
  u.display_name_ciphertext = "sealed-name";
  u.totp_envelope = "sealed-totp";
  u.totp_last_step = 42;
  u.network_admin = domain::NetworkAdmin::Yes;
  ASSERT_TRUE(tx([&](app::StaffRepository& s) { return s.add_user(u); }).ok());
  for (bool by_email : {false, true}) {
    auto found = tx([&](app::StaffRepository& s) {
      return by_email ? s.find_user_by_email_lookup(u.email_lookup) : s.find_user(u.id);
    });
    ASSERT_TRUE(found.ok()) << found.error().detail;
    EXPECT_EQ(found->id, u.id);
    EXPECT_EQ(found->email_lookup, u.email_lookup);
    EXPECT_EQ(found->email_ciphertext, u.email_ciphertext);
    EXPECT_EQ(found->display_name_ciphertext, u.display_name_ciphertext);
    EXPECT_EQ(found->preferred_language, domain::Language::Uk);
    EXPECT_EQ(found->state, domain::AccountState::Active);
    EXPECT_EQ(found->network_admin, domain::NetworkAdmin::Yes);
    EXPECT_EQ(found->key_envelope, u.key_envelope);
    EXPECT_EQ(found->public_key, u.public_key);
    EXPECT_EQ(found->totp_envelope, u.totp_envelope);
    EXPECT_EQ(found->totp_last_step, 42);
    EXPECT_EQ(found->created_at, u.created_at);
  }
  EXPECT_EQ(code_of(tx([&](app::StaffRepository& s) { return s.find_user_by_email_lookup("x"); })),
            ErrorCode::NotFound);
  EXPECT_EQ(
      code_of(tx([&](app::StaffRepository& s) { return s.find_user(UserId::generate(random_)); })),
      ErrorCode::NotFound);
}

TEST_P(StaffRepositoryTest, DuplicateEmailHashIsConflict) {
  add_user("same-hash");
  auto again = user("same-hash");
  EXPECT_EQ(code_of(tx([&](app::StaffRepository& s) { return s.add_user(again); })),
            ErrorCode::Conflict);
}

TEST_P(StaffRepositoryTest, AccountSettingsChange) {
  auto id = add_user("h");
  clock_.advance(1min);
  auto now = clock_.now();
  ASSERT_TRUE(tx([&](app::StaffRepository& s) -> Result<void> {
                if (auto r = s.set_state(id, domain::AccountState::Disabled, now); !r) return r;
                if (auto r = s.set_network_admin(id, domain::NetworkAdmin::Yes, now); !r) return r;
                return s.set_preferred_language(id, domain::Language::De, now);
              }).ok());
  auto found = tx([&](app::StaffRepository& s) { return s.find_user(id); });
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->state, domain::AccountState::Disabled);
  EXPECT_EQ(found->network_admin, domain::NetworkAdmin::Yes);
  EXPECT_EQ(found->preferred_language, domain::Language::De);
  EXPECT_EQ(found->updated_at, now);
  auto unknown = UserId::generate(random_);
  EXPECT_EQ(code_of(tx([&](app::StaffRepository& s) {
              return s.set_state(unknown, domain::AccountState::Disabled, now);
            })),
            ErrorCode::NotFound);
}

TEST_P(StaffRepositoryTest, TotpStepsAreUsedOnce) {
  auto id = add_user("h");
  ASSERT_TRUE(
      tx([&](app::StaffRepository& s) { return s.set_totp(id, "sealed", clock_.now()); }).ok());
  EXPECT_TRUE(tx([&](app::StaffRepository& s) { return s.record_totp_step(id, 100); }).ok());
  EXPECT_EQ(code_of(tx([&](app::StaffRepository& s) { return s.record_totp_step(id, 100); })),
            ErrorCode::Conflict);
  EXPECT_EQ(code_of(tx([&](app::StaffRepository& s) { return s.record_totp_step(id, 99); })),
            ErrorCode::Conflict);
  EXPECT_TRUE(tx([&](app::StaffRepository& s) { return s.record_totp_step(id, 101); }).ok());
  EXPECT_EQ(code_of(tx([&](app::StaffRepository& s) {
              return s.record_totp_step(UserId::generate(random_), 1);
            })),
            ErrorCode::NotFound);
  ASSERT_TRUE(
      tx([&](app::StaffRepository& s) { return s.set_totp(id, std::nullopt, clock_.now()); }).ok());
  auto found = tx([&](app::StaffRepository& s) { return s.find_user(id); });
  EXPECT_FALSE(found->totp_envelope.has_value());
  EXPECT_FALSE(found->totp_last_step.has_value());
}

TEST_P(StaffRepositoryTest, MembershipsAreUniquePerPair) {
  auto alice = add_user("alice");
  auto bob = add_user("bob");
  auto now = clock_.now();
  ASSERT_TRUE(tx([&](app::StaffRepository& s) {
                return s.add_membership(alice, org_a_, Role::Coordinator, now);
              }).ok());
  ASSERT_TRUE(tx([&](app::StaffRepository& s) {
                return s.add_membership(alice, org_b_, Role::Viewer, now);
              }).ok());
  ASSERT_TRUE(tx([&](app::StaffRepository& s) {
                return s.add_membership(bob, org_a_, Role::Counsellor, now);
              }).ok());
  EXPECT_EQ(code_of(tx([&](app::StaffRepository& s) {
              return s.add_membership(alice, org_a_, Role::Viewer, now);
            })),
            ErrorCode::Conflict);
  EXPECT_EQ(code_of(tx([&](app::StaffRepository& s) {
              return s.add_membership(alice, OrgId::generate(random_), Role::Viewer, now);
            })),
            ErrorCode::NotFound);
  EXPECT_EQ(code_of(tx([&](app::StaffRepository& s) {
              return s.add_membership(UserId::generate(random_), org_a_, Role::Viewer, now);
            })),
            ErrorCode::NotFound);

  auto of_alice = tx([&](app::StaffRepository& s) { return s.memberships_of(alice); });
  ASSERT_TRUE(of_alice.ok());
  ASSERT_EQ(of_alice->size(), 2u);
  auto members = tx([&](app::StaffRepository& s) { return s.members_of(org_a_); });
  ASSERT_TRUE(members.ok());
  EXPECT_EQ(members->size(), 2u);

  ASSERT_TRUE(tx([&](app::StaffRepository& s) {
                return s.change_role(bob, org_a_, Role::Editor, now);
              }).ok());
  // Bob is not a member of Org B: it answers like a missing membership.
  EXPECT_EQ(code_of(tx([&](app::StaffRepository& s) {
              return s.change_role(bob, org_b_, Role::Editor, now);
            })),
            ErrorCode::NotFound);
  EXPECT_EQ(code_of(tx([&](app::StaffRepository& s) { return s.remove_membership(bob, org_b_); })),
            ErrorCode::NotFound);
  ASSERT_TRUE(tx([&](app::StaffRepository& s) { return s.remove_membership(bob, org_a_); }).ok());
  auto of_bob = tx([&](app::StaffRepository& s) { return s.memberships_of(bob); });
  EXPECT_TRUE(of_bob->empty());
}

TEST_P(StaffRepositoryTest, KeyGrantsBelongToMembers) {
  auto alice = add_user("alice");
  auto bob = add_user("bob");
  auto now = clock_.now();
  ASSERT_TRUE(tx([&](app::StaffRepository& s) -> Result<void> {
                if (auto r = s.add_membership(alice, org_a_, Role::Coordinator, now); !r) return r;
                return s.add_membership(bob, org_a_, Role::Counsellor, now);
              }).ok());
  app::OrgKeyGrant grant{.org = org_a_,
                         .user = bob,
                         .sealed_org_secret_key = std::string("sealed\x00sk", 9),
                         .granted_by = alice,
                         .granted_at = now};
  ASSERT_TRUE(tx([&](app::StaffRepository& s) { return s.grant_org_key(grant); }).ok());
  EXPECT_EQ(code_of(tx([&](app::StaffRepository& s) { return s.grant_org_key(grant); })),
            ErrorCode::Conflict);
  auto found = tx([&](app::StaffRepository& s) { return s.find_org_key_grant(org_a_, bob); });
  ASSERT_TRUE(found.ok()) << found.error().detail;
  EXPECT_EQ(found->sealed_org_secret_key, grant.sealed_org_secret_key);
  EXPECT_EQ(found->granted_by, alice);
  EXPECT_EQ(found->granted_at, now);

  // Re-wrapping the same key (password change) keeps the grant and the public key.
  auto before = tx([&](app::StaffRepository& s) { return s.find_user(bob); });
  ASSERT_TRUE(
      tx([&](app::StaffRepository& s) { return s.rewrap_key(bob, "rewrapped", now); }).ok());
  auto rewrapped = tx([&](app::StaffRepository& s) { return s.find_user(bob); });
  EXPECT_EQ(rewrapped->key_envelope, "rewrapped");
  EXPECT_EQ(rewrapped->public_key, before->public_key);
  EXPECT_TRUE(tx([&](app::StaffRepository& s) { return s.find_org_key_grant(org_a_, bob); }).ok());
  EXPECT_EQ(code_of(tx([&](app::StaffRepository& s) {
              return s.rewrap_key(domain::UserId::generate(random_), "x", now);
            })),
            ErrorCode::NotFound);

  // Another organisation's id answers like a missing grant.
  EXPECT_EQ(code_of(tx([&](app::StaffRepository& s) { return s.find_org_key_grant(org_b_, bob); })),
            ErrorCode::NotFound);
  auto elsewhere = grant;
  elsewhere.org = org_b_;
  EXPECT_EQ(code_of(tx([&](app::StaffRepository& s) { return s.grant_org_key(elsewhere); })),
            ErrorCode::NotFound);

  ASSERT_TRUE(tx([&](app::StaffRepository& s) { return s.revoke_org_key(org_a_, bob); }).ok());
  EXPECT_EQ(code_of(tx([&](app::StaffRepository& s) { return s.revoke_org_key(org_a_, bob); })),
            ErrorCode::NotFound);

  // Leaving the organisation and a password reset both drop grants.
  ASSERT_TRUE(tx([&](app::StaffRepository& s) { return s.grant_org_key(grant); }).ok());
  ASSERT_TRUE(tx([&](app::StaffRepository& s) { return s.remove_membership(bob, org_a_); }).ok());
  EXPECT_EQ(code_of(tx([&](app::StaffRepository& s) { return s.find_org_key_grant(org_a_, bob); })),
            ErrorCode::NotFound);
  grant.user = alice;
  grant.granted_by = std::nullopt;
  ASSERT_TRUE(tx([&](app::StaffRepository& s) { return s.grant_org_key(grant); }).ok());
  ASSERT_TRUE(tx([&](app::StaffRepository& s) {
                return s.replace_keys(alice, "new-envelope", "new-pk", now);
              }).ok());
  EXPECT_EQ(
      code_of(tx([&](app::StaffRepository& s) { return s.find_org_key_grant(org_a_, alice); })),
      ErrorCode::NotFound);
  auto reset = tx([&](app::StaffRepository& s) { return s.find_user(alice); });
  EXPECT_EQ(reset->public_key, "new-pk");
  EXPECT_EQ(reset->key_envelope, "new-envelope");
}

TEST_P(StaffRepositoryTest, RecoveryCodesWorkOnce) {
  auto id = add_user("h");
  std::vector<std::string> const hashes = {"code-1", "code-2",
                                           std::string("c\x00"
                                                       "3",
                                                       3)};
  ASSERT_TRUE(tx([&](app::StaffRepository& s) {
                return s.replace_recovery_codes(id, hashes, clock_.now());
              }).ok());
  EXPECT_EQ(*tx([&](app::StaffRepository& s) { return s.count_unused_recovery_codes(id); }), 3);
  EXPECT_TRUE(tx([&](app::StaffRepository& s) {
                return s.use_recovery_code(id, hashes[2], clock_.now());
              }).ok());
  EXPECT_EQ(code_of(tx([&](app::StaffRepository& s) {
              return s.use_recovery_code(id, hashes[2], clock_.now());
            })),
            ErrorCode::NotFound);
  EXPECT_EQ(code_of(tx([&](app::StaffRepository& s) {
              return s.use_recovery_code(id, "never-issued", clock_.now());
            })),
            ErrorCode::NotFound);
  EXPECT_EQ(*tx([&](app::StaffRepository& s) { return s.count_unused_recovery_codes(id); }), 2);
  // A fresh set replaces the old one entirely.
  std::vector<std::string> const fresh = {"code-9"};
  ASSERT_TRUE(tx([&](app::StaffRepository& s) {
                return s.replace_recovery_codes(id, fresh, clock_.now());
              }).ok());
  EXPECT_EQ(*tx([&](app::StaffRepository& s) { return s.count_unused_recovery_codes(id); }), 1);
  EXPECT_EQ(code_of(tx([&](app::StaffRepository& s) {
              return s.use_recovery_code(id, "code-1", clock_.now());
            })),
            ErrorCode::NotFound);
  EXPECT_EQ(code_of(tx([&](app::StaffRepository& s) {
              return s.replace_recovery_codes(UserId::generate(random_), fresh, clock_.now());
            })),
            ErrorCode::NotFound);
}

INSTANTIATE_TEST_SUITE_P(storage, StaffRepositoryTest,
                         ::testing::Values(Engine::Sqlite, Engine::Postgres), EngineName());

}  // namespace
}  // namespace haven::storage::testing
