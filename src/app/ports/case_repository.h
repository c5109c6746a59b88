// The cases port: cases with their plaintext metadata (DESIGN.md §2), their sealed data key,
// the per-organisation case number sequence and the encrypted timeline. Reached through
// Transaction::cases(); engines implement it in storage/. Everything sensitive arrives
// already sealed by vault/ and is kept as opaque bytes.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "domain/case.h"
#include "domain/ids.h"

namespace haven::app {

// Which cases a queue shows (issue 4 §5). Every filter narrows; all unset = every case of
// the organisation.
struct CaseQuery {
  domain::OrgId org;
  std::optional<domain::UserId> assignee;  // "my cases"
  bool unassigned_only = false;            // "unassigned"
  bool urgent_only = false;                // any urgency flag set
  bool open_only = false;                  // status is not Closed
  bool waiting_only = false;               // waiting for the person or for an authority
  // "overdue": has an open deadline due before `overdue_before` (migration 0007).
  // CaseService::list sets that day to today (UTC) when `overdue_only` is set; repositories
  // read only `overdue_before`.
  bool overdue_only = false;
  std::optional<std::chrono::year_month_day> overdue_before = std::nullopt;
  std::optional<domain::CaseStatus> status;  // exactly this status
  std::optional<domain::Topic> topic;        // has this topic
  std::optional<domain::Channel> channel;
  enum class Order {
    NewestFirst,      // created_at descending
    OldestFirst,      // created_at ascending (the urgent queue)
    RecentlyUpdated,  // updated_at descending
  };
  Order order = Order::NewestFirst;
  std::size_t limit = 50;  // 1..500
  std::size_t offset = 0;
};

// One timeline entry as stored. Kind, author and time are plaintext (the page is laid out
// before anything is decrypted); the content is sealed under the case's DEK with AAD =
// entry id + "content" (vault::seal_field).
struct TimelineEntry {
  domain::EntryId id;
  domain::CaseId case_id;
  domain::EntryKind kind = domain::EntryKind::Note;
  std::optional<domain::UserId> author;  // nullopt: the system (an intake channel)
  std::chrono::system_clock::time_point at;
  std::vector<std::uint8_t> sealed_content;
  // Empty: the content is sealed under the case's DEK. Otherwise the entry arrived while no
  // member's key was at hand: the content is sealed under a one-time entry key, and this is
  // that key sealed to the organisation (migration 0010), until a member re-encrypts it.
  std::vector<std::uint8_t> sealed_entry_key = {};
};

// No permission checks here: use cases call app/policy.h first. Errors: NotFound for an
// unknown id or one of another organisation (the same answer, DESIGN.md §3), Conflict on a
// duplicate id or case number and on a stale version, InvalidInput for a value the database
// refuses, Unavailable when the database does not answer.
class CaseRepository {
 public:
  virtual ~CaseRepository() = default;

  // The next number of `org`'s sequence for `year`: 1 the first time, then 2, 3, … Taken
  // inside the caller's transaction, so a rolled-back case does not burn a number on SQLite
  // and two concurrent transactions never get the same one on PostgreSQL.
  virtual Result<std::int64_t> next_case_sequence(domain::OrgId const& org, int year) = 0;

  // Stores a validated case (domain::validate) with version 1 and its DEK sealed to the
  // organisation (vault::seal_case_key). Conflict for a taken id or number.
  virtual Result<void> add(domain::Case const& record,
                           std::vector<std::uint8_t> const& sealed_key) = 0;

  // The case, if it belongs to `org`.
  virtual Result<domain::Case> find(domain::OrgId const& org, domain::CaseId const& id) = 0;
  // The case of `org` with this case number (exactly as stored, e.g. "DE-2026-0042").
  virtual Result<domain::Case> find_by_number(domain::OrgId const& org,
                                              std::string_view number) = 0;
  // The case's DEK as sealed to `org`.
  virtual Result<std::vector<std::uint8_t>> sealed_key(domain::OrgId const& org,
                                                       domain::CaseId const& id) = 0;

  // Writes `record`'s metadata, updated_at and closed_at, and sets its version to
  // `record.version + 1`, if the stored version is still `record.version`; Conflict
  // ("changed meanwhile") otherwise, with nothing written. NotFound as for find.
  virtual Result<void> update(domain::Case const& record) = 0;

  // One page of a queue, and how many cases the whole queue holds.
  virtual Result<std::vector<domain::Case>> list(CaseQuery const& query) = 0;
  virtual Result<std::int64_t> count(CaseQuery const& query) = 0;
  // How many cases the queue holds, counting no further than `at_most` (≥ 0): a queue tab
  // needs "1,000+", and counting every closed case of an organisation that has 100,000 costs
  // more than the page itself.
  virtual Result<std::int64_t> count_up_to(CaseQuery const& query, std::int64_t at_most) = 0;

  // Appends to the case's timeline. NotFound when the case does not exist; Conflict for a
  // taken entry id.
  virtual Result<void> append_entry(TimelineEntry const& entry) = 0;
  // The case's entries, oldest first (ties by insertion order); at most `limit` (1..1000).
  virtual Result<std::vector<TimelineEntry>> entries(domain::CaseId const& id, std::size_t limit,
                                                     std::size_t offset) = 0;
  virtual Result<std::int64_t> count_entries(domain::CaseId const& id) = 0;
  // Replaces an entry's content sealed under its own key (sealed_entry_key) by `content`
  // sealed under the case's DEK, and forgets the entry key. False when the entry is under
  // the DEK already (another member re-encrypted it meanwhile: nothing written). NotFound
  // for an unknown entry of the case.
  virtual Result<bool> reseal_entry(domain::CaseId const& case_id, domain::EntryId const& id,
                                    std::vector<std::uint8_t> const& content) = 0;
};

}  // namespace haven::app
