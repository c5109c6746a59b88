#include "app/ports/organisation_repository.h"

#include <gtest/gtest.h>

#include "app/ports/store.h"
#include "test_database.h"

namespace haven::storage::testing {
namespace {

using domain::Language;
using domain::Organisation;
using domain::OrganisationKind;

class OrganisationRepositoryTest : public EngineTest {
 protected:
  Organisation organisation(std::string name,
                            OrganisationKind kind = OrganisationKind::MemberOrganisation) {
    return Organisation{.id = domain::OrgId::generate(random_),
                        .details = {.name = std::move(name),
                                    .country = "DE",
                                    .city = "Offenbach",
                                    .languages = {Language::Ru, Language::En, Language::De},
                                    .kind = kind},
                        .public_key = std::nullopt,
                        .created_at = clock_.now()};
  }

  Result<void> add(app::Store& store, Organisation const& org) {
    return store.in_transaction([&](app::Transaction& tx) { return tx.organisations().add(org); });
  }
};

TEST_P(OrganisationRepositoryTest, AddFindAndListRoundTrip) {
  auto store = open_ok();
  ASSERT_NE(store, nullptr);
  auto tbilisi = organisation("Контактный пункт Тбилиси", OrganisationKind::ContactPoint);
  tbilisi.details.country = "GE";
  tbilisi.details.city = "Tbilisi";
  tbilisi.details.languages = {Language::Ru};
  auto offenbach = organisation("Connection e.V.");
  ASSERT_TRUE(add(*store, tbilisi).ok());
  ASSERT_TRUE(add(*store, offenbach).ok());

  auto found = store->in_transaction(
      [&](app::Transaction& tx) { return tx.organisations().find(tbilisi.id); });
  ASSERT_TRUE(found.ok()) << found.error().detail;
  EXPECT_EQ(found->id, tbilisi.id);
  EXPECT_EQ(found->details.name, tbilisi.details.name);
  EXPECT_EQ(found->details.country, "GE");
  EXPECT_EQ(found->details.city, "Tbilisi");
  EXPECT_EQ(found->details.languages, std::vector<Language>{Language::Ru});
  EXPECT_EQ(found->details.kind, OrganisationKind::ContactPoint);
  EXPECT_FALSE(found->public_key.has_value());
  EXPECT_EQ(found->created_at, tbilisi.created_at);

  auto listed =
      store->in_transaction([&](app::Transaction& tx) { return tx.organisations().list(); },
                            app::TransactionMode::ReadOnly);
  ASSERT_TRUE(listed.ok()) << listed.error().detail;
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].details.name, "Connection e.V.");  // ordered by name
  EXPECT_EQ((*listed)[0].details.languages,
            (std::vector<Language>{Language::Ru, Language::En, Language::De}));
  EXPECT_EQ((*listed)[1].id, tbilisi.id);
}

TEST_P(OrganisationRepositoryTest, DuplicateNameOrIdIsConflictAndTransactionStaysUsable) {
  auto store = open_ok();
  ASSERT_NE(store, nullptr);
  auto first = organisation("Nash Dom");
  ASSERT_TRUE(add(*store, first).ok());
  auto same_name = organisation("Nash Dom");
  auto same_id = organisation("Other");
  same_id.id = first.id;
  auto result = store->in_transaction([&](app::Transaction& tx) -> Result<void> {
    auto a = tx.organisations().add(same_name);
    EXPECT_EQ(a.ok() ? ErrorCode::Internal : a.error().code, ErrorCode::Conflict);
    auto b = tx.organisations().add(same_id);
    EXPECT_EQ(b.ok() ? ErrorCode::Internal : b.error().code, ErrorCode::Conflict);
    // Still usable after both (PostgreSQL aborts a transaction on a failed statement).
    return tx.organisations().add(organisation("Third"));
  });
  ASSERT_TRUE(result.ok()) << result.error().detail;
  auto listed =
      store->in_transaction([&](app::Transaction& tx) { return tx.organisations().list(); });
  EXPECT_EQ(listed->size(), 2u);
}

TEST_P(OrganisationRepositoryTest, UnknownIdIsNotFound) {
  auto store = open_ok();
  ASSERT_NE(store, nullptr);
  auto unknown = domain::OrgId::generate(random_);
  auto found =
      store->in_transaction([&](app::Transaction& tx) { return tx.organisations().find(unknown); });
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.error().code, ErrorCode::NotFound);
  auto keyed = store->in_transaction(
      [&](app::Transaction& tx) { return tx.organisations().set_public_key(unknown, "pk"); });
  ASSERT_FALSE(keyed.ok());
  EXPECT_EQ(keyed.error().code, ErrorCode::NotFound);
}

TEST_P(OrganisationRepositoryTest, PublicKeyIsSetOnce) {
  auto store = open_ok();
  ASSERT_NE(store, nullptr);
  auto org = organisation("Movement for Conscientious Objection");
  ASSERT_TRUE(add(*store, org).ok());
  std::string const key("\x00\x01\xff public key", 15);
  auto set = store->in_transaction(
      [&](app::Transaction& tx) { return tx.organisations().set_public_key(org.id, key); });
  ASSERT_TRUE(set.ok()) << set.error().detail;
  auto again = store->in_transaction(
      [&](app::Transaction& tx) { return tx.organisations().set_public_key(org.id, "other"); });
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::Conflict);
  auto found =
      store->in_transaction([&](app::Transaction& tx) { return tx.organisations().find(org.id); });
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->public_key, key);
}

TEST_P(OrganisationRepositoryTest, Migration0002AppliesOnADatabaseAtVersion1) {
  std::optional<app::JobId> job;
  {
    auto store = open_ok();
    ASSERT_NE(store, nullptr);
    auto enqueued = store->jobs().enqueue(
        {.kind = "mail.send", .payload = "sealed", .run_after = clock_.now(), .dedupe_key = {}});
    ASSERT_TRUE(enqueued.ok());
    job = enqueued->id;
  }
  // Roll the database back to what a version-1 binary left: no accounts tables (nor the
  // tables of the migrations that came later).
  roll_back_to(database(), 1);
  EXPECT_EQ(database().query_text("SELECT max(version) FROM schema_migrations"), "1");

  auto store = open_ok();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(*store->schema_version(), kNewestSchemaVersion);
  EXPECT_TRUE(store->jobs().find(*job)->has_value());  // version-1 data survives
  EXPECT_TRUE(add(*store, organisation("After upgrade")).ok());
}

INSTANTIATE_TEST_SUITE_P(storage, OrganisationRepositoryTest,
                         ::testing::Values(Engine::Sqlite, Engine::Postgres), EngineName());

}  // namespace
}  // namespace haven::storage::testing
