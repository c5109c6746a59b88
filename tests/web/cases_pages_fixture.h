// Shared set-up of the case page tests (queues, case page, person, deadlines, documents):
// AccountPagesTest with a CaseService handed to the site, a counsellor in each organisation
// (and one of org A still waiting for the key), the log captured so tests can check that no
// word of a case reaches it, and small helpers for the case forms and pages.
#pragma once

#include <gtest/gtest.h>

#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "account_pages_fixture.h"
#include "app/case_service.h"
#include "core/log.h"

namespace haven::testing {

class CasesPagesTest : public AccountPagesTest {
 protected:
  using Fields = std::vector<std::pair<std::string, std::string>>;

  void configure(web::SiteConfig& config) override {
    cases_.emplace(*store_, clock_, random_, *audit_);
    config.cases = &*cases_;
    config.staff = &*staff_;
    log::set_sink([this](log::Level, std::string_view event, std::string_view fields) {
      std::lock_guard lock(log_mutex_);
      log_ += std::string(event) + " " + std::string(fields) + "\n";
    });
    log::set_level(log::Level::Debug);
  }

  void SetUp() override {
    AccountPagesTest::SetUp();
    // The first member of each organisation gets its key; the rest wait for a grant.
    counsellor_.emplace(add_member(org_a_, "counsellor@example.org", "counsellor"));
    pending_.emplace(add_member(org_a_, "pending@example.org", "counsellor"));
    counsellor_b_.emplace(add_member(org_b_, "counsellor-b@example.org", "counsellor"));
  }

  void TearDown() override {
    AccountPagesTest::TearDown();
    log::set_sink([](log::Level, std::string_view, std::string_view) {});
    log::set_level(log::Level::Info);
  }

  static std::string cases_of(domain::OrgId const& org) {
    return "/staff/orgs/" + org.str() + "/cases";
  }

  static Fields new_case_fields(std::string summary) {
    return {{"channel", "hotline"},  {"origin", "ru"},
            {"country", "ge"},       {"language", "ru"},
            {"topic", "asylum"},     {"topic", "desertion"},
            {"urgency", "detained"}, {"summary", std::move(summary)}};
  }

  // The id of the only case on the "all" queue page.
  static std::string only_case_id(std::string const& page) {
    std::string marker = "id=\"case-";
    auto at = page.find(marker);
    if (at == std::string::npos) return {};
    at += marker.size();
    return page.substr(at, page.find('"', at) - at);
  }

  std::string log_text() {
    std::lock_guard lock(log_mutex_);
    return log_;
  }

  std::optional<app::CaseService> cases_;
  // Members have no default state: set up in SetUp, after the fixture's organisations.
  std::optional<Member> counsellor_;
  std::optional<Member> pending_;
  std::optional<Member> counsellor_b_;
  std::mutex log_mutex_;
  std::string log_;
};

}  // namespace haven::testing
