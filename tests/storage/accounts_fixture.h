// Base for the tests of repositories that hang off organisations and staff users (sessions,
// sign-in failures, account tokens): an open store, organisations and users to point at.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "app/ports/store.h"
#include "test_database.h"

namespace haven::storage::testing {

// The error code of a failed result, Internal when it unexpectedly succeeded.
template <class R>
ErrorCode code_of(R const& result) {
  return result.ok() ? ErrorCode::Internal : result.error().code;
}

class AccountsTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    store_ = open_ok();
    ASSERT_NE(store_, nullptr);
  }

  // Runs `work(transaction)` in a read-write transaction.
  template <class Work>
  auto tx(Work work) {
    return store_->in_transaction([&](app::Transaction& t) { return work(t); });
  }

  domain::OrgId add_org(std::string name) {
    domain::Organisation org{.id = domain::OrgId::generate(random_),
                             .details = {.name = std::move(name),
                                         .country = "LT",
                                         .city = "Vilnius",
                                         .languages = {domain::Language::Ru},
                                         .kind = domain::OrganisationKind::MemberOrganisation},
                             .public_key = std::nullopt,
                             .created_at = clock_.now()};
    auto added = tx([&](app::Transaction& t) { return t.organisations().add(org); });
    EXPECT_TRUE(added.ok()) << added.error().detail;
    return org.id;
  }

  domain::UserId add_user(std::string email_lookup) {
    app::StaffUser user{.id = domain::UserId::generate(random_),
                        .email_lookup = std::move(email_lookup),
                        .email_ciphertext = "sealed-email",
                        .display_name_ciphertext = std::nullopt,
                        .preferred_language = domain::Language::En,
                        .state = domain::AccountState::Active,
                        .network_admin = domain::NetworkAdmin::No,
                        .key_envelope = "wrapped-sk",
                        .public_key = "pk",
                        .totp_envelope = std::nullopt,
                        .totp_last_step = std::nullopt,
                        .created_at = clock_.now(),
                        .updated_at = clock_.now()};
    auto added = tx([&](app::Transaction& t) { return t.staff().add_user(user); });
    EXPECT_TRUE(added.ok()) << added.error().detail;
    return user.id;
  }

  // 32 bytes that start with `tag` and include NUL bytes, like a real hash.
  static std::string hash32(std::string_view tag) {
    std::string out(32, '\0');
    out.replace(0, std::min(tag.size(), out.size()), tag.substr(0, 32));
    out[31] = '\xff';
    return out;
  }

  std::unique_ptr<app::Store> store_;
};

}  // namespace haven::storage::testing
