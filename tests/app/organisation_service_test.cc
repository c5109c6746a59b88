#include "app/organisation_service.h"

#include <gtest/gtest.h>

#include "fake_clock.h"
#include "seeded_random.h"
#include "storage/open_store.h"
#include "temp_dir.h"
#include "vault/secret_bytes.h"

namespace haven::app {
namespace {

using domain::Language;
using domain::NetworkAdmin;
using domain::OrganisationDetails;
using domain::OrganisationKind;
using domain::Role;

// The service on the real SQLite store in a temp dir.
class OrganisationServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::StoreConfig config;
    config.url = "sqlite://" + (dir_.path() / "haven.db").string();
    config.clock = &clock_;
    config.random = &random_;
    auto opened = storage::open_store(config);
    ASSERT_TRUE(opened.ok()) << opened.error().detail;
    store_ = std::move(opened).value();
    service_.emplace(*store_, clock_, random_, audit_);
  }

  OrganisationDetails details(std::string name) {
    return OrganisationDetails{.name = std::move(name),
                               .country = "GE",
                               .city = "Tbilisi",
                               .languages = {Language::Ru, Language::En},
                               .kind = OrganisationKind::ContactPoint};
  }

  haven::testing::TempDir dir_;
  haven::testing::FakeClock clock_;
  haven::testing::SeededRandom random_{11};
  std::vector<AuditEntry> audit_entries() {
    auto listed = audit_.list(*store_, Actor::system(), std::nullopt, 0, kMaxAuditPage);
    EXPECT_TRUE(listed.ok());
    return listed.ok() ? *listed : std::vector<AuditEntry>{};
  }

  std::unique_ptr<Store> store_;
  vault::SecretBytes audit_key_ = vault::SecretBytes::random(32);
  AuditLog audit_{clock_, audit_key_};
  std::optional<OrganisationService> service_;
};

TEST_F(OrganisationServiceTest, SystemAddsAndListsOrganisations) {
  auto added = service_->add(Actor::system(), details("act4transformation Tbilisi"));
  ASSERT_TRUE(added.ok()) << added.error().detail;
  EXPECT_EQ(added->id.str().size(), 32u);
  EXPECT_EQ(added->created_at, clock_.now());
  EXPECT_FALSE(added->public_key.has_value());
  auto second = service_->add(Actor::system(), details("Another"));
  ASSERT_TRUE(second.ok());
  EXPECT_NE(second->id, added->id);

  auto listed = service_->list(Actor::system());
  ASSERT_TRUE(listed.ok()) << listed.error().detail;
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].details.name, "Another");
  EXPECT_EQ((*listed)[1].id, added->id);
  EXPECT_EQ((*listed)[1].details.kind, OrganisationKind::ContactPoint);
}

TEST_F(OrganisationServiceTest, InvalidDetailsAreRefusedBeforeStoring) {
  auto bad = details("");
  auto added = service_->add(Actor::system(), bad);
  ASSERT_FALSE(added.ok());
  EXPECT_EQ(added.error().code, ErrorCode::InvalidInput);
  auto listed = service_->list(Actor::system());
  EXPECT_TRUE(listed->empty());
}

TEST_F(OrganisationServiceTest, DuplicateNameIsConflict) {
  ASSERT_TRUE(service_->add(Actor::system(), details("Nash Dom")).ok());
  auto again = service_->add(Actor::system(), details("Nash Dom"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::Conflict);
}

TEST_F(OrganisationServiceTest, OnlyNetworkAdminsAddOrganisations) {
  auto home = service_->add(Actor::system(), details("Home"));
  ASSERT_TRUE(home.ok());
  auto coordinator = Actor::user(domain::UserId::generate(random_), NetworkAdmin::No,
                                 {{home->id, Role::Coordinator}});
  auto refused = service_->add(coordinator, details("Rogue"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::PermissionDenied);
  auto admin = Actor::user(domain::UserId::generate(random_), NetworkAdmin::Yes, {});
  EXPECT_TRUE(service_->add(admin, details("By admin")).ok());
  // Every staff user may list the network's organisations; a user without any may not.
  EXPECT_EQ(service_->list(coordinator)->size(), 2u);
  auto nobody = Actor::user(domain::UserId::generate(random_), NetworkAdmin::No, {});
  EXPECT_EQ(service_->list(nobody).error().code, ErrorCode::PermissionDenied);
}

TEST_F(OrganisationServiceTest, FindHidesWhatTheActorMayNotSee) {
  auto home = service_->add(Actor::system(), details("Home"));
  ASSERT_TRUE(home.ok());
  auto viewer =
      Actor::user(domain::UserId::generate(random_), NetworkAdmin::No, {{home->id, Role::Viewer}});
  EXPECT_TRUE(service_->find(viewer, home->id).ok());
  auto missing = service_->find(viewer, domain::OrgId::generate(random_));
  EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
  auto nobody = Actor::user(domain::UserId::generate(random_), NetworkAdmin::No, {});
  EXPECT_EQ(service_->find(nobody, home->id).error().code, ErrorCode::NotFound);
}

TEST_F(OrganisationServiceTest, AddAppendsAnAuditEntryInTheSameTransaction) {
  auto added = service_->add(Actor::system(), details("First"));
  ASSERT_TRUE(added.ok()) << added.error().detail;
  // Refused adds leave no entry: the audit append rolls back with the insert.
  ASSERT_FALSE(service_->add(Actor::system(), details("First")).ok());
  auto entries = audit_entries();
  ASSERT_EQ(entries.size(), 1u);
  auto const& entry = entries.front();
  EXPECT_EQ(entry.sequence, 1);
  EXPECT_EQ(entry.action, AuditAction::OrganisationAdded);
  EXPECT_EQ(entry.actor_kind, AuditActorKind::System);
  EXPECT_FALSE(entry.actor_id.has_value());
  EXPECT_EQ(entry.organisation, added->id);
  EXPECT_EQ(entry.object_kind, AuditObjectKind::Organisation);
  EXPECT_EQ(entry.object_id, added->id.str());
  EXPECT_EQ(entry.outcome, AuditOutcome::Ok);
  AuditChainVerifier verifier(audit_key_);
  EXPECT_FALSE(verifier.feed(entry).value().has_value());
}

}  // namespace
}  // namespace haven::app
