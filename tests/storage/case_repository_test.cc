#include "app/ports/case_repository.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <numeric>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "app/ports/store.h"
#include "cases_store_fixture.h"

namespace haven::storage::testing {
namespace {

using namespace std::chrono_literals;
using app::CaseQuery;
using app::CaseRepository;
using app::TimelineEntry;
using domain::Case;
using domain::CaseId;
using domain::CaseStatus;
using domain::Channel;
using domain::EntryId;
using domain::OrgId;
using domain::Topic;
using domain::Urgency;
using domain::UserId;

class CaseRepositoryTest : public CasesStoreTest {
 protected:
  template <class Work>
  auto cases(Work work) {
    return tx([&](app::Transaction& t) { return work(t.cases()); });
  }

  Result<Case> find(OrgId const& org, CaseId const& id) {
    return cases([&](CaseRepository& r) { return r.find(org, id); });
  }

  TimelineEntry entry(CaseId const& case_id, std::chrono::milliseconds after, std::string tag) {
    return TimelineEntry{.id = EntryId::generate(random_),
                         .case_id = case_id,
                         .kind = domain::EntryKind::Note,
                         .author = alice_,
                         .at = clock_.now() + after,
                         .sealed_content = sealed(tag)};
  }
};

void expect_same(Case const& got, Case const& want) {
  EXPECT_EQ(got.id, want.id);
  EXPECT_EQ(got.org, want.org);
  EXPECT_EQ(got.number, want.number);
  EXPECT_TRUE(got.metadata == want.metadata) << want.number;
  EXPECT_EQ(got.created_at, want.created_at);
  EXPECT_EQ(got.updated_at, want.updated_at);
  EXPECT_EQ(got.closed_at, want.closed_at);
  EXPECT_EQ(got.version, want.version);
}

// Every case of `org`, newest first, the default page.
CaseQuery queue(OrgId const& org) {
  return CaseQuery{.org = org,
                   .assignee = std::nullopt,
                   .status = std::nullopt,
                   .topic = std::nullopt,
                   .channel = std::nullopt};
}

std::vector<CaseId> ids_of(std::vector<Case> const& list) {
  std::vector<CaseId> out;
  for (auto const& c : list) out.push_back(c.id);
  return out;
}

TEST_P(CaseRepositoryTest, SequenceCountsPerOrganisationAndYear) {
  auto next = [&](OrgId const& org, int year) {
    auto n = cases([&](CaseRepository& r) { return r.next_case_sequence(org, year); });
    EXPECT_TRUE(n.ok()) << n.error().detail;
    return n.ok() ? *n : -1;
  };
  EXPECT_EQ(next(org_, 2026), 1);
  EXPECT_EQ(next(org_, 2026), 2);
  EXPECT_EQ(next(other_org_, 2026), 1);
  EXPECT_EQ(next(org_, 2027), 1);
  EXPECT_EQ(next(org_, 2026), 3);
  // Several in one transaction.
  auto both = cases([&](CaseRepository& r) -> Result<std::int64_t> {
    auto first = r.next_case_sequence(org_, 2026);
    if (!first) return first;
    auto second = r.next_case_sequence(org_, 2026);
    if (!second) return second;
    return *first * 10 + *second;
  });
  ASSERT_TRUE(both.ok()) << both.error().detail;
  EXPECT_EQ(*both, 45);

  auto stray = OrgId::generate(random_);
  EXPECT_EQ(code_of(cases([&](CaseRepository& r) { return r.next_case_sequence(stray, 2026); })),
            ErrorCode::NotFound);
  for (int year : {0, -1, 10000}) {
    EXPECT_EQ(code_of(cases([&](CaseRepository& r) { return r.next_case_sequence(org_, year); })),
              ErrorCode::InvalidInput)
        << year;
  }
}

TEST_P(CaseRepositoryTest, ConcurrentTransactionsNeverShareANumber) {
  constexpr int kThreads = 4;
  constexpr int kEach = 15;
  std::vector<std::vector<std::int64_t>> taken(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto n = cases([&](CaseRepository& r) { return r.next_case_sequence(org_, 2026); });
        if (n.ok()) taken[static_cast<std::size_t>(t)].push_back(*n);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  std::vector<std::int64_t> all;
  for (auto const& some : taken) all.insert(all.end(), some.begin(), some.end());
  std::sort(all.begin(), all.end());
  std::vector<std::int64_t> want(kThreads * kEach);
  std::iota(want.begin(), want.end(), 1);
  EXPECT_EQ(all, want);  // each number once, none skipped, none failed
}

TEST_P(CaseRepositoryTest, RolledBackTransactionKeepsNeitherCaseNorNumber) {
  auto c = case_record(org_, "LT-2026-0001");
  auto done = cases([&](CaseRepository& r) -> Result<void> {
    auto n = r.next_case_sequence(org_, 2026);
    if (!n) return n.error();
    EXPECT_EQ(*n, 1);
    if (auto added = r.add(c, sealed("dek")); !added) return added;
    return make_error(ErrorCode::PermissionDenied, "changed my mind");
  });
  EXPECT_EQ(code_of(done), ErrorCode::PermissionDenied);
  EXPECT_EQ(code_of(find(org_, c.id)), ErrorCode::NotFound);
  auto n = cases([&](CaseRepository& r) { return r.next_case_sequence(org_, 2026); });
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 1);
}

TEST_P(CaseRepositoryTest, RoundTripsEveryField) {
  std::vector<Case> added;
  auto next_number = [&] { return "LT-2026-" + std::to_string(1000 + added.size()); };
  auto keep = [&](Case c) {
    add_case(c, sealed(c.number));
    added.push_back(std::move(c));
  };
  // One case per value in `values`, that value set by `set`.
  auto one_each = [&](auto const& values, auto set) {
    for (auto value : values) {
      auto c = case_record(org_, next_number());
      set(c, value);
      keep(c);
    }
  };
  one_each(domain::kCaseStatuses, [&](Case& c, CaseStatus status) {
    c.metadata.status = status;
    if (status == CaseStatus::Closed) {
      c.metadata.outcome = domain::Outcome::ContactLost;
      c.closed_at = clock_.now() + 3h + 7ms;
    }
  });
  one_each(domain::kOutcomes, [](Case& c, domain::Outcome outcome) {
    c.metadata.status = CaseStatus::Closed;
    c.metadata.outcome = outcome;
  });
  one_each(domain::kChannels, [](Case& c, Channel channel) { c.metadata.channel = channel; });
  one_each(domain::kOrigins, [](Case& c, domain::Origin origin) { c.metadata.origin = origin; });
  one_each(domain::kLanguages, [](Case& c, domain::Language l) { c.metadata.language = l; });
  one_each(domain::kTopics, [](Case& c, Topic topic) { c.metadata.topics.insert(topic); });
  one_each(domain::kUrgencies, [](Case& c, Urgency u) { c.metadata.urgency.insert(u); });
  auto full = case_record(org_, std::string(32, '9'));  // the longest number
  for (auto topic : domain::kTopics) full.metadata.topics.insert(topic);
  for (auto urgency : domain::kUrgencies) full.metadata.urgency.insert(urgency);
  full.metadata.current_country = "GE";
  full.metadata.assignee = bob_;
  full.updated_at = full.created_at + 26h + 999ms;
  keep(full);

  for (auto const& want : added) {
    auto got = find(org_, want.id);
    ASSERT_TRUE(got.ok()) << want.number << ": " << got.error().detail;
    expect_same(*got, want);
    auto key = cases([&](CaseRepository& r) { return r.sealed_key(org_, want.id); });
    ASSERT_TRUE(key.ok());
    EXPECT_EQ(*key, sealed(want.number));
  }
}

TEST_P(CaseRepositoryTest, TakenIdOrNumberIsConflictAndTransactionStaysUsable) {
  auto first = case_record(org_, "LT-2026-0001");
  add_case(first);
  auto same_id = case_record(org_, "LT-2026-0002");
  same_id.id = first.id;
  auto same_number = case_record(org_, "LT-2026-0001");
  auto fine = case_record(org_, "LT-2026-0003");
  auto done = cases([&](CaseRepository& r) -> Result<void> {
    EXPECT_EQ(code_of(r.add(same_id, sealed("k"))), ErrorCode::Conflict);
    EXPECT_EQ(code_of(r.add(same_number, sealed("k"))), ErrorCode::Conflict);
    return r.add(fine, sealed("k"));
  });
  EXPECT_TRUE(done.ok()) << done.error().detail;
  EXPECT_EQ(find(org_, first.id)->number, "LT-2026-0001");
  EXPECT_TRUE(find(org_, fine.id).ok());
  EXPECT_EQ(code_of(find(org_, same_number.id)), ErrorCode::NotFound);
  // Two organisations of one country count their own numbers.
  add_case(case_record(other_org_, "LT-2026-0001"));
}

TEST_P(CaseRepositoryTest, RefusesBadCasesAndWritesNothing) {
  struct Row {
    std::string_view name;
    std::function<void(Case&, Bytes&)> spoil;
    ErrorCode want;
  };
  std::vector<Row> rows{
      {"closed without outcome", [](Case& c, Bytes&) { c.metadata.status = CaseStatus::Closed; },
       ErrorCode::InvalidInput},
      {"outcome while open",
       [](Case& c, Bytes&) { c.metadata.outcome = domain::Outcome::Resolved; },
       ErrorCode::InvalidInput},
      {"unknown country", [](Case& c, Bytes&) { c.metadata.current_country = "XX"; },
       ErrorCode::InvalidInput},
      {"lower-case country", [](Case& c, Bytes&) { c.metadata.current_country = "de"; },
       ErrorCode::InvalidInput},
      {"unknown topic bit",
       [](Case& c, Bytes&) { c.metadata.topics = domain::TopicSet::from_bits(1u << 20); },
       ErrorCode::InvalidInput},
      {"unknown urgency bit",
       [](Case& c, Bytes&) { c.metadata.urgency = domain::UrgencySet::from_bits(1u << 31); },
       ErrorCode::InvalidInput},
      {"empty number", [](Case& c, Bytes&) { c.number.clear(); }, ErrorCode::InvalidInput},
      {"huge number", [](Case& c, Bytes&) { c.number = std::string(100'000, '1'); },
       ErrorCode::InvalidInput},
      {"empty sealed key", [](Case&, Bytes& key) { key.clear(); }, ErrorCode::InvalidInput},
      {"unknown organisation", [this](Case& c, Bytes&) { c.org = OrgId::generate(random_); },
       ErrorCode::NotFound},
      {"unknown assignee",
       [this](Case& c, Bytes&) { c.metadata.assignee = UserId::generate(random_); },
       ErrorCode::NotFound},
  };
  for (auto const& row : rows) {
    auto c = case_record(org_, "LT-2026-0001");
    Bytes key = sealed("dek");
    row.spoil(c, key);
    EXPECT_EQ(code_of(cases([&](CaseRepository& r) { return r.add(c, key); })), row.want)
        << row.name;
    EXPECT_EQ(code_of(find(c.org, c.id)), ErrorCode::NotFound) << row.name;
  }
  auto count = cases([&](CaseRepository& r) { return r.count(queue(org_)); });
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 0);
}

TEST_P(CaseRepositoryTest, AnotherOrganisationsCaseAnswersLikeARandomId) {
  auto c = case_record(org_, "LT-2026-0001");
  add_case(c);
  auto theirs = c;
  theirs.org = other_org_;
  auto random = c;
  random.id = CaseId::generate(random_);
  for (auto const& probe : {theirs, random}) {
    auto found = find(probe.org, probe.id);
    auto key = cases([&](CaseRepository& r) { return r.sealed_key(probe.org, probe.id); });
    auto updated = cases([&](CaseRepository& r) { return r.update(probe); });
    ASSERT_FALSE(found.ok() || key.ok() || updated.ok());
    for (Error const* error : {&found.error(), &key.error(), &updated.error()}) {
      EXPECT_EQ(error->code, ErrorCode::NotFound);
      EXPECT_EQ(error->detail, "no such case");
    }
  }
  auto mine = find(org_, c.id);
  ASSERT_TRUE(mine.ok());
  EXPECT_EQ(mine->version, 1);  // the probe with the right version changed nothing
}

TEST_P(CaseRepositoryTest, FindsACaseByItsNumberWithinItsOrganisationOnly) {
  auto mine = case_record(org_, "LT-2026-0007");
  add_case(mine);
  auto theirs = case_record(other_org_, "LT-2026-0008");
  add_case(theirs);
  auto by_number = [&](OrgId const& org, std::string_view number) {
    return cases([&](CaseRepository& r) { return r.find_by_number(org, number); });
  };
  auto found = by_number(org_, "LT-2026-0007");
  ASSERT_TRUE(found.ok()) << found.error().detail;
  EXPECT_EQ(found->id, mine.id);
  EXPECT_EQ(found->number, "LT-2026-0007");
  // Another organisation's number, an unknown one, another spelling, nothing, injection:
  // the same NotFound.
  for (std::string_view probe : {"LT-2026-0008", "LT-2026-0009", "lt-2026-0007", "",
                                 "LT-2026-0007' OR '1'='1", "LT-2026-0007 "}) {
    auto missing = by_number(org_, probe);
    ASSERT_FALSE(missing.ok()) << probe;
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound) << probe;
    EXPECT_EQ(missing.error().detail, "no such case") << probe;
  }
}

TEST_P(CaseRepositoryTest, UpdateChecksTheVersion) {
  auto c = case_record(org_, "LT-2026-0001");
  add_case(c);
  auto edit = c;
  edit.number = "ignored";                // the number and creation time never change
  edit.created_at = c.created_at + 999h;  //
  edit.metadata.status = CaseStatus::Closed;
  edit.metadata.outcome = domain::Outcome::Resolved;
  edit.metadata.assignee = alice_;
  edit.metadata.topics.insert(Topic::Asylum);
  edit.metadata.urgency.insert(Urgency::Minor);
  edit.metadata.current_country = "LV";
  edit.updated_at = c.updated_at + 5min;
  edit.closed_at = c.updated_at + 5min;
  ASSERT_TRUE(cases([&](CaseRepository& r) { return r.update(edit); }).ok());
  auto stored = find(org_, c.id);
  ASSERT_TRUE(stored.ok());
  auto want = edit;
  want.number = c.number;
  want.created_at = c.created_at;
  want.version = 2;
  expect_same(*stored, want);

  // A second counsellor still holding version 1.
  auto stale = c;
  stale.metadata.assignee = bob_;
  stale.updated_at = c.updated_at + 6min;
  auto refused = cases([&](CaseRepository& r) { return r.update(stale); });
  EXPECT_EQ(code_of(refused), ErrorCode::Conflict);
  EXPECT_EQ(refused.error().detail, "case changed meanwhile");
  expect_same(*find(org_, c.id), want);

  // Reopened from version 2: version 3, outcome and closing time cleared.
  auto reopen = *stored;
  reopen.metadata.status = CaseStatus::Open;
  reopen.metadata.outcome.reset();
  reopen.metadata.assignee.reset();
  reopen.closed_at.reset();
  ASSERT_TRUE(cases([&](CaseRepository& r) { return r.update(reopen); }).ok());
  want = reopen;
  want.version = 3;
  expect_same(*find(org_, c.id), want);

  auto bad = want;
  bad.metadata.outcome = domain::Outcome::Resolved;  // while open
  EXPECT_EQ(code_of(cases([&](CaseRepository& r) { return r.update(bad); })),
            ErrorCode::InvalidInput);
  bad = want;
  bad.metadata.assignee = UserId::generate(random_);
  EXPECT_EQ(code_of(cases([&](CaseRepository& r) { return r.update(bad); })), ErrorCode::NotFound);
  expect_same(*find(org_, c.id), want);
}

// A small organisation's cases, each different in one thing the queues filter on.
class CaseQueueTest : public CaseRepositoryTest {
 protected:
  void SetUp() override {
    CaseRepositoryTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    for (int i = 0; i < 12; ++i) {
      auto c = case_record(org_, "LT-2026-" + std::to_string(100 + i));
      c.created_at = clock_.now() + std::chrono::minutes(i);
      // Updated in another order than created: 7, 2, 9, 4, ... minutes later.
      c.updated_at = c.created_at + std::chrono::minutes((i * 7) % 12);
      auto& m = c.metadata;
      if (i % 3 == 0) m.assignee = alice_;
      if (i % 3 == 1) m.assignee = bob_;
      if (i % 4 == 0) m.urgency.insert(i % 8 == 0 ? Urgency::Detained : Urgency::Minor);
      m.status = domain::kCaseStatuses[static_cast<std::size_t>(i) % 6];
      if (m.status == CaseStatus::Closed) m.outcome = domain::Outcome::Duplicate;
      m.topics.insert(domain::kTopics[static_cast<std::size_t>(i) % 3]);
      if (i % 5 == 0) m.topics.insert(Topic::LegalDefence);
      m.channel = domain::kChannels[static_cast<std::size_t>(i) % 5];
      all_.push_back(c);
    }
    ASSERT_TRUE(cases([&](CaseRepository& r) -> Result<void> {
                  for (auto const& c : all_) {
                    if (auto added = r.add(c, sealed("k")); !added) return added;
                  }
                  // Another organisation's case matches every filter but the organisation.
                  auto theirs = all_.front();
                  theirs.id = CaseId::generate(random_);
                  theirs.org = other_org_;
                  theirs.metadata.assignee = alice_;
                  return r.add(theirs, sealed("k"));
                }).ok());
  }

  // What `query` should list: the matching cases in the query's order, unpaged.
  std::vector<CaseId> expected(CaseQuery const& q) {
    std::vector<Case> out;
    for (auto const& c : all_) {
      auto const& m = c.metadata;
      if (q.assignee && m.assignee != q.assignee) continue;
      if (q.unassigned_only && m.assignee) continue;
      if (q.urgent_only && m.urgency.empty()) continue;
      if (q.open_only && m.status == CaseStatus::Closed) continue;
      if (q.waiting_only && m.status != CaseStatus::WaitingForPerson &&
          m.status != CaseStatus::WaitingForAuthority) {
        continue;
      }
      if (q.status && m.status != *q.status) continue;
      if (q.topic && !m.topics.contains(*q.topic)) continue;
      if (q.channel && m.channel != *q.channel) continue;
      out.push_back(c);
    }
    std::sort(out.begin(), out.end(), [&](Case const& a, Case const& b) {
      switch (q.order) {
        case CaseQuery::Order::OldestFirst:
          return a.created_at < b.created_at;
        case CaseQuery::Order::RecentlyUpdated:
          return a.updated_at > b.updated_at || (a.updated_at == b.updated_at && a.id > b.id);
        case CaseQuery::Order::NewestFirst:
          break;
      }
      return a.created_at > b.created_at;
    });
    return ids_of(out);
  }

  std::vector<Case> all_;
};

TEST_P(CaseQueueTest, EachFilterAndOrderListsAndCountsTheRightCases) {
  struct Row {
    std::string_view name;
    std::function<void(CaseQuery&)> set;
  };
  std::vector<Row> rows{
      {"all", [](CaseQuery&) {}},
      {"mine", [this](CaseQuery& q) { q.assignee = alice_; }},
      {"unassigned", [](CaseQuery& q) { q.unassigned_only = true; }},
      {"urgent", [](CaseQuery& q) { q.urgent_only = true; }},
      {"open", [](CaseQuery& q) { q.open_only = true; }},
      {"waiting for the person", [](CaseQuery& q) { q.status = CaseStatus::WaitingForPerson; }},
      {"waiting", [](CaseQuery& q) { q.waiting_only = true; }},
      {"open and waiting",
       [](CaseQuery& q) {
         q.waiting_only = true;
         q.open_only = true;
       }},
      {"closed", [](CaseQuery& q) { q.status = CaseStatus::Closed; }},
      {"topic", [](CaseQuery& q) { q.topic = Topic::LegalDefence; }},
      {"topic nobody has", [](CaseQuery& q) { q.topic = Topic::MaterialNeed; }},
      {"channel", [](CaseQuery& q) { q.channel = Channel::Email; }},
      {"mine, open and urgent",
       [this](CaseQuery& q) {
         q.assignee = alice_;
         q.open_only = true;
         q.urgent_only = true;
       }},
      {"mine and unassigned",
       [this](CaseQuery& q) {
         q.assignee = bob_;
         q.unassigned_only = true;
       }},
      {"everything at once",
       [](CaseQuery& q) {
         q.unassigned_only = true;
         q.open_only = true;
         q.status = CaseStatus::Referred;
         q.topic = Topic::AvoidingConscription;
         q.channel = Channel::Email;
       }},
  };
  for (auto const& row : rows) {
    for (auto order : {CaseQuery::Order::NewestFirst, CaseQuery::Order::OldestFirst,
                       CaseQuery::Order::RecentlyUpdated}) {
      auto q = queue(org_);
      row.set(q);
      q.order = order;
      auto listed = cases([&](CaseRepository& r) { return r.list(q); });
      auto counted = cases([&](CaseRepository& r) { return r.count(q); });
      ASSERT_TRUE(listed.ok()) << row.name << ": " << listed.error().detail;
      ASSERT_TRUE(counted.ok()) << row.name << ": " << counted.error().detail;
      auto want = expected(q);
      EXPECT_EQ(ids_of(*listed), want) << row.name << ", order " << static_cast<int>(order);
      EXPECT_EQ(*counted, static_cast<std::int64_t>(want.size())) << row.name;
      for (auto const& c : *listed) EXPECT_EQ(c.org, org_);
      // The tabs' capped count: exact below the cap, the cap at and above it.
      auto size = static_cast<std::int64_t>(want.size());
      for (std::int64_t cap : {std::int64_t{0}, std::int64_t{1}, std::int64_t{3}, size, size + 5}) {
        auto capped = cases([&](CaseRepository& r) { return r.count_up_to(q, cap); });
        ASSERT_TRUE(capped.ok()) << row.name << ": " << capped.error().detail;
        EXPECT_EQ(*capped, std::min(size, cap)) << row.name << ", up to " << cap;
      }
    }
  }
  // The filters do narrow: the fixture is not accidentally uniform.
  EXPECT_EQ(expected(queue(org_)).size(), 12u);
  auto mine = queue(org_);
  mine.assignee = alice_;
  EXPECT_EQ(expected(mine).size(), 4u);
  auto urgent = queue(org_);
  urgent.urgent_only = true;
  EXPECT_EQ(expected(urgent).size(), 3u);
}

TEST_P(CaseQueueTest, ACountCannotStopBelowZero) {
  auto refused = cases([&](CaseRepository& r) { return r.count_up_to(queue(org_), -1); });
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::InvalidInput);
}

TEST_P(CaseQueueTest, PagesCoverTheQueueOnce) {
  for (auto order : {CaseQuery::Order::NewestFirst, CaseQuery::Order::RecentlyUpdated}) {
    auto q = queue(org_);
    q.order = order;
    std::vector<CaseId> paged;
    for (std::size_t offset = 0; offset < 15; offset += 5) {
      q.limit = 5;
      q.offset = offset;
      auto page = cases([&](CaseRepository& r) { return r.list(q); });
      ASSERT_TRUE(page.ok());
      EXPECT_EQ(page->size(), offset < 10 ? 5u : 2u);
      for (auto const& c : *page) paged.push_back(c.id);
    }
    EXPECT_EQ(paged, expected(q));
    EXPECT_EQ(*cases([&](CaseRepository& r) { return r.count(q); }), 12);  // limit ignored
  }
  auto q = queue(org_);
  q.limit = 0;
  EXPECT_TRUE(cases([&](CaseRepository& r) { return r.list(q); })->empty());
  q.limit = SIZE_MAX;
  q.offset = SIZE_MAX;
  EXPECT_TRUE(cases([&](CaseRepository& r) { return r.list(q); })->empty());
  auto stray = queue(OrgId::generate(random_));
  EXPECT_TRUE(cases([&](CaseRepository& r) { return r.list(stray); })->empty());
  EXPECT_EQ(*cases([&](CaseRepository& r) { return r.count(stray); }), 0);
}

TEST_P(CaseRepositoryTest, AListPageHoldsAtMost500Cases) {
  ASSERT_TRUE(cases([&](CaseRepository& r) -> Result<void> {
                for (int i = 0; i < 501; ++i) {
                  auto added = r.add(case_record(org_, "N-" + std::to_string(i)), sealed("k"));
                  if (!added) return added;
                }
                return {};
              }).ok());
  auto q = queue(org_);
  q.limit = 100'000;
  EXPECT_EQ(cases([&](CaseRepository& r) { return r.list(q); })->size(), 500u);
  EXPECT_EQ(*cases([&](CaseRepository& r) { return r.count(q); }), 501);
}

TEST_P(CaseRepositoryTest, TimelineIsOldestFirstWithTiesInInsertionOrder) {
  auto c = case_record(org_, "LT-2026-0001");
  add_case(c);
  std::vector<TimelineEntry> appended{entry(c.id, 5ms, "first at 5"), entry(c.id, 5ms, "second"),
                                      entry(c.id, 9ms, "at 9"), entry(c.id, 5ms, "third at 5"),
                                      entry(c.id, 1ms, "earliest, added last")};
  appended[1].author.reset();  // the system
  appended[2].sealed_content = Bytes{0, 0, 0};
  for (std::size_t i = 0; i < appended.size(); ++i) {
    appended[i].kind = domain::kEntryKinds[i];
  }
  auto more = entry(c.id, 9ms, "kinds");
  more.kind = domain::kEntryKinds[5];
  auto last = entry(c.id, 9ms, "kinds");
  last.kind = domain::kEntryKinds[6];
  appended.push_back(more);
  appended.push_back(last);
  for (auto const& e : appended) {
    auto done = cases([&](CaseRepository& r) { return r.append_entry(e); });
    ASSERT_TRUE(done.ok()) << done.error().detail;
  }
  std::vector<std::size_t> order{4, 0, 1, 3, 2, 5, 6};

  auto listed = cases([&](CaseRepository& r) { return r.entries(c.id, 1000, 0); });
  ASSERT_TRUE(listed.ok()) << listed.error().detail;
  ASSERT_EQ(listed->size(), order.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    auto const& want = appended[order[i]];
    auto const& got = (*listed)[i];
    EXPECT_EQ(got.id, want.id) << i;
    EXPECT_EQ(got.case_id, c.id);
    EXPECT_EQ(got.kind, want.kind) << i;
    EXPECT_EQ(got.author, want.author) << i;
    EXPECT_EQ(got.at, want.at) << i;
    EXPECT_EQ(got.sealed_content, want.sealed_content) << i;
  }
  auto page = cases([&](CaseRepository& r) { return r.entries(c.id, 2, 3); });
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].id, appended[3].id);
  EXPECT_EQ((*page)[1].id, appended[2].id);
  EXPECT_TRUE(cases([&](CaseRepository& r) { return r.entries(c.id, 0, 0); })->empty());
  EXPECT_TRUE(cases([&](CaseRepository& r) { return r.entries(c.id, 5, 100); })->empty());
  EXPECT_EQ(*cases([&](CaseRepository& r) { return r.count_entries(c.id); }), 7);
}

TEST_P(CaseRepositoryTest, TimelineRefusesUnknownCaseAuthorAndTakenId) {
  auto c = case_record(org_, "LT-2026-0001");
  add_case(c);
  auto empty = cases([&](CaseRepository& r) { return r.entries(c.id, 10, 0); });
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
  EXPECT_EQ(*cases([&](CaseRepository& r) { return r.count_entries(c.id); }), 0);

  auto stray = CaseId::generate(random_);
  EXPECT_EQ(
      code_of(cases([&](CaseRepository& r) { return r.append_entry(entry(stray, 0ms, "x")); })),
      ErrorCode::NotFound);
  EXPECT_EQ(code_of(cases([&](CaseRepository& r) { return r.entries(stray, 10, 0); })),
            ErrorCode::NotFound);
  EXPECT_EQ(code_of(cases([&](CaseRepository& r) { return r.count_entries(stray); })),
            ErrorCode::NotFound);
  auto no_author = entry(c.id, 0ms, "x");
  no_author.author = UserId::generate(random_);
  EXPECT_EQ(code_of(cases([&](CaseRepository& r) { return r.append_entry(no_author); })),
            ErrorCode::NotFound);
  auto no_content = entry(c.id, 0ms, "x");
  no_content.sealed_content.clear();
  EXPECT_EQ(code_of(cases([&](CaseRepository& r) { return r.append_entry(no_content); })),
            ErrorCode::InvalidInput);

  auto first = entry(c.id, 0ms, "first");
  auto again = entry(c.id, 1ms, "again");
  again.id = first.id;
  auto other = entry(c.id, 2ms, "other");
  other.sealed_content = Bytes(1 << 20, 0);  // a large sealed document note, all zero bytes
  auto done = cases([&](CaseRepository& r) -> Result<void> {
    if (auto added = r.append_entry(first); !added) return added;
    EXPECT_EQ(code_of(r.append_entry(again)), ErrorCode::Conflict);
    return r.append_entry(other);
  });
  ASSERT_TRUE(done.ok()) << done.error().detail;
  auto listed = cases([&](CaseRepository& r) { return r.entries(c.id, 10, 0); });
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].sealed_content, first.sealed_content);
  EXPECT_EQ((*listed)[1].sealed_content, other.sealed_content);
}

TEST_P(CaseRepositoryTest, DamagedRowsReadAsCorruption) {
  auto c = case_record(org_, "LT-2026-0001");
  add_case(c);
  auto e = entry(c.id, 0ms, "x");
  ASSERT_TRUE(cases([&](CaseRepository& r) { return r.append_entry(e); }).ok());
  // Words the CHECK constraints refuse can only appear if someone bypasses them.
  auto tamper = [&](std::string const& table, std::string const& column, std::string const& set) {
    if (GetParam() == Engine::Postgres) {
      database().execute("ALTER TABLE " + table + " DROP CONSTRAINT IF EXISTS " + table + "_" +
                         column + "_check");
      database().execute("UPDATE " + table + " SET " + set);
    } else {
      database().execute("PRAGMA ignore_check_constraints = ON; UPDATE " + table + " SET " + set);
    }
  };
  auto expect_corrupt = [&](std::string_view what) {
    EXPECT_EQ(code_of(find(org_, c.id)), ErrorCode::Corruption) << what;
    EXPECT_EQ(code_of(cases([&](CaseRepository& r) { return r.list(queue(org_)); })),
              ErrorCode::Corruption)
        << what;
  };
  auto restore = [&] {
    database().execute(
        "UPDATE cases SET status = 'new', topics = 0, urgency = 0, language = 'ru', "
        "channel = 'hotline'");
    ASSERT_TRUE(find(org_, c.id).ok());
  };
  struct Row {
    std::string column, set;
  };
  for (auto const& row :
       {Row{"topics", "topics = 1048576"}, Row{"urgency", "urgency = 2147483648"},
        Row{"urgency", "urgency = 4294967296"}, Row{"language", "language = 'xx'"},
        Row{"status", "status = 'lost'"}, Row{"channel", "channel = 'pigeon'"}}) {
    tamper("cases", row.column, row.set);
    expect_corrupt(row.set);
    restore();
  }
  tamper("case_entries", "kind", "kind = 'rumour'");
  EXPECT_EQ(code_of(cases([&](CaseRepository& r) { return r.entries(c.id, 10, 0); })),
            ErrorCode::Corruption);
}

// An entry that arrived sealed to the organisation (migration 0010) round-trips its entry
// key, and is re-encrypted under the DEK once: a second member's attempt writes nothing.
TEST_P(CaseRepositoryTest, InboundEntryKeepsItsKeyUntilResealedOnce) {
  auto c = case_record(org_, "LT-2026-0001");
  add_case(c);
  auto inbound = entry(c.id, 1min, "inbound");
  inbound.author = std::nullopt;
  inbound.kind = domain::EntryKind::MessageIn;
  inbound.sealed_entry_key = sealed("entry key");
  auto plain = entry(c.id, 2min, "plain");
  ASSERT_TRUE(cases([&](CaseRepository& r) -> Result<void> {
                if (auto added = r.append_entry(inbound); !added) return added;
                return r.append_entry(plain);
              }).ok());
  auto stored = cases([&](CaseRepository& r) { return r.entries(c.id, 10, 0); });
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(stored->size(), 2u);
  EXPECT_EQ((*stored)[0].sealed_entry_key, sealed("entry key"));
  EXPECT_EQ((*stored)[0].sealed_content, sealed("inbound"));
  EXPECT_TRUE((*stored)[1].sealed_entry_key.empty());

  auto reseal = [&](EntryId const& id, Bytes const& content) {
    return cases([&](CaseRepository& r) { return r.reseal_entry(c.id, id, content); });
  };
  EXPECT_EQ(reseal(inbound.id, sealed("under the dek")).value(), true);
  EXPECT_EQ(reseal(inbound.id, sealed("again")).value(), false);
  EXPECT_EQ(reseal(plain.id, sealed("again")).value(), false);
  stored = cases([&](CaseRepository& r) { return r.entries(c.id, 10, 0); });
  ASSERT_TRUE(stored.ok());
  EXPECT_TRUE((*stored)[0].sealed_entry_key.empty());
  EXPECT_EQ((*stored)[0].sealed_content, sealed("under the dek"));
  EXPECT_EQ((*stored)[1].sealed_content, sealed("plain"));

  // Another case's entry, an unknown one and empty content change nothing.
  auto other = case_record(org_, "LT-2026-0002");
  add_case(other);
  EXPECT_EQ(code_of(cases([&](CaseRepository& r) {
              return r.reseal_entry(other.id, inbound.id, sealed("x"));
            })),
            ErrorCode::NotFound);
  EXPECT_EQ(code_of(reseal(EntryId::generate(random_), sealed("x"))), ErrorCode::NotFound);
  EXPECT_EQ(code_of(reseal(inbound.id, {})), ErrorCode::InvalidInput);
}

TEST_P(CaseRepositoryTest, Migration0005AppliesOnADatabaseAtVersion4) {
  store_.reset();
  roll_back_to(database(), 4);
  EXPECT_EQ(database().query_text("SELECT max(version) FROM schema_migrations"), "4");

  store_ = open_ok();
  ASSERT_NE(store_, nullptr);
  EXPECT_EQ(*store_->schema_version(), kNewestSchemaVersion);
  EXPECT_TRUE(tx([&](app::Transaction& t) { return t.staff().find_user(alice_); }).ok());
  auto c = case_record(org_, "LT-2026-0001");
  add_case(c);
  EXPECT_TRUE(find(org_, c.id).ok());
}

INSTANTIATE_TEST_SUITE_P(storage, CaseRepositoryTest,
                         ::testing::Values(Engine::Sqlite, Engine::Postgres), EngineName());
INSTANTIATE_TEST_SUITE_P(storage, CaseQueueTest,
                         ::testing::Values(Engine::Sqlite, Engine::Postgres), EngineName());

}  // namespace
}  // namespace haven::storage::testing
