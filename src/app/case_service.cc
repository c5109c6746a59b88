#include "app/case_service.h"

#include <algorithm>
#include <functional>
#include <span>
#include <string>
#include <utility>

#include "app/account_keys.h"
#include "app/case_access.h"
#include "core/log.h"
#include "domain/deadline.h"
#include "domain/text.h"
#include "vault/case_key.h"
#include "vault/field_cipher.h"
#include "vault/sealed_box.h"

namespace haven::app {

namespace {

using domain::Case;
using domain::CaseId;
using domain::OrgId;
using domain::UserId;

Error changed_meanwhile() {
  return make_error(ErrorCode::Conflict, "the case changed meanwhile: reload it and try again");
}

Result<void> check_text(std::string_view text) {
  return domain::validate_text("text", text, kMaxCaseTextChars);
}

int utc_year(std::chrono::system_clock::time_point when) {
  auto day = std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(when)};
  return static_cast<int>(day.year());
}

Error not_an_assignee() {
  return make_error(ErrorCode::InvalidInput,
                    "the assignee must be an active coordinator or counsellor of the organisation");
}

// Whether `user` may hold cases of `org`: an active coordinator or counsellor of it. The
// same answer for a stranger, another organisation's member and a viewer.
Result<void> check_assignee(Transaction& tx, OrgId const& org, UserId const& user) {
  auto members = tx.staff().members_of(org);
  if (!members) return std::move(members).error();
  auto member = std::find_if(members->begin(), members->end(),
                             [&](StaffMember const& m) { return m.user == user; });
  if (member == members->end() ||
      (member->role != domain::Role::Coordinator && member->role != domain::Role::Counsellor)) {
    return not_an_assignee();
  }
  auto account = tx.staff().find_user(user);
  if (!account) return std::move(account).error();
  if (account->state != domain::AccountState::Active) return not_an_assignee();
  return {};
}

// The assignment rules a policy row cannot express (README.md, "assign case"): a counsellor
// takes an unassigned case or gives back their own; a coordinator hands cases to anyone who
// may hold them.
Result<void> check_assignment(Transaction& tx, Actor const& actor, OrgId const& org,
                              std::optional<UserId> const& current,
                              std::optional<UserId> const& wanted) {
  if (actor.role_in(org) != domain::Role::Coordinator) {
    auto const& self = actor.user_id();
    bool taking = wanted && wanted == self && (!current || current == self);
    bool giving_back = !wanted && (!current || current == self);
    if (!taking && !giving_back) {
      return make_error(ErrorCode::PermissionDenied,
                        "a counsellor only takes an unassigned case or gives back their own");
    }
  }
  if (!wanted) return {};
  return check_assignee(tx, org, *wanted);
}

// What a versioned change did to the case (in place) and how to record it.
struct Edit {
  bool changed = true;  // false: nothing to write (already so)
  domain::EntryKind kind = domain::EntryKind::Note;
  std::string entry_text;
  AuditAction action = AuditAction::CaseStatusChanged;
};
using EditFn =
    std::function<Result<Edit>(Transaction&, Case&, std::chrono::system_clock::time_point)>;

struct Parts {
  Store& store;
  Clock const& clock;
  Random& random;
  AuditLog const& audit;
};

// The skeleton change_status and assign share: load and unlock, compare versions, edit,
// write with the version read (a change committed in between is a Conflict too), record.
CaseChange change_versioned(Parts parts, Actor const& actor, vault::Keypair const& reader,
                            OrgId const& org, CaseId const& id, std::int64_t expected_version,
                            EditFn const& edit) {
  std::optional<Case> current;
  auto result = parts.store.in_transaction([&](Transaction& tx) -> Result<Case> {
    current.reset();
    auto unlocked = unlock_case(tx, actor, reader, org, id);
    if (!unlocked) return std::move(unlocked).error();
    Case record = unlocked->record;
    if (record.version != expected_version) {
      current = record;
      return changed_meanwhile();
    }
    auto now = parts.clock.now();
    auto done = edit(tx, record, now);
    if (!done) return std::move(done).error();
    if (!done->changed) return record;
    record.updated_at = now;
    if (auto updated = tx.cases().update(record); !updated) {
      if (updated.error().code != ErrorCode::Conflict) return std::move(updated).error();
      auto fresh = tx.cases().find(org, id);
      if (fresh) current = std::move(fresh).value();
      return changed_meanwhile();
    }
    auto appended = append_sealed_entry(tx, parts.random, unlocked->dek, record, done->kind,
                                        actor.user_id(), done->entry_text);
    if (!appended) return std::move(appended).error();
    auto audited = parts.audit.append(tx, case_event(actor, done->action, org, id));
    if (!audited) return std::move(audited).error();
    record.version += 1;
    return record;
  });
  if (result.ok() || result.error().code != ErrorCode::Conflict) current.reset();
  return CaseChange{.result = std::move(result), .current = std::move(current)};
}

std::string assignee_word(std::optional<UserId> const& user) {
  return user ? user->str() : std::string("none");
}

}  // namespace

Result<Case> CaseService::create(Actor const& actor, vault::Keypair const& reader, OrgId const& org,
                                 NewCase const& request) {
  if (auto allowed = authorise_case(actor, Action::CreateCase, org); !allowed) {
    return std::move(allowed).error();
  }
  if (auto valid = check_new_case(request); !valid) return std::move(valid).error();
  return store_.in_transaction([&](Transaction& tx) -> Result<Case> {
    auto found = open_org_with_keys(tx, actor, reader, org);
    if (!found) return std::move(found).error();
    auto made = create_in(tx, actor, *found, request,
                          FirstEntry{.case_id = CaseId::generate(random_),
                                     .kind = domain::EntryKind::Note,
                                     .entry_id = std::nullopt});
    if (!made) return std::move(made).error();
    return std::move(made->record);
  });
}

Result<void> CaseService::check_new_case(NewCase const& request) {
  if (request.metadata.status != domain::CaseStatus::New) {
    return make_error(ErrorCode::InvalidInput, "a new case starts with status new");
  }
  if (auto valid = domain::validate(request.metadata); !valid) return std::move(valid).error();
  return check_text(request.summary);
}

Result<UnlockedCase> CaseService::create_in(Transaction& tx, Actor const& actor,
                                            OrgWithKeys const& org, NewCase const& request,
                                            FirstEntry const& first) {
  if (auto valid = check_new_case(request); !valid) return std::move(valid).error();
  if (request.metadata.assignee) {
    auto allowed = check_assignment(tx, actor, org.org.id, std::nullopt, request.metadata.assignee);
    if (!allowed) return std::move(allowed).error();
  }
  auto now = clock_.now();
  int year = utc_year(now);
  auto sequence = tx.cases().next_case_sequence(org.org.id, year);
  if (!sequence) return std::move(sequence).error();
  Case record{.id = first.case_id,
              .org = org.org.id,
              .number = domain::format_case_number(org.org.details.country, year, *sequence),
              .metadata = request.metadata,
              .created_at = now,
              .updated_at = now,
              .closed_at = std::nullopt,
              .version = 1};
  auto dek = vault::generate_case_key();
  auto sealed_key = vault::seal_case_key(org.keys.public_key, record.id.str(), dek);
  if (!sealed_key) return std::move(sealed_key).error();
  if (auto added = tx.cases().add(record, *sealed_key); !added) return std::move(added).error();
  auto appended = append_sealed_entry(tx, random_, dek, record, first.kind, actor.user_id(),
                                      request.summary, first.entry_id);
  if (!appended) return std::move(appended).error();
  auto audited =
      audit_.append(tx, case_event(actor, AuditAction::CaseCreated, org.org.id, record.id));
  if (!audited) return std::move(audited).error();
  return UnlockedCase{.record = std::move(record), .dek = std::move(dek)};
}

Result<CasePage> CaseService::list(Actor const& actor, OrgId const& org, CaseQuery query) {
  if (auto allowed = authorise_case(actor, Action::ViewCases, org); !allowed) {
    return std::move(allowed).error();
  }
  if (query.limit < 1 || query.limit > kMaxCasePage) {
    return make_error(ErrorCode::InvalidInput, "a queue page holds 1 to 500 cases");
  }
  query.org = org;
  if (query.overdue_only) query.overdue_before = domain::utc_day(clock_.now());
  return store_.in_transaction(
      [&](Transaction& tx) -> Result<CasePage> {
        auto cases = tx.cases().list(query);
        if (!cases) return std::move(cases).error();
        auto total = tx.cases().count(query);
        if (!total) return std::move(total).error();
        return CasePage{.cases = std::move(cases).value(), .total = *total};
      },
      TransactionMode::ReadOnly);
}

Result<QueueView> CaseService::queue(Actor const& actor, OrgId const& org, CaseQuery page,
                                     std::vector<CaseQuery> tabs) {
  if (auto allowed = authorise_case(actor, Action::ViewCases, org); !allowed) {
    return std::move(allowed).error();
  }
  if (page.limit < 1 || page.limit > kMaxCasePage) {
    return make_error(ErrorCode::InvalidInput, "a queue page holds 1 to 500 cases");
  }
  if (page.offset + page.limit > static_cast<std::size_t>(kQueueCountCap)) {
    return make_error(ErrorCode::InvalidInput, "a queue is listed up to its 1,000th case");
  }
  auto today = domain::utc_day(clock_.now());
  auto for_org = [&](CaseQuery& query) {
    query.org = org;
    query.overdue_before = std::nullopt;
    if (query.overdue_only) query.overdue_before = today;
  };
  for_org(page);
  for (CaseQuery& tab : tabs) for_org(tab);
  // Whether a next page exists is a count that stops one case past this page.
  auto through_page = static_cast<std::int64_t>(page.offset + page.limit);
  return store_.in_transaction(
      [&](Transaction& tx) -> Result<QueueView> {
        QueueView view;
        auto cases = tx.cases().list(page);
        if (!cases) return std::move(cases).error();
        view.cases = std::move(cases).value();
        auto beyond = tx.cases().count_up_to(page, through_page + 1);
        if (!beyond) return std::move(beyond).error();
        view.more = *beyond > through_page;
        view.tab_counts.reserve(tabs.size());
        for (CaseQuery const& tab : tabs) {
          auto counted = tx.cases().count_up_to(tab, kQueueCountCap + 1);
          if (!counted) return std::move(counted).error();
          view.tab_counts.push_back(*counted);
        }
        return view;
      },
      TransactionMode::ReadOnly);
}

Result<domain::EntryId> CaseService::receive(OrgId const& org, CaseId const& id,
                                             std::string_view text) {
  if (auto valid = check_text(text); !valid) return std::move(valid).error();
  return store_.in_transaction([&](Transaction& tx) -> Result<domain::EntryId> {
    auto record = hide_not_found(tx.cases().find(org, id));
    if (!record) return std::move(record).error();
    auto found = tx.organisations().find(org);
    if (!found) return std::move(found).error();
    if (!found->public_key) {
      return make_error(ErrorCode::Unavailable, "the organisation has no key yet");
    }
    auto org_pk = read_public_key(*found->public_key);
    if (!org_pk) return std::move(org_pk).error();
    auto entry_key = vault::generate_case_key();
    TimelineEntry entry{.id = domain::EntryId::generate(random_),
                        .case_id = id,
                        .kind = domain::EntryKind::MessageIn,
                        .author = std::nullopt,
                        .at = clock_.now(),
                        .sealed_content = {}};
    auto content = vault::seal_field(entry_key, entry.id.str(), kEntryContentField, text);
    if (!content) return std::move(content).error();
    auto sealed_key =
        vault::seal_to(*org_pk, vault::SealedPurpose::InboundEntryKey,
                       std::span<std::uint8_t const>(entry_key.data(), entry_key.size()));
    if (!sealed_key) return std::move(sealed_key).error();
    entry.sealed_content = std::move(content).value();
    entry.sealed_entry_key = std::move(sealed_key).value();
    record->updated_at = entry.at;
    if (auto updated = tx.cases().update(*record); !updated) return std::move(updated).error();
    if (auto appended = tx.cases().append_entry(entry); !appended) {
      return std::move(appended).error();
    }
    return entry.id;
  });
}

void CaseService::reseal_inbound(
    CaseId const& id, vault::SecretBytes const& dek,
    std::vector<std::pair<domain::EntryId, std::string>> const& texts) {
  auto resealed = store_.run_in_transaction(TransactionMode::ReadWrite, [&](Transaction& tx) {
    for (auto const& [entry_id, text] : texts) {
      auto content = vault::seal_field(dek, entry_id.str(), kEntryContentField, text);
      if (!content) return Result<void>(std::move(content).error());
      auto done = tx.cases().reseal_entry(id, entry_id, *content);
      if (!done) return Result<void>(std::move(done).error());
    }
    return Result<void>();
  });
  if (!resealed) {
    log::warn("case.inbound_reseal_failed",
              {{"case", id.str()}, {"error", std::string(to_string(resealed.error().code))}});
  }
}

Result<OpenedCase> CaseService::open(Actor const& actor, vault::Keypair const& reader,
                                     OrgId const& org, CaseId const& id, EntryWindow window) {
  if (auto allowed = authorise_case(actor, Action::OpenCase, org); !allowed) {
    return std::move(allowed).error();
  }
  if (window.limit < 1 || window.limit > kMaxTimelinePage) {
    return make_error(ErrorCode::InvalidInput, "a timeline page holds 1 to 1000 entries");
  }
  // Entries sealed to the organisation that opened: re-encrypted under the DEK below.
  std::vector<std::pair<domain::EntryId, std::string>> to_reseal;
  vault::SecretBytes dek;
  auto opened = store_.in_transaction(
      [&](Transaction& tx) -> Result<OpenedCase> {
        auto unlocked = unlock_case(tx, actor, reader, org, id);
        if (!unlocked) return std::move(unlocked).error();
        auto stored = tx.cases().entries(id, window.limit, window.offset);
        if (!stored) return std::move(stored).error();
        auto total = tx.cases().count_entries(id);
        if (!total) return std::move(total).error();
        OpenedCase opened{.record = unlocked->record, .entries = {}, .total_entries = *total};
        opened.entries.reserve(stored->size());
        for (auto const& entry : *stored) {
          bool inbound = !entry.sealed_entry_key.empty();
          Result<std::string> text =
              inbound ? open_inbound_entry(*unlocked->org_keys, entry)
                      : vault::open_field(unlocked->dek, entry.id.str(), kEntryContentField,
                                          entry.sealed_content);
          if (text && inbound) to_reseal.emplace_back(entry.id, *text);
          opened.entries.push_back(OpenedEntry{
              .id = entry.id,
              .kind = entry.kind,
              .author = entry.author,
              .at = entry.at,
              .text = text ? std::optional<std::string>(std::move(text).value()) : std::nullopt});
        }
        dek = std::move(unlocked->dek);
        return opened;
      },
      TransactionMode::ReadOnly);
  if (!opened) return opened;
  if (!to_reseal.empty()) reseal_inbound(id, dek, to_reseal);
  auto audited = opened_.record(case_event(actor, AuditAction::CaseOpened, org, id));
  if (!audited) return std::move(audited).error();
  return opened;
}

Result<Case> CaseService::add_note(Actor const& actor, vault::Keypair const& reader,
                                   OrgId const& org, CaseId const& id, std::string_view text,
                                   NoteKind kind) {
  if (auto allowed = authorise_case(actor, Action::EditCase, org); !allowed) {
    return std::move(allowed).error();
  }
  if (auto valid = check_text(text); !valid) return std::move(valid).error();
  auto entry_kind = kind == NoteKind::Call ? domain::EntryKind::Call : domain::EntryKind::Note;
  // Two attempts: a change committed between this one's read and write (PostgreSQL only)
  // moved the version, not the note's meaning, so the note goes on top of it once more.
  for (int attempt = 0; attempt < 2; ++attempt) {
    bool raced = false;
    auto done = store_.in_transaction([&](Transaction& tx) -> Result<Case> {
      raced = false;
      auto unlocked = unlock_case(tx, actor, reader, org, id);
      if (!unlocked) return std::move(unlocked).error();
      Case record = unlocked->record;
      record.updated_at = clock_.now();
      if (auto updated = tx.cases().update(record); !updated) {
        raced = updated.error().code == ErrorCode::Conflict;
        return std::move(updated).error();
      }
      auto appended = append_sealed_entry(tx, random_, unlocked->dek, record, entry_kind,
                                          actor.user_id(), text);
      if (!appended) return std::move(appended).error();
      auto audited = audit_.append(tx, case_event(actor, AuditAction::CaseNoteAdded, org, id));
      if (!audited) return std::move(audited).error();
      record.version += 1;
      return record;
    });
    if (done.ok() || !raced) return done;
  }
  return changed_meanwhile();
}

CaseChange CaseService::change_status(Actor const& actor, vault::Keypair const& reader,
                                      OrgId const& org, CaseId const& id,
                                      std::int64_t expected_version, domain::CaseStatus to,
                                      std::optional<domain::Outcome> outcome) {
  if (auto allowed = authorise_case(actor, Action::EditCase, org); !allowed) {
    return CaseChange{.result = std::move(allowed).error(), .current = std::nullopt};
  }
  return change_versioned(
      Parts{store_, clock_, random_, audit_}, actor, reader, org, id, expected_version,
      [&](Transaction&, Case& record, std::chrono::system_clock::time_point now) -> Result<Edit> {
        auto from = record.metadata.status;
        if (auto changed = domain::change_status(record.metadata, to, outcome); !changed) {
          return std::move(changed).error();
        }
        record.closed_at = to == domain::CaseStatus::Closed
                               ? std::optional<std::chrono::system_clock::time_point>(now)
                               : std::nullopt;
        // The stored words, not a translation: the page translates when it shows them.
        std::string text =
            std::string(domain::to_string(from)) + " → " + std::string(domain::to_string(to));
        if (outcome) text += ": " + std::string(domain::to_string(*outcome));
        return Edit{.changed = true,
                    .kind = domain::EntryKind::StatusChange,
                    .entry_text = std::move(text),
                    .action = AuditAction::CaseStatusChanged};
      });
}

CaseChange CaseService::assign(Actor const& actor, vault::Keypair const& reader, OrgId const& org,
                               CaseId const& id, std::int64_t expected_version,
                               std::optional<UserId> assignee) {
  if (auto allowed = authorise_case(actor, Action::AssignCase, org); !allowed) {
    return CaseChange{.result = std::move(allowed).error(), .current = std::nullopt};
  }
  return change_versioned(
      Parts{store_, clock_, random_, audit_}, actor, reader, org, id, expected_version,
      [&](Transaction& tx, Case& record, std::chrono::system_clock::time_point) -> Result<Edit> {
        auto previous = record.metadata.assignee;
        auto allowed = check_assignment(tx, actor, org, previous, assignee);
        if (!allowed) return std::move(allowed).error();
        if (previous == assignee) {
          return Edit{.changed = false,
                      .kind = domain::EntryKind::Assignment,
                      .entry_text = {},
                      .action = AuditAction::CaseAssigned};
        }
        record.metadata.assignee = assignee;
        return Edit{
            .changed = true,
            .kind = domain::EntryKind::Assignment,
            .entry_text = "assignee: " + assignee_word(previous) + " → " + assignee_word(assignee),
            .action = AuditAction::CaseAssigned};
      });
}

}  // namespace haven::app
