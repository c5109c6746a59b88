// CaseService wired on the real SQLite store for its tests: organisation B with a
// coordinator holding the key, two counsellors granted it, a counsellor still waiting for
// it, an editor, a viewer and finance; organisation A's counsellor as the outsider.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "accounts_fixture.h"
#include "app/case_service.h"

namespace haven::app::testing {

using domain::CaseStatus;
using domain::EntryKind;
using domain::Outcome;
using domain::Role;

inline constexpr char kSummaryCanary[] = "CANARY-SUMMARY Иван Петрович, повестка 7f3a";
inline constexpr char kNoteCanary[] = "CANARY-NOTE phone +7 912 555 0147";
inline constexpr char kCallCanary[] = "CANARY-CALL Telegram @hidden_handle_91";

// Every case of `org`, newest first, 50 a page; tests change what they filter on.
inline CaseQuery all_cases(domain::OrgId org) {
  return CaseQuery{.org = std::move(org),
                   .assignee = std::nullopt,
                   .unassigned_only = false,
                   .urgent_only = false,
                   .open_only = false,
                   .status = std::nullopt,
                   .topic = std::nullopt,
                   .channel = std::nullopt,
                   .order = CaseQuery::Order::NewestFirst,
                   .limit = 50,
                   .offset = 0};
}

// A staff member of organisation B with the keypair their session unlocks.
struct Member {
  domain::UserId id;
  Role role = Role::Viewer;
  vault::Keypair keys;
};

class CaseServiceTest : public AccountsTest {
 protected:
  void SetUp() override {
    AccountsTest::SetUp();
    // Organisation B: its first member (the coordinator) holds the key and grants it.
    coordinator_ = join(org_b_, "coord@example.org", Role::Coordinator, Grant::AtSetUp);
    counsellor_ = join(org_b_, "one@example.org", Role::Counsellor, Grant::ByCoordinator);
    colleague_ = join(org_b_, "two@example.org", Role::Counsellor, Grant::ByCoordinator);
    pending_ = join(org_b_, "pending@example.org", Role::Counsellor, Grant::None);
    editor_ = join(org_b_, "editor@example.org", Role::Editor, Grant::ByCoordinator);
    viewer_ = join(org_b_, "viewer@example.org", Role::Viewer, Grant::None);
    finance_ = join(org_b_, "finance@example.org", Role::Finance, Grant::None);
    // Organisation A's counsellor (the fixture's user, first member there: holds A's key).
    outsider_ = Member{.id = user_, .role = Role::Counsellor, .keys = keys_of(kEmail, totp_)};
    cases_.emplace(*store_, clock_, random_, audit_);
  }

  enum class Grant { AtSetUp, ByCoordinator, None };

  Member join(domain::OrgId const& org, std::string email, Role role, Grant grant) {
    auto added = add_member(org, email, std::string(domain::to_string(role)));
    auto keys = keys_of(email, added.totp_secret);
    if (grant == Grant::ByCoordinator) {
      EXPECT_TRUE(grants_->grant(actor(coordinator_), coordinator_.keys, org, added.id).ok());
    }
    return Member{.id = added.id, .role = role, .keys = std::move(keys)};
  }

  Actor actor(Member const& member) {
    domain::OrgId org = member.id == outsider_.id ? org_a_ : org_b_;
    return Actor::user(member.id, domain::NetworkAdmin::No, {{org, member.role}});
  }

  static domain::CaseMetadata metadata() {
    domain::CaseMetadata metadata;
    metadata.channel = domain::Channel::Hotline;
    metadata.origin = domain::Origin::Russia;
    metadata.current_country = "DE";
    metadata.language = domain::Language::Ru;
    metadata.topics.insert(domain::Topic::Desertion);
    return metadata;
  }

  Result<domain::Case> create(Member const& member, domain::OrgId const& org,
                              std::string summary = kSummaryCanary,
                              domain::CaseMetadata meta = metadata()) {
    return cases_->create(actor(member), member.keys, org,
                          NewCase{.metadata = std::move(meta), .summary = std::move(summary)});
  }

  domain::Case created(Member const& member, domain::OrgId const& org,
                       domain::CaseMetadata meta = metadata()) {
    auto made = create(member, org, kSummaryCanary, std::move(meta));
    EXPECT_TRUE(made.ok()) << made.error().detail;
    return std::move(made).value();
  }

  // What the store holds, read past the service (no policy, no audit).
  domain::Case stored(domain::Case const& record) {
    auto found = store_->in_transaction(
        [&](Transaction& tx) { return tx.cases().find(record.org, record.id); },
        TransactionMode::ReadOnly);
    EXPECT_TRUE(found.ok()) << found.error().detail;
    return std::move(found).value();
  }
  std::int64_t entry_count(domain::Case const& record) {
    auto count =
        store_->in_transaction([&](Transaction& tx) { return tx.cases().count_entries(record.id); },
                               TransactionMode::ReadOnly);
    EXPECT_TRUE(count.ok());
    return *count;
  }
  std::int64_t case_count(domain::OrgId const& org) {
    auto count =
        store_->in_transaction([&](Transaction& tx) { return tx.cases().count(all_cases(org)); },
                               TransactionMode::ReadOnly);
    EXPECT_TRUE(count.ok());
    return *count;
  }

  // The counsellor moves a case from New (version 1) to Open (version 2).
  void take_up(domain::Case const& record) {
    auto change = cases_->change_status(actor(counsellor_), counsellor_.keys, org_b_, record.id, 1,
                                        CaseStatus::Open, std::nullopt);
    ASSERT_TRUE(change.result.ok()) << change.result.error().detail;
  }

  OpenedCase opened(Member const& member, domain::Case const& record) {
    auto got = cases_->open(actor(member), member.keys, record.org, record.id);
    EXPECT_TRUE(got.ok()) << got.error().detail;
    return std::move(got).value();
  }

  // A placeholder until SetUp fills it in.
  Member nobody() {
    return Member{.id = domain::UserId::generate(random_),
                  .role = Role::Viewer,
                  .keys = vault::generate_keypair()};
  }

  std::optional<CaseService> cases_;
  Member coordinator_ = nobody();
  Member counsellor_ = nobody();
  Member colleague_ = nobody();
  Member pending_ = nobody();
  Member editor_ = nobody();
  Member viewer_ = nobody();
  Member finance_ = nobody();
  Member outsider_ = nobody();
};

// The error of a call expected to fail; an Internal "succeeded" when it did not.
template <class T>
Error error_of(Result<T> const& result) {
  return result.ok() ? Error{ErrorCode::Internal, "succeeded"} : result.error();
}

inline ErrorCode code_of(Result<domain::Case> const& result) {
  return result.ok() ? ErrorCode::Internal : result.error().code;
}

}  // namespace haven::app::testing
