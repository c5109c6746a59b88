#include "app/staff_service.h"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <iterator>

#include "app/organisation_service.h"
#include "fake_clock.h"
#include "seeded_random.h"
#include "storage/open_store.h"
#include "stored_values.h"
#include "temp_dir.h"
#include "vault/base32.h"
#include "vault/keypair.h"
#include "vault/org_key.h"
#include "vault/sealed_box.h"
#include "vault/user_key.h"

namespace haven::app {
namespace {

using domain::AccountState;
using domain::Language;
using domain::OrganisationDetails;
using domain::OrganisationKind;
using domain::Role;

constexpr char kPassword[] = "correct horse battery";
constexpr char kEmail[] = "  Counsellor@Example.ORG ";
constexpr char kNormalisedEmail[] = "counsellor@example.org";

vault::SecretBytes secret_of(std::string_view text) {
  return vault::SecretBytes::copy_of(
      {reinterpret_cast<std::uint8_t const*>(text.data()), text.size()});
}

std::span<std::uint8_t const> bytes_of(std::string const& text) {
  return {reinterpret_cast<std::uint8_t const*>(text.data()), text.size()};
}

bool contains(std::string const& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

class StaffServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::StoreConfig config;
    config.url = "sqlite://" + db_path().string();
    config.clock = &clock_;
    config.random = &random_;
    auto opened = storage::open_store(config);
    ASSERT_TRUE(opened.ok()) << opened.error().detail;
    store_ = std::move(opened).value();
    organisations_.emplace(*store_, clock_, random_, audit_);
    service_.emplace(*store_, clock_, random_, audit_, pepper_, vault::PasswordParams::for_tests());
    auto org = organisations_->add(
        Actor::system(), OrganisationDetails{.name = "Connection e.V.",
                                             .country = "DE",
                                             .city = "Offenbach",
                                             .languages = {Language::Ru},
                                             .kind = OrganisationKind::MemberOrganisation});
    ASSERT_TRUE(org.ok()) << org.error().detail;
    org_ = org->id;
  }

  std::filesystem::path db_path() { return dir_.path() / "haven.db"; }

  NewStaffMember member(std::string email, std::string role = "coordinator",
                        std::string_view password = kPassword) {
    return NewStaffMember{.org = org_,
                          .role = std::move(role),
                          .email = std::move(email),
                          .password = secret_of(password),
                          .language = Language::Ru};
  }

  StaffUser stored_user(domain::UserId const& id) {
    auto user = store_->in_transaction([&](Transaction& tx) { return tx.staff().find_user(id); });
    EXPECT_TRUE(user.ok());
    return *user;
  }

  // The user's keypair, unwrapped with the password as a login would.
  vault::Keypair unlock(StaffUser const& user, std::string_view password) {
    auto header = vault::read_wrapped_user_key_header(bytes_of(user.key_envelope));
    EXPECT_TRUE(header.ok());
    auto kek = vault::derive_kek(secret_of(password), header->salt, header->params);
    EXPECT_TRUE(kek.ok());
    auto sk = vault::unwrap_user_key(*kek, bytes_of(user.key_envelope));
    EXPECT_TRUE(sk.ok());
    vault::Keypair pair;
    pair.secret_key = std::move(sk).value();
    pair.public_key = *vault::public_key_of(pair.secret_key);
    return pair;
  }

  haven::testing::TempDir dir_;
  haven::testing::FakeClock clock_;
  haven::testing::SeededRandom random_{17};
  std::unique_ptr<Store> store_;
  vault::SecretBytes audit_key_ = vault::SecretBytes::random(32);
  vault::SecretBytes pepper_ = vault::SecretBytes::random(32);
  AuditLog audit_{clock_, audit_key_};
  std::optional<OrganisationService> organisations_;
  std::optional<StaffService> service_;
  domain::OrgId org_ = domain::OrgId::generate(random_);
};

TEST_F(StaffServiceTest, FirstMemberCreatesTheOrgKeypairAndHoldsItsGrant) {
  auto added = service_->add_member(Actor::system(), member(kEmail));
  ASSERT_TRUE(added.ok()) << added.error().detail;
  EXPECT_EQ(added->org_key, OrgKeyStatus::Granted);
  EXPECT_EQ(added->totp_secret.size(), 20u);

  auto org = store_->in_transaction([&](Transaction& tx) { return tx.organisations().find(org_); });
  ASSERT_TRUE(org.ok());
  ASSERT_TRUE(org->public_key.has_value());
  vault::PublicKey org_pk{};
  ASSERT_EQ(org->public_key->size(), org_pk.size());
  std::memcpy(org_pk.data(), org->public_key->data(), org_pk.size());

  auto user = stored_user(added->id);
  EXPECT_EQ(user.preferred_language, Language::Ru);
  auto keys = unlock(user, kPassword);
  EXPECT_EQ(std::string(keys.public_key.begin(), keys.public_key.end()), user.public_key);
  auto grant = store_->in_transaction(
      [&](Transaction& tx) { return tx.staff().find_org_key_grant(org_, added->id); });
  ASSERT_TRUE(grant.ok()) << grant.error().detail;
  auto org_sk = vault::open_org_key(keys, org_pk, bytes_of(grant->sealed_org_secret_key));
  ASSERT_TRUE(org_sk.ok()) << org_sk.error().detail;
  EXPECT_EQ(*vault::public_key_of(*org_sk), org_pk);

  // The TOTP secret opens with the user's key; the email with the organisation's.
  ASSERT_TRUE(user.totp_envelope.has_value());
  auto totp =
      vault::open_sealed(keys, vault::SealedPurpose::TotpSecret, bytes_of(*user.totp_envelope));
  ASSERT_TRUE(totp.ok());
  EXPECT_TRUE(totp->equals(added->totp_secret));
  vault::Keypair org_keys{org_pk, std::move(org_sk).value()};
  auto email = vault::open_sealed(org_keys, vault::SealedPurpose::StaffEmail,
                                  bytes_of(user.email_ciphertext));
  ASSERT_TRUE(email.ok());
  EXPECT_EQ(std::string(reinterpret_cast<char const*>(email->data()), email->size()),
            kNormalisedEmail);
}

TEST_F(StaffServiceTest, LaterMembersWaitForAGrant) {
  ASSERT_TRUE(service_->add_member(Actor::system(), member("a@example.org")).ok());
  auto second = service_->add_member(Actor::system(), member("b@example.org", "counsellor"));
  ASSERT_TRUE(second.ok()) << second.error().detail;
  EXPECT_EQ(second->org_key, OrgKeyStatus::Pending);
  auto listed = service_->list_members(Actor::system(), org_);
  ASSERT_TRUE(listed.ok()) << listed.error().detail;
  ASSERT_EQ(listed->size(), 2u);
  for (auto const& row : *listed) {
    if (row.id == second->id) {
      EXPECT_EQ(row.role, Role::Counsellor);
      EXPECT_EQ(row.org_key, OrgKeyStatus::Pending);
    } else {
      EXPECT_EQ(row.role, Role::Coordinator);
      EXPECT_EQ(row.org_key, OrgKeyStatus::Granted);
    }
    EXPECT_EQ(row.state, AccountState::Active);
  }
}

TEST_F(StaffServiceTest, RefusesBadInputDuplicatesAndUnknownOrganisations) {
  ASSERT_TRUE(service_->add_member(Actor::system(), member("a@example.org")).ok());
  auto duplicate = service_->add_member(Actor::system(), member(" A@EXAMPLE.org"));
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().code, ErrorCode::Conflict);
  EXPECT_EQ(duplicate.error().detail, "a staff account with this email already exists");

  struct Row {
    std::string_view name;
    std::string email, role, password;
    ErrorCode want;
  };
  Row const rows[] = {
      {"bad role", "x@example.org", "boss", kPassword, ErrorCode::InvalidInput},
      {"no at", "example.org", "viewer", kPassword, ErrorCode::InvalidInput},
      {"no dot", "x@example", "viewer", kPassword, ErrorCode::InvalidInput},
      {"two ats", "x@y@example.org", "viewer", kPassword, ErrorCode::InvalidInput},
      {"space", "x y@example.org", "viewer", kPassword, ErrorCode::InvalidInput},
      {"empty password", "x@example.org", "viewer", "", ErrorCode::InvalidInput},
      {"short password", "x@example.org", "viewer", "elevenchars", ErrorCode::InvalidInput},
      {"long password", "x@example.org", "viewer", std::string(1025, 'a'), ErrorCode::InvalidInput},
      {"bad utf-8", "x@example.org", "viewer", "abcdefghijkl\xff", ErrorCode::InvalidInput},
  };
  for (auto const& row : rows) {
    SCOPED_TRACE(row.name);
    auto added = service_->add_member(Actor::system(), member(row.email, row.role, row.password));
    ASSERT_FALSE(added.ok());
    EXPECT_EQ(added.error().code, row.want);
    EXPECT_FALSE(contains(added.error().detail, "example")) << added.error().detail;
  }
  auto unknown = member("x@example.org");
  unknown.org = domain::OrgId::generate(random_);
  auto missing = service_->add_member(Actor::system(), std::move(unknown));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
  // Twelve characters in Cyrillic are 24 bytes and count as twelve.
  EXPECT_TRUE(
      service_->add_member(Actor::system(), member("c@example.org", "viewer", "пароль-длинн"))
          .ok());
}

TEST_F(StaffServiceTest, DisablesAndAuditsInTheSameTransaction) {
  auto added = service_->add_member(Actor::system(), member("a@example.org"));
  ASSERT_TRUE(added.ok());
  ASSERT_TRUE(service_->disable(Actor::system(), added->id).ok());
  EXPECT_EQ(stored_user(added->id).state, AccountState::Disabled);
  ASSERT_TRUE(service_->disable(Actor::system(), added->id).ok());  // idempotent
  auto unknown = service_->disable(Actor::system(), domain::UserId::generate(random_));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::NotFound);

  auto entries = audit_.list(*store_, Actor::system(), std::nullopt, 0, kMaxAuditPage);
  ASSERT_TRUE(entries.ok());
  std::vector<AuditAction> actions;
  for (auto const& entry : *entries) actions.push_back(entry.action);
  EXPECT_EQ(actions,
            (std::vector<AuditAction>{AuditAction::OrganisationAdded, AuditAction::MemberAdded,
                                      AuditAction::OrgKeyGranted, AuditAction::UserDisabled}));
  EXPECT_EQ((*entries)[1].object_id, added->id.str());
  EXPECT_EQ((*entries)[1].organisation, org_);
  auto verdict = audit_.verify(*store_, Actor::system());
  ASSERT_TRUE(verdict.ok());
  EXPECT_EQ(verdict->entries, 4);
  EXPECT_FALSE(verdict->first_break.has_value());
}

TEST_F(StaffServiceTest, StoresNeitherEmailNorPasswordNorTotpSecretInPlaintext) {
  auto added = service_->add_member(Actor::system(), member(kEmail));
  ASSERT_TRUE(added.ok());
  ASSERT_TRUE(service_->add_member(Actor::system(), member("b@example.org")).ok());
  std::string secret(reinterpret_cast<char const*>(added->totp_secret.data()),
                     added->totp_secret.size());
  std::string base32 = vault::encode_base32(added->totp_secret.span());
  // Closing may checkpoint the WAL into the main file: scanning both covers either case.
  store_.reset();
  for (std::string const& haystack :
       {haven::testing::all_stored_values(db_path()), haven::testing::file_bytes(db_path()),
        haven::testing::file_bytes(std::filesystem::path(db_path().string() + "-wal"))}) {
    EXPECT_FALSE(contains(haystack, kNormalisedEmail));
    EXPECT_FALSE(contains(haystack, "b@example.org"));
    EXPECT_FALSE(contains(haystack, "example"));
    EXPECT_FALSE(contains(haystack, kPassword));
    EXPECT_FALSE(contains(haystack, secret));
    EXPECT_FALSE(contains(haystack, base32));
  }
}

}  // namespace
}  // namespace haven::app
