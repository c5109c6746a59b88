// The queue pages' statements use the indexes made for them (migration 0009): a changed
// condition that no longer repeats a partial index's WHERE word for word silently turns a
// 1 ms tab count into a walk over every case the organisation ever had. Asked of SQLite's
// planner, which plans the same way without statistics; PostgreSQL's choice depends on the
// data, so bench/run-cases watches it.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "app/ports/case_repository.h"
#include "storage/sql_cases.h"
#include "test_database.h"

namespace haven::storage::testing {
namespace {

using app::CaseQuery;

// SQLite's plan of `sql`: the detail column of every row, one per line.
std::string plan_of(std::string const& path, std::string const& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  std::string out;
  auto collect = [](void* target, int columns, char** values, char**) {
    if (columns >= 4 && values[3] != nullptr) {
      *static_cast<std::string*>(target) += std::string(values[3]) + "\n";
    }
    return 0;
  };
  char* error = nullptr;
  std::string explain = "EXPLAIN QUERY PLAN " + sql;
  EXPECT_EQ(sqlite3_exec(db, explain.c_str(), collect, &out, &error), SQLITE_OK)
      << sql << ": " << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
  return out;
}

class QueuePlanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StoreConfig config;
    config.url = database_.url();
    config.clock = &clock_;
    config.random = &random_;
    auto store = open_store(config);
    ASSERT_TRUE(store.ok()) << store.error().detail;  // migrated, then closed
    path_ = database_.url().substr(std::string_view("sqlite://").size());
  }

  haven::testing::FakeClock clock_;
  haven::testing::SeededRandom random_{7};
  TestDatabase database_{Engine::Sqlite};
  std::string path_;
};

struct Tab {
  std::string_view name;
  std::function<void(CaseQuery&)> set;
  CaseQuery::Order order;
  std::string_view index;  // what the page must search
  // What the count may search besides: another index holding just the queue's cases.
  std::string_view also = "none";
};

TEST_F(QueuePlanTest, EachQueueTabSearchesItsIndexInItsOrder) {
  auto user = domain::UserId::parse(std::string(32, 'a')).value();
  using Order = CaseQuery::Order;
  std::vector<Tab> tabs{
      {"mine",
       [&](CaseQuery& q) {
         q.assignee = user;
         q.open_only = true;
       },
       Order::RecentlyUpdated, "cases_org_assignee_open"},
      {"unassigned",
       [](CaseQuery& q) {
         q.unassigned_only = true;
         q.open_only = true;
       },
       Order::RecentlyUpdated, "cases_org_assignee_open"},
      {"urgent",
       [](CaseQuery& q) {
         q.urgent_only = true;
         q.open_only = true;
       },
       Order::OldestFirst, "cases_org_urgent_open"},
      {"waiting", [](CaseQuery& q) { q.waiting_only = true; }, Order::RecentlyUpdated,
       "cases_org_waiting"},
      {"open", [](CaseQuery& q) { q.open_only = true; }, Order::RecentlyUpdated,
       "cases_org_open_updated", "cases_org_status"},
      // Any index of every case does for counting up to the cap.
      {"all", [](CaseQuery&) {}, Order::RecentlyUpdated, "cases_org_updated", "cases_org_"},
      {"all of a status", [](CaseQuery& q) { q.status = domain::CaseStatus::Referred; },
       Order::RecentlyUpdated, "cases_org_status"},
  };
  for (Tab const& tab : tabs) {
    CaseQuery query{.org = domain::OrgId::parse(std::string(32, 'b')).value(),
                    .assignee = std::nullopt,
                    .status = std::nullopt,
                    .topic = std::nullopt,
                    .channel = std::nullopt};
    tab.set(query);
    query.order = tab.order;
    std::string page = plan_of(path_, queue_page_sql(query));
    std::string count = plan_of(path_, queue_count_sql(query));
    EXPECT_NE(page.find(std::string(tab.index) + " "), std::string::npos) << tab.name << ":\n"
                                                                          << page;
    EXPECT_EQ(page.find("TEMP B-TREE"), std::string::npos) << tab.name << ":\n" << page;
    EXPECT_TRUE(count.find(std::string(tab.index) + " ") != std::string::npos ||
                count.find(tab.also) != std::string::npos)
        << tab.name << ":\n"
        << count;
    EXPECT_EQ(count.find("SCAN cases"), std::string::npos) << tab.name << ":\n" << count;
    EXPECT_EQ(page.find("SCAN cases"), std::string::npos) << tab.name << ":\n" << page;
  }
}

TEST_F(QueuePlanTest, OverdueStartsFromTheOverdueDeadlines) {
  CaseQuery query{.org = domain::OrgId::parse(std::string(32, 'b')).value(),
                  .assignee = std::nullopt,
                  .status = std::nullopt,
                  .topic = std::nullopt,
                  .channel = std::nullopt};
  query.open_only = true;
  query.overdue_before = std::chrono::year_month_day(std::chrono::year(2026) / 12 / 2);
  query.order = CaseQuery::Order::OldestFirst;
  for (std::string const& sql : {queue_page_sql(query), queue_count_sql(query)}) {
    std::string plan = plan_of(path_, sql);
    auto deadlines = plan.find("case_deadlines_org_open");
    auto cases = plan.find("SEARCH cases USING INDEX sqlite_autoindex_cases_1 (id=?)");
    ASSERT_NE(deadlines, std::string::npos) << plan;
    ASSERT_NE(cases, std::string::npos) << plan;
    EXPECT_LT(deadlines, cases) << plan;
    EXPECT_EQ(plan.find("SCAN cases"), std::string::npos) << plan;
  }
}

}  // namespace
}  // namespace haven::storage::testing
