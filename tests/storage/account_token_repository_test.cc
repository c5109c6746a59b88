#include "app/ports/account_token_repository.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accounts_fixture.h"
#include "app/ports/store.h"

namespace haven::storage::testing {
namespace {

using namespace std::chrono_literals;
using app::AccountToken;
using app::AccountTokenId;
using app::AccountTokenKind;
using app::AccountTokenRepository;
using domain::OrgId;
using domain::UserId;

class AccountTokenRepositoryTest : public AccountsTest {
 protected:
  void SetUp() override {
    AccountsTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    org_a_ = add_org("Org A");
    org_b_ = add_org("Org B");
    coordinator_ = add_user("coordinator");
    member_ = add_user("member");
  }

  template <class Work>
  auto tokens(Work work) {
    return tx([&](app::Transaction& t) { return work(t.account_tokens()); });
  }

  AccountToken invitation(OrgId const& org, std::string email_lookup) {
    auto now = clock_.now();
    return AccountToken{.id = AccountTokenId::generate(random_),
                        .kind = AccountTokenKind::Invitation,
                        .secret_hash = hash32("invitation secret"),
                        .org = org,
                        .user = std::nullopt,
                        .role = domain::Role::Counsellor,
                        .email_lookup = std::move(email_lookup),
                        .email_ciphertext = std::string("\x00sealed-to-org", 14),
                        .language = domain::Language::Ru,
                        .issued_by = coordinator_,
                        .created_at = now,
                        .expires_at = now + 72h};
  }

  AccountToken reset(OrgId const& org, UserId const& user) {
    auto now = clock_.now();
    return AccountToken{.id = AccountTokenId::generate(random_),
                        .kind = AccountTokenKind::PasswordReset,
                        .secret_hash = hash32("reset secret"),
                        .org = org,
                        .user = user,
                        .role = std::nullopt,
                        .email_lookup = {},
                        .email_ciphertext = {},
                        .language = domain::Language::De,
                        .issued_by = std::nullopt,
                        .created_at = now,
                        .expires_at = now + 24h};
  }

  Result<void> add(AccountToken const& token) {
    return tokens([&](AccountTokenRepository& r) { return r.add(token); });
  }

  Result<AccountToken> find(AccountTokenId const& id) {
    return tokens([&](AccountTokenRepository& r) { return r.find(id); });
  }

  std::vector<AccountTokenId> listed(OrgId const& org, std::chrono::system_clock::time_point now) {
    auto list = tokens([&](AccountTokenRepository& r) { return r.list_for_org(org, now); });
    EXPECT_TRUE(list.ok()) << list.error().detail;
    std::vector<AccountTokenId> out;
    if (list.ok()) {
      for (auto const& t : *list) out.push_back(t.id);
    }
    return out;
  }

  static void expect_same(AccountToken const& got, AccountToken const& want) {
    EXPECT_EQ(got.id, want.id);
    EXPECT_EQ(got.kind, want.kind);
    EXPECT_EQ(got.secret_hash, want.secret_hash);
    EXPECT_EQ(got.org, want.org);
    EXPECT_EQ(got.user, want.user);
    EXPECT_EQ(got.role, want.role);
    EXPECT_EQ(got.email_lookup, want.email_lookup);
    EXPECT_EQ(got.email_ciphertext, want.email_ciphertext);
    EXPECT_EQ(got.language, want.language);
    EXPECT_EQ(got.issued_by, want.issued_by);
    EXPECT_EQ(got.created_at, want.created_at);
    EXPECT_EQ(got.expires_at, want.expires_at);
  }

  OrgId org_a_ = OrgId::parse(std::string(32, '0')).value();
  OrgId org_b_ = org_a_;
  UserId coordinator_ = UserId::parse(std::string(32, '0')).value();
  UserId member_ = coordinator_;
};

TEST_P(AccountTokenRepositoryTest, InvitationRoundTripsEveryField) {
  auto token = invitation(org_a_, std::string("\x01lookup\x00", 8));
  token.role = domain::Role::Coordinator;
  token.expires_at = token.created_at + 72h + 1ms;
  ASSERT_TRUE(add(token).ok());
  auto found = find(token.id);
  ASSERT_TRUE(found.ok()) << found.error().detail;
  expect_same(*found, token);

  auto from_console = invitation(org_b_, "console");
  from_console.issued_by = std::nullopt;
  ASSERT_TRUE(add(from_console).ok());
  auto found_console = find(from_console.id);
  ASSERT_TRUE(found_console.ok());
  expect_same(*found_console, from_console);
}

TEST_P(AccountTokenRepositoryTest, PasswordResetRoundTripsEveryField) {
  auto token = reset(org_a_, member_);
  ASSERT_TRUE(add(token).ok());
  auto found = find(token.id);
  ASSERT_TRUE(found.ok()) << found.error().detail;
  expect_same(*found, token);

  auto issued = reset(org_a_, member_);
  issued.issued_by = coordinator_;
  ASSERT_TRUE(add(issued).ok());
  auto found_issued = find(issued.id);
  ASSERT_TRUE(found_issued.ok());
  expect_same(*found_issued, issued);

  EXPECT_EQ(code_of(find(AccountTokenId::generate(random_))), ErrorCode::NotFound);
}

TEST_P(AccountTokenRepositoryTest, UnknownOrganisationOrUserIsNotFound) {
  auto unknown_org = invitation(OrgId::generate(random_), "a");
  auto unknown_user = reset(org_a_, UserId::generate(random_));
  auto unknown_issuer = invitation(org_a_, "b");
  unknown_issuer.issued_by = UserId::generate(random_);
  auto unknown_reset_issuer = reset(org_a_, member_);
  unknown_reset_issuer.issued_by = UserId::generate(random_);
  for (auto const* token : {&unknown_org, &unknown_user, &unknown_issuer, &unknown_reset_issuer}) {
    EXPECT_EQ(code_of(add(*token)), ErrorCode::NotFound);
    EXPECT_EQ(code_of(find(token->id)), ErrorCode::NotFound);
  }
}

TEST_P(AccountTokenRepositoryTest, RefusesTokensOfTheWrongShape) {
  struct Row {
    std::string_view name;
    AccountToken token;
  };
  auto short_hash = invitation(org_a_, "x");
  short_hash.secret_hash = std::string(31, 's');
  auto invitation_with_user = invitation(org_a_, "x");
  invitation_with_user.user = member_;
  auto invitation_without_role = invitation(org_a_, "x");
  invitation_without_role.role = std::nullopt;
  auto invitation_without_email = invitation(org_a_, "");
  auto reset_without_user = reset(org_a_, member_);
  reset_without_user.user = std::nullopt;
  auto reset_with_role = reset(org_a_, member_);
  reset_with_role.role = domain::Role::Viewer;
  auto reset_with_email = reset(org_a_, member_);
  reset_with_email.email_lookup = "lookup";
  auto reset_with_ciphertext = reset(org_a_, member_);
  reset_with_ciphertext.email_ciphertext = "sealed";
  for (auto const& row :
       {Row{"secret hash of 31 bytes", short_hash},
        Row{"invitation with a user", invitation_with_user},
        Row{"invitation without a role", invitation_without_role},
        Row{"invitation without an email lookup", invitation_without_email},
        Row{"reset without a user", reset_without_user}, Row{"reset with a role", reset_with_role},
        Row{"reset with an email lookup", reset_with_email},
        Row{"reset with an email ciphertext", reset_with_ciphertext}}) {
    EXPECT_EQ(code_of(add(row.token)), ErrorCode::InvalidInput) << row.name;
  }
}

TEST_P(AccountTokenRepositoryTest, TakenIdIsConflict) {
  auto first = reset(org_a_, member_);
  ASSERT_TRUE(add(first).ok());
  auto again = invitation(org_b_, "other");
  again.id = first.id;
  EXPECT_EQ(code_of(add(again)), ErrorCode::Conflict);
  EXPECT_EQ(find(first.id)->kind, AccountTokenKind::PasswordReset);
}

TEST_P(AccountTokenRepositoryTest, OnePendingInvitationPerOrganisationAndAddress) {
  auto first = invitation(org_a_, "same address");
  ASSERT_TRUE(add(first).ok());
  auto same = invitation(org_a_, "same address");
  auto other_org = invitation(org_b_, "same address");
  auto other_address = invitation(org_a_, "other address");
  // The Conflict leaves the transaction usable (PostgreSQL aborts on a failed statement).
  auto done = tokens([&](AccountTokenRepository& r) -> Result<void> {
    EXPECT_EQ(code_of(r.add(same)), ErrorCode::Conflict);
    if (auto added = r.add(other_org); !added) return added;
    return r.add(other_address);
  });
  EXPECT_TRUE(done.ok()) << done.error().detail;
  EXPECT_EQ(code_of(find(same.id)), ErrorCode::NotFound);
  EXPECT_TRUE(find(other_org.id).ok());
  // Resets are not invitations: any number of them in the same organisation.
  EXPECT_TRUE(add(reset(org_a_, member_)).ok());
  EXPECT_TRUE(add(reset(org_a_, member_)).ok());
  // Once the first is used (deleted), the address may be invited again.
  ASSERT_TRUE(tokens([&](AccountTokenRepository& r) { return r.remove(first.id); }).ok());
  EXPECT_TRUE(add(same).ok());
}

TEST_P(AccountTokenRepositoryTest, ExpiredInvitationMakesWayForANewOne) {
  auto old = invitation(org_a_, "address");
  ASSERT_TRUE(add(old).ok());
  clock_.advance(72h);
  auto at_expiry = invitation(org_a_, "address");  // created exactly at old.expires_at
  EXPECT_EQ(code_of(add(at_expiry)), ErrorCode::Conflict);
  clock_.advance(1ms);
  auto renewed = invitation(org_a_, "address");
  ASSERT_TRUE(add(renewed).ok());
  EXPECT_EQ(code_of(find(old.id)), ErrorCode::NotFound);
  EXPECT_TRUE(find(renewed.id).ok());
}

TEST_P(AccountTokenRepositoryTest, RemoveWorksOnce) {
  auto token = invitation(org_a_, "address");
  ASSERT_TRUE(add(token).ok());
  auto remove = [&] {
    return tokens([&](AccountTokenRepository& r) { return r.remove(token.id); });
  };
  EXPECT_TRUE(remove().ok());
  EXPECT_EQ(code_of(find(token.id)), ErrorCode::NotFound);
  EXPECT_EQ(code_of(remove()), ErrorCode::NotFound);
}

TEST_P(AccountTokenRepositoryTest, ListsTheOrganisationsUnexpiredTokensNewestFirst) {
  auto const start = clock_.now();
  auto oldest = invitation(org_a_, "1");
  ASSERT_TRUE(add(oldest).ok());
  clock_.advance(1h);
  auto expiring_now = reset(org_a_, member_);
  expiring_now.expires_at = start + 3h;
  ASSERT_TRUE(add(expiring_now).ok());
  clock_.advance(1h);
  auto expired = invitation(org_a_, "2");
  expired.expires_at = start + 3h - 1ms;
  ASSERT_TRUE(add(expired).ok());
  auto newest = invitation(org_a_, "3");
  ASSERT_TRUE(add(newest).ok());
  ASSERT_TRUE(add(invitation(org_b_, "1")).ok());

  EXPECT_EQ(listed(org_a_, start + 3h),
            (std::vector<AccountTokenId>{newest.id, expiring_now.id, oldest.id}));
  EXPECT_EQ(listed(org_a_, start + 3h + 1ms), (std::vector<AccountTokenId>{newest.id, oldest.id}));
  EXPECT_EQ(listed(org_b_, start).size(), 1u);
  EXPECT_TRUE(listed(OrgId::generate(random_), start).empty());
}

TEST_P(AccountTokenRepositoryTest, RemoveResetsForUserLeavesOthers) {
  auto first = reset(org_a_, member_);
  auto second = reset(org_b_, member_);
  auto coordinators = reset(org_a_, coordinator_);
  auto invited = invitation(org_a_, "address");
  for (auto const* token : {&first, &second, &coordinators, &invited}) {
    ASSERT_TRUE(add(*token).ok());
  }
  auto remove = [&](UserId const& user) {
    return tokens([&](AccountTokenRepository& r) { return r.remove_resets_for_user(user); });
  };
  EXPECT_EQ(*remove(member_), 2u);
  EXPECT_EQ(*remove(member_), 0u);
  EXPECT_EQ(code_of(find(first.id)), ErrorCode::NotFound);
  EXPECT_EQ(code_of(find(second.id)), ErrorCode::NotFound);
  EXPECT_TRUE(find(coordinators.id).ok());
  EXPECT_TRUE(find(invited.id).ok());
}

TEST_P(AccountTokenRepositoryTest, RemoveExpiredKeepsTheBoundaryAndHonoursTheLimit) {
  auto const now = clock_.now() + 100h;
  std::vector<AccountToken> made;
  for (auto expires_at : {now - 2h, now - 1h, now - 1ms, now, now + 1h}) {
    auto token = invitation(org_a_, std::to_string(made.size()));
    token.expires_at = expires_at;
    ASSERT_TRUE(add(token).ok());
    made.push_back(token);
  }
  auto sweep = [&](std::size_t limit) {
    return tokens([&](AccountTokenRepository& r) { return r.remove_expired(now, limit); });
  };
  EXPECT_EQ(*sweep(0), 0u);
  EXPECT_EQ(*sweep(2), 2u);
  EXPECT_EQ(code_of(find(made[0].id)), ErrorCode::NotFound);  // oldest first
  EXPECT_EQ(code_of(find(made[1].id)), ErrorCode::NotFound);
  EXPECT_EQ(*sweep(10), 1u);
  EXPECT_EQ(*sweep(10), 0u);
  EXPECT_TRUE(find(made[3].id).ok());  // expires exactly now: stays
  EXPECT_TRUE(find(made[4].id).ok());
}

TEST_P(AccountTokenRepositoryTest, RolledBackTransactionLeavesNothing) {
  auto kept = reset(org_a_, member_);
  ASSERT_TRUE(add(kept).ok());
  auto added = invitation(org_a_, "address");
  auto done = tokens([&](AccountTokenRepository& r) -> Result<void> {
    if (auto a = r.add(added); !a) return a;
    if (auto removed = r.remove(kept.id); !removed) return removed;
    return make_error(ErrorCode::Conflict, "the use case failed later");
  });
  EXPECT_EQ(code_of(done), ErrorCode::Conflict);
  EXPECT_EQ(code_of(find(added.id)), ErrorCode::NotFound);
  EXPECT_TRUE(find(kept.id).ok());
  // A rolled-back use of a token leaves it usable: the next remove still succeeds, once.
  EXPECT_TRUE(tokens([&](AccountTokenRepository& r) { return r.remove(kept.id); }).ok());
}

INSTANTIATE_TEST_SUITE_P(storage, AccountTokenRepositoryTest,
                         ::testing::Values(Engine::Sqlite, Engine::Postgres), EngineName());

}  // namespace
}  // namespace haven::storage::testing
