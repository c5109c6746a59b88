// Base for the tests of the case repositories (cases, the person on a case, deadlines,
// documents): on both engines, two organisations, two staff users, and cases to hang
// records off.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "accounts_fixture.h"
#include "app/ports/store.h"
#include "domain/case.h"

namespace haven::storage::testing {

using Bytes = std::vector<std::uint8_t>;

// Sealed bytes look like this: any byte value, NUL included; at least `size` bytes long.
inline Bytes sealed(std::string_view tag, std::size_t size = 0) {
  Bytes out{0x00, 0xff, 0x00};
  out.insert(out.end(), tag.begin(), tag.end());
  out.push_back(0x00);
  out.resize(std::max(out.size(), size), 0x5a);
  return out;
}

class CasesStoreTest : public AccountsTest {
 protected:
  void SetUp() override {
    AccountsTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    org_ = add_org("Connection e.V.");
    other_org_ = add_org("Nash Dom");
    alice_ = add_user("alice");
    bob_ = add_user("bob");
  }

  // A new case of `org` created now, not yet stored.
  domain::Case case_record(domain::OrgId const& org, std::string number) {
    return domain::Case{.id = domain::CaseId::generate(random_),
                        .org = org,
                        .number = std::move(number),
                        .metadata = {},
                        .created_at = clock_.now(),
                        .updated_at = clock_.now(),
                        .closed_at = std::nullopt,
                        .version = 1};
  }

  // Stores `c` with `sealed_dek` as its wrapped key; a refusal fails the test.
  domain::CaseId add_case(domain::Case const& c, Bytes const& sealed_dek = sealed("dek")) {
    auto added = tx([&](app::Transaction& t) { return t.cases().add(c, sealed_dek); });
    EXPECT_TRUE(added.ok()) << added.error().detail;
    return c.id;
  }

  domain::CaseId add_case(domain::OrgId const& org, std::string number) {
    return add_case(case_record(org, std::move(number)));
  }

  domain::OrgId org_ = domain::OrgId::parse(std::string(32, '0')).value();
  domain::OrgId other_org_ = org_;
  domain::UserId alice_ = domain::UserId::parse(std::string(32, '0')).value();
  domain::UserId bob_ = alice_;
};

}  // namespace haven::storage::testing
