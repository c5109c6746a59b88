// Use cases on an organisation's cases (issue 4): creating a case with its summary, the
// queues, opening a case's timeline, notes and calls, status changes and assignment. Each
// checks app/policy.h, opens what it needs with the reader's grant of the organisation key,
// seals every word under the case's DEK and audits in the transaction of the change.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/audit_log.h"
#include "app/case_access.h"
#include "app/policy.h"
#include "app/ports/case_repository.h"
#include "app/ports/store.h"
#include "app/read_audit.h"
#include "core/clock.h"
#include "core/random.h"
#include "core/result.h"
#include "domain/case.h"
#include "domain/ids.h"
#include "vault/keypair.h"
#include "vault/secret_bytes.h"

namespace haven::app {

// A summary, note or call record: 1..kMaxCaseTextChars code points (domain::validate_text).
inline constexpr std::size_t kMaxCaseTextChars = 20'000;
// The most timeline entries one open() returns; the page pages through longer timelines.
inline constexpr std::size_t kMaxTimelinePage = 1000;
// The most cases one queue page holds.
inline constexpr std::size_t kMaxCasePage = 500;

// The detail of the PermissionDenied a member gets who may work on cases but holds no grant
// of the organisation key (pending since they joined, or gone with a password reset): the
// page turns exactly this into "ask a coordinator to grant you access".
inline constexpr std::string_view kNoOrgKeyGrant =
    "no grant of the organisation key: a coordinator must grant access first";

struct NewCase {
  // Status must be New (and so no outcome); an assignee follows CaseService::assign's rules.
  domain::CaseMetadata metadata;
  // What the person needs, as the counsellor writes it: the first timeline entry (a Note).
  std::string summary;
};

// One queue page and the size of the whole queue.
struct CasePage {
  std::vector<domain::Case> cases;
  std::int64_t total = 0;
};

// Queue tabs count this far and then say "1,000+"; a queue pages this deep and then asks
// for a narrower filter. Counting an organisation's 100,000 closed cases on every page
// view would cost more than the page (bench/run-cases); nobody pages past 20 pages of 50.
inline constexpr std::int64_t kQueueCountCap = 1000;

// A queue page as the queue page shows it: its cases, whether more follow, and how many
// cases each tab's queue holds, each count stopping at kQueueCountCap + 1 ("more than
// kQueueCountCap").
struct QueueView {
  std::vector<domain::Case> cases;
  bool more = false;
  std::vector<std::int64_t> tab_counts;  // in the order of the tabs asked for
};

// A timeline entry as the reader sees it.
struct OpenedEntry {
  domain::EntryId id;
  domain::EntryKind kind = domain::EntryKind::Note;
  std::optional<domain::UserId> author;  // nullopt: the system (an intake channel)
  std::chrono::system_clock::time_point at;
  // The decrypted text; nullopt when the envelope does not open (damaged, or sealed to the
  // organisation by an intake channel, not yet re-encrypted): the page says so for that
  // entry instead of hiding the whole case.
  std::optional<std::string> text;
};

struct OpenedCase {
  domain::Case record;
  std::vector<OpenedEntry> entries;  // oldest first
  std::int64_t total_entries = 0;
};

// Which timeline entries open() returns.
struct EntryWindow {
  std::size_t limit = 200;  // 1..kMaxTimelinePage
  std::size_t offset = 0;
};

// What a change made against the version the reader saw returns (issue 4 §7). `result` is
// the case after the change, or the error. With ErrorCode::Conflict ("the case changed
// meanwhile") `current` holds the case as it stands now, read in the same transaction, so
// the page can show it next to what the reader submitted; it is empty with every other
// result. Nothing is written on any error.
struct [[nodiscard]] CaseChange {
  Result<domain::Case> result;
  std::optional<domain::Case> current;
};

// A note or a call record (add_note).
enum class NoteKind { Note, Call };

// How create_in starts a case: its id and the first timeline entry holding the summary (a
// Note from the new case form, a Call from the hotline), under a fresh id or `entry_id`.
struct FirstEntry {
  domain::CaseId case_id;
  domain::EntryKind kind = domain::EntryKind::Note;
  std::optional<domain::EntryId> entry_id;
};

// Errors common to every method: NotFound for an unknown case, one of another organisation,
// or an organisation the actor is not a member of, always with the same detail, so nobody
// learns whether a case they may not see exists (DESIGN.md §3); PermissionDenied for a
// member whose role may not (app/policy.h) and, with the detail kNoOrgKeyGrant, for one
// whose grant of the organisation key does not open with `reader` (every method that reads
// or seals case content; create too, so nobody makes a case they could not read);
// InvalidInput for bad text or metadata, with nothing written. `reader` is the acting
// user's own keypair (SessionService::unlock_user_key). Texts are never logged or audited:
// audit entries carry the case id only.
class CaseService {
 public:
  // Every reference must outlive the service. Thread-safe as the store is.
  CaseService(Store& store, Clock const& clock, Random& random, AuditLog const& audit)
      : store_(store), clock_(clock), random_(random), audit_(audit) {}

  // After Action::CreateCase: a case with a fresh DEK sealed to the organisation's public
  // key, the next case number of the organisation's sequence for the current UTC year,
  // status New, version 1, and the summary as its first entry (a Note). Audits
  // case_created. Returns the case.
  Result<domain::Case> create(Actor const& actor, vault::Keypair const& reader,
                              domain::OrgId const& org, NewCase const& request);

  // create's checks of the request alone (status New, domain::validate, the summary's
  // text), for use cases that check everything before they write.
  static Result<void> check_new_case(NewCase const& request);

  // create's work inside the caller's transaction, for a use case that makes a case as one
  // step of a bigger change (app/hotline_calls.h): checks the request and the assignee, not
  // the permission (authorise_case first); `org` comes from open_org_with_keys. Audits
  // case_created. Returns the case (version 1) with its fresh DEK; the repository's
  // Conflict for a taken case or entry id passes through.
  Result<UnlockedCase> create_in(Transaction& tx, Actor const& actor, OrgWithKeys const& org,
                                 NewCase const& request, FirstEntry const& first);

  // One page of a queue of `org`'s cases and the queue's size, after Action::ViewCases.
  // `query.org` is ignored (`org` decides); with `query.overdue_only` the overdue day is
  // today (UTC, this service's clock); InvalidInput for a limit outside 1..kMaxCasePage.
  // Metadata only: nothing is decrypted or audited.
  Result<CasePage> list(Actor const& actor, domain::OrgId const& org, CaseQuery query);

  // What arrived for a case of `org` from outside while no member's key is at hand (a
  // follow-up through the codename, an email: DESIGN.md §3), appended by the system as a
  // MessageIn entry: the text sealed under a fresh one-time key, that key sealed to the
  // organisation's public key. No actor and no key: for intake channels, which check
  // their own caller. The case's updated_at and version move like any change (a page
  // showing the case then asks its reader to look again). NotFound for an unknown case or
  // another organisation's; InvalidInput for a bad text; Unavailable when the organisation
  // has no key yet (no member). Audits nothing: the entry records the arrival.
  Result<domain::EntryId> receive(domain::OrgId const& org, domain::CaseId const& id,
                                  std::string_view text);

  // One page of `page`'s queue and the capped size of each of `tabs`' queues, after
  // Action::ViewCases, all read in one transaction so the tabs and the page agree. Every
  // query is for `org` and handled as in list(); InvalidInput for a page limit outside
  // 1..kMaxCasePage or a page reaching past kQueueCountCap cases. Metadata only.
  Result<QueueView> queue(Actor const& actor, domain::OrgId const& org, CaseQuery page,
                          std::vector<CaseQuery> tabs);

  // The case with one window of its timeline decrypted, after Action::OpenCase. Audits
  // case_opened (every open is a read of case data) and returns the case only once that
  // entry committed (ReadAudit: concurrent opens share the commit). Entries that arrived
  // sealed to the organisation (receive) are re-encrypted under the case's DEK on the way
  // (DESIGN.md §3); should that write fail, they are shown all the same and re-encrypted
  // at the next open. InvalidInput for a window limit
  // outside 1..kMaxTimelinePage.
  Result<OpenedCase> open(Actor const& actor, vault::Keypair const& reader,
                          domain::OrgId const& org, domain::CaseId const& id,
                          EntryWindow window = {});

  // Appends a note or call record, after Action::EditCase; the case's updated_at moves and,
  // like every change, its version, so a status change made from a page older than the note
  // is refused and shows the note. Notes never conflict with each other: no version is
  // asked for, and when a change of the same case commits between this one's read and write
  // (PostgreSQL; SQLite's single writer never lets it), the note is tried once more before
  // Conflict. Audits case_note_added. Returns the case after the change.
  Result<domain::Case> add_note(Actor const& actor, vault::Keypair const& reader,
                                domain::OrgId const& org, domain::CaseId const& id,
                                std::string_view text, NoteKind kind = NoteKind::Note);

  // domain::change_status to `to` (with `outcome` exactly when closing), after
  // Action::EditCase, if the case is still at `expected_version`: a StatusChange entry
  // ("open → closed: resolved", the stored words, not translated), closed_at set on closing
  // and cleared on reopening. InvalidInput (the workflow's message) for a change the
  // workflow forbids. Audits case_status_changed.
  CaseChange change_status(Actor const& actor, vault::Keypair const& reader,
                           domain::OrgId const& org, domain::CaseId const& id,
                           std::int64_t expected_version, domain::CaseStatus to,
                           std::optional<domain::Outcome> outcome);

  // Sets or clears the assignee, after Action::AssignCase, if the case is still at
  // `expected_version`. A counsellor only takes an unassigned case (assignee = themselves)
  // or gives back their own (nullopt); handing a case to someone else, or taking one from a
  // colleague, is a coordinator's (PermissionDenied). The assignee must be an active
  // coordinator or counsellor of `org` (InvalidInput, the same for anyone else). Assigning
  // to the current assignee changes nothing and succeeds. An Assignment entry; audits
  // case_assigned.
  CaseChange assign(Actor const& actor, vault::Keypair const& reader, domain::OrgId const& org,
                    domain::CaseId const& id, std::int64_t expected_version,
                    std::optional<domain::UserId> assignee);

 private:
  // Re-encrypts under `dek` the entries of case `id` that open() opened with the
  // organisation's key; a failure is logged (case id and code) and left for the next open.
  void reseal_inbound(domain::CaseId const& id, vault::SecretBytes const& dek,
                      std::vector<std::pair<domain::EntryId, std::string>> const& texts);

  Store& store_;
  Clock const& clock_;
  Random& random_;
  AuditLog const& audit_;
  // Opening a case is read in a read-only transaction and audited through this, so that
  // counsellors opening cases at once share one commit.
  ReadAudit opened_{store_, audit_};
};

}  // namespace haven::app
