// The accounts use cases wired on the real SQLite store in a temp dir: two organisations,
// one counsellor with a known password and TOTP secret, and helpers to sign in.
#pragma once

#include <gtest/gtest.h>

#include <future>
#include <optional>
#include <string>

#include "app/account_links.h"
#include "app/key_grants.h"
#include "app/organisation_service.h"
#include "app/session_service.h"
#include "app/sign_in.h"
#include "app/staff_service.h"
#include "fake_clock.h"
#include "seeded_random.h"
#include "storage/open_store.h"
#include "stored_values.h"
#include "temp_dir.h"
#include "vault/totp.h"

namespace haven::app::testing {

using domain::Language;
using domain::OrganisationDetails;
using domain::OrganisationKind;
using namespace std::chrono_literals;

inline constexpr char kPassword[] = "correct horse battery";
inline constexpr char kEmail[] = "counsellor@example.org";

inline vault::SecretBytes secret_of(std::string_view text) {
  return vault::SecretBytes::copy_of(
      {reinterpret_cast<std::uint8_t const*>(text.data()), text.size()});
}

inline bool contains(std::string const& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

inline bool contains_bytes(std::string const& haystack, std::span<std::uint8_t const> needle) {
  return contains(haystack,
                  std::string_view(reinterpret_cast<char const*>(needle.data()), needle.size()));
}

class AccountsTest : public ::testing::Test {
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
    staff_.emplace(*store_, clock_, random_, audit_, pepper_, vault::PasswordParams::for_tests());
    sessions_.emplace(*store_, clock_, audit_);
    links_.emplace(*store_, clock_, random_, audit_, pepper_, hasher_,
                   vault::PasswordParams::for_tests());
    grants_.emplace(*store_, clock_, audit_);
    sign_in_.emplace(*store_, clock_, random_, audit_, pepper_, hasher_,
                     vault::PasswordParams::for_tests(), clients_);
    org_a_ = add_org("Connection e.V.");
    org_b_ = add_org("Nash Dom");
    auto added = add_member(org_a_, kEmail, "counsellor");
    user_ = added.id;
    totp_ = std::move(added.totp_secret);
  }

  domain::OrgId add_org(std::string name) {
    auto org = organisations_->add(
        Actor::system(), OrganisationDetails{.name = std::move(name),
                                             .country = "DE",
                                             .city = "Offenbach",
                                             .languages = {Language::Ru},
                                             .kind = OrganisationKind::MemberOrganisation});
    EXPECT_TRUE(org.ok());
    return org->id;
  }

  AddedStaffMember add_member(domain::OrgId const& org, std::string email, std::string role) {
    auto added =
        staff_->add_member(Actor::system(), NewStaffMember{.org = org,
                                                           .role = std::move(role),
                                                           .email = std::move(email),
                                                           .password = secret_of(kPassword),
                                                           .language = Language::Uk});
    EXPECT_TRUE(added.ok()) << added.error().detail;
    return std::move(added).value();
  }

  std::string code_now(vault::SecretBytes const& totp, std::chrono::seconds offset = 0s) {
    return *vault::totp_code(totp, *vault::totp_step_at(clock_.now() + offset));
  }

  Result<NewSession> attempt(std::string email, std::string_view password, std::string factor,
                             std::string client = "client-1") {
    std::promise<Result<NewSession>> promise;
    sign_in_->sign_in(SignInAttempt{.email = std::move(email),
                                    .password = secret_of(password),
                                    .second_factor = std::move(factor),
                                    .client_label = "Firefox, Android",
                                    .client_key = std::move(client)},
                      [&](Result<NewSession> result) { promise.set_value(std::move(result)); });
    return promise.get_future().get();
  }

  Result<NewSession> sign_in_now() { return attempt(kEmail, kPassword, code_now(totp_)); }

  std::string cookie_of(NewSession const& session) {
    return session_cookie_value(session.id, session.secret);
  }

  // A user's keypair as their signed-in session unlocks it.
  vault::Keypair keys_of(std::string const& email, vault::SecretBytes const& totp) {
    clock_.advance(30s);  // a fresh TOTP step for every sign-in
    auto session = attempt(email, kPassword, code_now(totp), email);
    EXPECT_TRUE(session.ok()) << session.error().detail;
    auto keys = sessions_->unlock_user_key(cookie_of(*session));
    EXPECT_TRUE(keys.ok()) << keys.error().detail;
    return std::move(keys).value();
  }

  std::vector<AuditEntry> audit_entries() {
    auto entries = audit_.list(*store_, Actor::system(), std::nullopt, 0, kMaxAuditPage);
    EXPECT_TRUE(entries.ok());
    return *entries;
  }

  std::filesystem::path db_path() { return dir_.path() / "haven.db"; }

  haven::testing::TempDir dir_;
  haven::testing::FakeClock clock_;
  haven::testing::SeededRandom random_{23};
  std::unique_ptr<Store> store_;
  vault::SecretBytes audit_key_ = vault::SecretBytes::random(32);
  vault::SecretBytes pepper_ = vault::SecretBytes::random(32);
  AuditLog audit_{clock_, audit_key_};
  ClientThrottle clients_{kFailuresPerClientWindow, kFailureWindow};
  std::optional<OrganisationService> organisations_;
  std::optional<StaffService> staff_;
  std::optional<SessionService> sessions_;
  std::optional<AccountLinks> links_;
  std::optional<KeyGrants> grants_;
  // Declared after what its callbacks use, so it is destroyed (and drained) first.
  vault::PasswordHasher hasher_{2, 16};
  std::optional<SignInService> sign_in_;
  domain::OrgId org_a_ = domain::OrgId::generate(random_);
  domain::OrgId org_b_ = domain::OrgId::generate(random_);
  domain::UserId user_ = domain::UserId::generate(random_);
  vault::SecretBytes totp_;
};

}  // namespace haven::app::testing
