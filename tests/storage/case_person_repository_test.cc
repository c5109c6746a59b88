#include "app/ports/case_person_repository.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "app/ports/store.h"
#include "cases_store_fixture.h"

namespace haven::storage::testing {
namespace {

using namespace std::chrono_literals;
using app::CasePersonRepository;
using app::HandleMark;
using app::MarkedCase;
using app::StoredPerson;
using domain::CaseId;
using domain::OrgId;

class CasePersonRepositoryTest : public CasesStoreTest {
 protected:
  template <class Work>
  auto people(Work work) {
    return tx([&](app::Transaction& t) { return work(t.case_people()); });
  }

  using CasesStoreTest::add_case;
  CaseId add_case(OrgId const& org) {
    auto id = add_case(org, "LT-2026-" + std::to_string(++numbers_));
    clock_.advance(1s);  // distinct created_at: newest first is well defined
    return id;
  }

  StoredPerson person(CaseId const& id, OrgId const& org, std::string sealed) {
    return StoredPerson{.case_id = id,
                        .org = org,
                        .sealed = std::move(sealed),
                        .version = 1,
                        .updated_at = clock_.now()};
  }

  Result<void> save(OrgId const& org, CaseId const& id, std::string sealed, std::int64_t expected,
                    std::vector<HandleMark> marks = {}) {
    return people([&](CasePersonRepository& r) {
      return r.save(org, person(id, org, std::move(sealed)), expected, marks);
    });
  }

  Result<std::vector<MarkedCase>> with(OrgId const& org, std::vector<std::string> hashes,
                                       std::optional<CaseId> except = std::nullopt) {
    return people([&](CasePersonRepository& r) { return r.cases_with(org, hashes, except, 100); });
  }

  int numbers_ = 0;
};

// Sealed bytes may hold any byte, NUL included.
std::string sealed(std::string_view tag) { return std::string("\0\xff", 2) + std::string(tag); }

TEST_P(CasePersonRepositoryTest, NoPersonUntilSavedThenVersionsCount) {
  auto id = add_case(org_);
  auto none = people([&](CasePersonRepository& r) { return r.find(org_, id); });
  ASSERT_TRUE(none.ok()) << none.error().detail;
  EXPECT_FALSE(none->has_value());

  ASSERT_TRUE(save(org_, id, sealed("one"), 0).ok());
  auto one = people([&](CasePersonRepository& r) { return r.find(org_, id); });
  ASSERT_TRUE(one.ok() && one->has_value());
  EXPECT_EQ((*one)->sealed, sealed("one"));
  EXPECT_EQ((*one)->version, 1);
  EXPECT_EQ((*one)->case_id, id);
  EXPECT_EQ((*one)->org, org_);

  clock_.advance(5s);
  ASSERT_TRUE(save(org_, id, sealed("two"), 1).ok());
  auto two = people([&](CasePersonRepository& r) { return r.find(org_, id); });
  ASSERT_TRUE(two.ok() && two->has_value());
  EXPECT_EQ((*two)->sealed, sealed("two"));
  EXPECT_EQ((*two)->version, 2);
  EXPECT_EQ((*two)->updated_at, clock_.now());
}

TEST_P(CasePersonRepositoryTest, StaleVersionIsConflictAndWritesNothing) {
  auto id = add_case(org_);
  ASSERT_TRUE(save(org_, id, sealed("one"), 0, {{"phone", hash32("a")}}).ok());
  // A second "first" save and a save from version 5 both lost a race.
  EXPECT_EQ(code_of(save(org_, id, sealed("late"), 0, {{"phone", hash32("b")}})),
            ErrorCode::Conflict);
  EXPECT_EQ(code_of(save(org_, id, sealed("late"), 5, {{"phone", hash32("b")}})),
            ErrorCode::Conflict);
  auto kept = people([&](CasePersonRepository& r) { return r.find(org_, id); });
  ASSERT_TRUE(kept.ok() && kept->has_value());
  EXPECT_EQ((*kept)->sealed, sealed("one"));
  EXPECT_EQ((*kept)->version, 1);
  EXPECT_EQ(with(org_, {hash32("b")})->size(), 0u);
  EXPECT_EQ(with(org_, {hash32("a")})->size(), 1u);
  // The transaction stays usable after a conflict (PostgreSQL aborts on a failed statement).
  auto after = tx([&](app::Transaction& t) -> Result<void> {
    auto lost =
        t.case_people().save(org_, person(id, org_, sealed("x")), 7, std::vector<HandleMark>{});
    EXPECT_EQ(code_of(lost), ErrorCode::Conflict);
    return t.case_people().save(org_, person(id, org_, sealed("x")), 1, {});
  });
  EXPECT_TRUE(after.ok()) << after.error().detail;
}

TEST_P(CasePersonRepositoryTest, AnotherOrganisationsCaseIsNotFoundLikeAnUnknownOne) {
  auto id = add_case(org_);
  ASSERT_TRUE(save(org_, id, sealed("one"), 0).ok());
  auto unknown = CaseId::generate(random_);
  for (auto const& [org, case_id] : {std::pair{other_org_, id}, std::pair{org_, unknown}}) {
    auto found = people([&](CasePersonRepository& r) { return r.find(org, case_id); });
    ASSERT_FALSE(found.ok());
    EXPECT_EQ(found.error().code, ErrorCode::NotFound);
    EXPECT_EQ(found.error().detail, "no such case");
    auto saved = save(org, case_id, sealed("intruder"), 1);
    ASSERT_FALSE(saved.ok());
    EXPECT_EQ(saved.error().code, ErrorCode::NotFound);
    EXPECT_EQ(saved.error().detail, "no such case");
  }
}

TEST_P(CasePersonRepositoryTest, RefusesMalformedValuesBeforeTheDatabase) {
  auto id = add_case(org_);
  EXPECT_EQ(code_of(save(org_, id, "", 0)), ErrorCode::InvalidInput);
  EXPECT_EQ(code_of(save(org_, id, sealed("p"), -1)), ErrorCode::InvalidInput);
  EXPECT_EQ(code_of(save(org_, id, sealed("p"), 0, {{"phone", "short"}})), ErrorCode::InvalidInput);
  EXPECT_EQ(code_of(save(org_, id, sealed("p"), 0, {{"fax", hash32("a")}})),
            ErrorCode::InvalidInput);
  std::vector<HandleMark> many(51, HandleMark{"phone", hash32("a")});
  EXPECT_EQ(code_of(save(org_, id, sealed("p"), 0, many)), ErrorCode::InvalidInput);
  std::vector<std::string> hashes(51, hash32("a"));
  EXPECT_EQ(code_of(with(org_, hashes)), ErrorCode::InvalidInput);
  // Nothing was written by any of them.
  auto none = people([&](CasePersonRepository& r) { return r.find(org_, id); });
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

TEST_P(CasePersonRepositoryTest, HashesFindOtherCasesOfTheSameOrganisationOnly) {
  auto first = add_case(org_);
  auto second = add_case(org_);
  auto elsewhere = add_case(other_org_);
  ASSERT_TRUE(save(org_, first, sealed("1"), 0, {{"phone", hash32("tel")}}).ok());
  // Duplicated marks collapse into one row.
  ASSERT_TRUE(save(org_, second, sealed("2"), 0,
                   {{"phone", hash32("tel")}, {"email", hash32("mail")}, {"phone", hash32("tel")}})
                  .ok());
  ASSERT_TRUE(save(other_org_, elsewhere, sealed("3"), 0, {{"phone", hash32("tel")}}).ok());

  auto found = with(org_, {hash32("tel")});
  ASSERT_TRUE(found.ok()) << found.error().detail;
  ASSERT_EQ(found->size(), 2u);
  EXPECT_EQ((*found)[0].case_id, second);  // newest first
  EXPECT_EQ((*found)[1].case_id, first);
  EXPECT_EQ((*found)[0].number, "LT-2026-2");
  EXPECT_EQ((*found)[0].status, domain::CaseStatus::New);
  EXPECT_EQ((*found)[0].hash, hash32("tel"));

  auto except = with(org_, {hash32("tel"), hash32("mail")}, second);
  ASSERT_TRUE(except.ok());
  ASSERT_EQ(except->size(), 1u);
  EXPECT_EQ((*except)[0].case_id, first);

  auto theirs = with(other_org_, {hash32("tel"), hash32("mail")});
  ASSERT_TRUE(theirs.ok());
  ASSERT_EQ(theirs->size(), 1u);
  EXPECT_EQ((*theirs)[0].case_id, elsewhere);

  EXPECT_EQ(with(org_, {})->size(), 0u);
  EXPECT_EQ(with(org_, {hash32("nobody")})->size(), 0u);
}

TEST_P(CasePersonRepositoryTest, SavingReplacesTheHashes) {
  auto first = add_case(org_);
  auto second = add_case(org_);
  ASSERT_TRUE(save(org_, first, sealed("1"), 0, {{"phone", hash32("old")}}).ok());
  ASSERT_TRUE(save(org_, first, sealed("1b"), 1, {{"telegram", hash32("new")}}).ok());
  EXPECT_EQ(with(org_, {hash32("old")}, second)->size(), 0u);
  EXPECT_EQ(with(org_, {hash32("new")}, second)->size(), 1u);
  ASSERT_TRUE(save(org_, first, sealed("1c"), 2, {}).ok());
  EXPECT_EQ(with(org_, {hash32("new")}, second)->size(), 0u);
}

TEST_P(CasePersonRepositoryTest, RolledBackSaveLeavesNothing) {
  auto id = add_case(org_);
  auto rolled = tx([&](app::Transaction& t) -> Result<void> {
    auto saved =
        t.case_people().save(org_, person(id, org_, sealed("p")), 0, {{"phone", hash32("tel")}});
    EXPECT_TRUE(saved.ok());
    return make_error(ErrorCode::Internal, "roll back");
  });
  EXPECT_FALSE(rolled.ok());
  auto none = people([&](CasePersonRepository& r) { return r.find(org_, id); });
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  EXPECT_EQ(with(org_, {hash32("tel")})->size(), 0u);
}

TEST_P(CasePersonRepositoryTest, Migration0006AppliesOnADatabaseAtVersion5) {
  auto id = add_case(org_);
  store_.reset();
  roll_back_to(database(), 5);
  EXPECT_EQ(database().query_text("SELECT max(version) FROM schema_migrations"), "5");

  store_ = open_ok();
  ASSERT_NE(store_, nullptr);
  EXPECT_EQ(*store_->schema_version(), kNewestSchemaVersion);
  ASSERT_TRUE(save(org_, id, sealed("p"), 0, {{"phone", hash32("tel")}}).ok());
  EXPECT_EQ(with(org_, {hash32("tel")})->size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(storage, CasePersonRepositoryTest,
                         ::testing::Values(Engine::Sqlite, Engine::Postgres), EngineName());

}  // namespace
}  // namespace haven::storage::testing
