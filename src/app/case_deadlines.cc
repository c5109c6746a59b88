#include "app/case_deadlines.h"

#include <utility>

#include "app/case_access.h"
#include "domain/text.h"
#include "vault/field_cipher.h"

namespace haven::app {

namespace {

using domain::CaseId;
using domain::DeadlineId;
using domain::OrgId;

// A deadline's note is a field of its case: AAD = case id + this, so a note cannot be moved
// to another deadline or case unnoticed.
std::string note_field(DeadlineId const& id) { return "deadline:" + id.str(); }

Error no_such_deadline() { return make_error(ErrorCode::NotFound, "no such deadline"); }

Result<void> check_note(std::string_view note) {
  if (note.empty()) return {};
  return domain::validate_text("note", note, domain::kMaxDeadlineNoteChars);
}

CaseDeadline reveal(StoredDeadline const& stored, vault::SecretBytes const& dek) {
  CaseDeadline out{.id = stored.id,
                   .kind = stored.kind,
                   .due = stored.due,
                   .note = {},
                   .note_unreadable = false,
                   .created_by = stored.created_by,
                   .created_at = stored.created_at,
                   .done_at = stored.done_at,
                   .done_by = stored.done_by};
  if (stored.sealed_note.empty()) return out;
  auto note =
      vault::open_field(dek, stored.case_id.str(), note_field(stored.id), stored.sealed_note);
  if (note) {
    out.note = std::move(note).value();
  } else {
    out.note_unreadable = true;
  }
  return out;
}

// An open deadline that `request` would repeat (the same form sent twice).
std::optional<CaseDeadline> find_repeat(std::vector<StoredDeadline> const& stored,
                                        vault::SecretBytes const& dek, NewDeadline const& request) {
  for (auto const& one : stored) {
    if (one.done_at || one.kind != request.kind || one.due != request.due) continue;
    auto seen = reveal(one, dek);
    if (!seen.note_unreadable && seen.note == request.note) return seen;
  }
  return std::nullopt;
}

void put_in_buckets(OrgAgenda& agenda, std::vector<AgendaLine> lines, domain::Day today) {
  for (auto& line : lines) {
    switch (domain::bucket_of(line.due.day, today)) {
      case domain::DueBucket::Overdue:
        agenda.overdue.push_back(std::move(line));
        break;
      case domain::DueBucket::Today:
        agenda.today.push_back(std::move(line));
        break;
      case domain::DueBucket::ThisWeek:
        agenda.this_week.push_back(std::move(line));
        break;
      case domain::DueBucket::Later:
        break;
    }
  }
}

}  // namespace

Result<SetDeadline> CaseDeadlines::set(Actor const& actor, vault::Keypair const& reader,
                                       OrgId const& org, CaseId const& case_id,
                                       NewDeadline const& request) {
  if (auto allowed = authorise_case(actor, Action::EditCase, org); !allowed) {
    return std::move(allowed).error();
  }
  if (auto valid = check(request); !valid) return std::move(valid).error();
  return store_.in_transaction([&](Transaction& tx) -> Result<SetDeadline> {
    auto unlocked = unlock_case(tx, actor, reader, org, case_id);
    if (!unlocked) return std::move(unlocked).error();
    return set_in(tx, actor, *unlocked, request);
  });
}

Result<void> CaseDeadlines::check(NewDeadline const& request) const {
  auto due = domain::validate_due(request.kind, request.due, today(), request.past);
  if (!due) return std::move(due).error();
  return check_note(request.note);
}

Result<SetDeadline> CaseDeadlines::set_in(Transaction& tx, Actor const& actor,
                                          UnlockedCase const& unlocked,
                                          NewDeadline const& request) {
  if (auto valid = check(request); !valid) return std::move(valid).error();
  auto const& org = unlocked.record.org;
  auto const& case_id = unlocked.record.id;
  auto existing = tx.deadlines().of_case(org, case_id, kMaxCaseDeadlines);
  if (!existing) return std::move(existing).error();
  if (auto repeat = find_repeat(*existing, unlocked.dek, request)) {
    return SetDeadline{.deadline = std::move(*repeat), .created = false};
  }
  StoredDeadline record{.id = DeadlineId::generate(random_),
                        .org = org,
                        .case_id = case_id,
                        .kind = request.kind,
                        .due = request.due,
                        .sealed_note = {},
                        .created_by = actor.user_id(),
                        .created_at = clock_.now(),
                        .done_at = std::nullopt,
                        .done_by = std::nullopt};
  if (!request.note.empty()) {
    auto sealed =
        vault::seal_field(unlocked.dek, case_id.str(), note_field(record.id), request.note);
    if (!sealed) return std::move(sealed).error();
    record.sealed_note = std::move(sealed).value();
  }
  if (auto added = tx.deadlines().add(record); !added) return std::move(added).error();
  auto audited = audit_.append(tx, case_event(actor, AuditAction::DeadlineSet, org, case_id));
  if (!audited) return std::move(audited).error();
  auto shown = reveal(record, unlocked.dek);
  return SetDeadline{.deadline = std::move(shown), .created = true};
}

Result<bool> CaseDeadlines::mark_done(Actor const& actor, OrgId const& org, CaseId const& case_id,
                                      DeadlineId const& id) {
  if (auto allowed = authorise_case(actor, Action::EditCase, org); !allowed) {
    return std::move(allowed).error();
  }
  if (!actor.user_id()) return make_error(ErrorCode::PermissionDenied, "only a member marks done");
  return store_.in_transaction([&](Transaction& tx) -> Result<bool> {
    auto changed = tx.deadlines().mark_done(org, case_id, id, clock_.now(), *actor.user_id());
    if (!changed) {
      // The deadline's own NotFound, whether the case is unknown or only the deadline.
      if (changed.error().code == ErrorCode::NotFound) return no_such_deadline();
      return std::move(changed).error();
    }
    if (!*changed) return false;
    auto audited = audit_.append(tx, case_event(actor, AuditAction::DeadlineDone, org, case_id));
    if (!audited) return std::move(audited).error();
    return true;
  });
}

Result<std::vector<CaseDeadline>> CaseDeadlines::list(Actor const& actor,
                                                      vault::Keypair const& reader,
                                                      OrgId const& org, CaseId const& case_id) {
  if (auto allowed = authorise_case(actor, Action::OpenCase, org); !allowed) {
    return std::move(allowed).error();
  }
  return store_.in_transaction(
      [&](Transaction& tx) -> Result<std::vector<CaseDeadline>> {
        auto unlocked = unlock_case(tx, actor, reader, org, case_id);
        if (!unlocked) return std::move(unlocked).error();
        auto stored = tx.deadlines().of_case(org, case_id, kMaxCaseDeadlines);
        if (!stored) return std::move(stored).error();
        std::vector<CaseDeadline> out;
        out.reserve(stored->size());
        for (auto const& one : *stored) out.push_back(reveal(one, unlocked->dek));
        return out;
      },
      TransactionMode::ReadOnly);
}

Result<Agenda> CaseDeadlines::agenda(Actor const& actor) {
  Agenda out{.today = domain::utc_day(clock_.now()), .organisations = {}};
  if (!actor.user_id()) return out;
  auto const& user = *actor.user_id();
  auto through = domain::Day{std::chrono::sys_days{out.today} + domain::kThisWeekDays};
  auto done =
      store_.run_in_transaction(TransactionMode::ReadOnly, [&](Transaction& tx) -> Result<void> {
        out.organisations.clear();
        for (auto const& membership : actor.memberships()) {
          if (!authorise(actor, Action::ViewCases, membership.org)) continue;
          auto lines = tx.deadlines().agenda(membership.org, user, through, kMaxAgendaLines);
          if (!lines) return std::move(lines).error();
          auto counts = tx.deadlines().count_agenda(membership.org, user, out.today);
          if (!counts) return std::move(counts).error();
          OrgAgenda part{.org = membership.org,
                         .overdue = {},
                         .today = {},
                         .this_week = {},
                         .counts = *counts};
          put_in_buckets(part, std::move(lines).value(), out.today);
          out.organisations.push_back(std::move(part));
        }
        return {};
      });
  if (!done) return std::move(done).error();
  return out;
}

}  // namespace haven::app
