#include "app/hotline_calls.h"

#include <algorithm>
#include <span>
#include <utility>
#include <vector>

#include "core/hex.h"
#include "domain/text.h"
#include "vault/digest.h"

namespace haven::app {

namespace {

using domain::Case;
using domain::OrgId;

// How far back a repeated form is looked for on an existing case; further back, the
// entry id's uniqueness still refuses it (kCallAlreadyLogged).
constexpr std::size_t kRepeatWindow = 50;

Error invalid(std::string_view detail) {
  return make_error(ErrorCode::InvalidInput, std::string(detail));
}

std::span<std::uint8_t const> bytes_of(std::string_view text) {
  return {reinterpret_cast<std::uint8_t const*>(text.data()), text.size()};
}

// The ids a call form's case and entry get: derived from the organisation and the form's
// one-time id, so the same form sent again finds what it made, and no form of one
// organisation can name an id of another's (the organisation is part of the digest).
std::string derived_hex(std::string_view purpose, OrgId const& org, CallFormId const& form) {
  auto digest = vault::digest_parts({bytes_of(purpose), bytes_of(org.str()), bytes_of(form.str())});
  return to_hex(std::span<std::uint8_t const>(digest.data(), domain::CaseId::kBytes));
}
domain::CaseId case_of_form(OrgId const& org, CallFormId const& form) {
  return *domain::CaseId::parse(derived_hex("haven hotline case v1", org, form));
}
domain::EntryId entry_of_form(OrgId const& org, CallFormId const& form) {
  return *domain::EntryId::parse(derived_hex("haven hotline call v1", org, form));
}

std::string upper_trimmed(std::string_view text) {
  auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  text = text.substr(first, text.find_last_not_of(" \t") - first + 1);
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string with_number(std::string_view pattern, std::string_view number) {
  std::string out(pattern);
  constexpr std::string_view kSlot = "{number}";
  if (auto at = out.find(kSlot); at != std::string::npos) out.replace(at, kSlot.size(), number);
  return out;
}

// The checks that need no database, in the order of the form's fields.
Result<void> check_call(HotlineCall const& call, CaseDeadlines const& deadlines) {
  if (call.minutes && (*call.minutes < 0 || *call.minutes > kMaxCallMinutes)) {
    return invalid(kBadCallMinutes);
  }
  if (!domain::validate_text("summary", call.summary, kMaxCallSummaryChars)) {
    return invalid(kBadCallSummary);
  }
  if (call.callback) {
    NewDeadline callback{.kind = domain::DeadlineKind::Callback,
                         .due = *call.callback,
                         .note = {},
                         .past = domain::PastDue::Refused};
    if (!deadlines.check(callback)) return invalid(kBadCallback);
  }
  if (!call.new_case) {
    if (upper_trimmed(call.case_number).empty()) return invalid(kUnknownCaseNumber);
    return {};
  }
  auto const& alias = call.new_case->alias;
  if (alias.find_first_not_of(" \t") != std::string::npos &&
      !domain::validate_label("alias", alias, domain::kMaxAliasChars)) {
    return invalid(kBadAlias);
  }
  return {};
}

// Whether `id` is among the case's latest entries (a form sent again).
Result<bool> has_recent_entry(Transaction& tx, domain::CaseId const& case_id,
                              domain::EntryId const& id) {
  auto total = tx.cases().count_entries(case_id);
  if (!total) return std::move(total).error();
  auto from = static_cast<std::size_t>(std::max<std::int64_t>(0, *total - kRepeatWindow));
  auto entries = tx.cases().entries(case_id, kRepeatWindow, from);
  if (!entries) return std::move(entries).error();
  return std::any_of(entries->begin(), entries->end(),
                     [&](TimelineEntry const& entry) { return entry.id == id; });
}

}  // namespace

std::string call_record_text(HotlineCall const& call) {
  std::string text = "Call, ";
  if (call.minutes) text += std::to_string(*call.minutes) + " min, ";
  text += std::string(domain::code(call.language));
  text += "\n\n";
  text += call.summary;
  return text;
}

Result<LoggedCall> HotlineCalls::log_call(Actor const& actor, vault::Keypair const& reader,
                                          OrgId const& org, HotlineCall const& call) {
  auto action = call.new_case ? Action::CreateCase : Action::EditCase;
  if (auto allowed = authorise_case(actor, action, org); !allowed) {
    return std::move(allowed).error();
  }
  if (auto valid = check_call(call, deadlines_); !valid) return std::move(valid).error();
  std::optional<NewCase> new_case;
  if (call.new_case) {
    new_case = NewCase{.metadata = call.new_case->metadata, .summary = call_record_text(call)};
    new_case->metadata.channel = domain::Channel::Hotline;
    new_case->metadata.status = domain::CaseStatus::New;
    new_case->metadata.outcome = std::nullopt;
    new_case->metadata.language = call.language;
    if (auto valid = CaseService::check_new_case(*new_case); !valid) {
      return std::move(valid).error();
    }
  }
  auto form_case = case_of_form(org, call.form);
  auto form_entry = entry_of_form(org, call.form);
  // A second attempt after a Conflict: a copy of this form that committed meanwhile is then
  // found (and answered as a repeat), a change of the case that did is built upon.
  bool raced = false;
  auto attempt = [&](Transaction& tx) -> Result<LoggedCall> {
    raced = false;
    auto keys = open_org_with_keys(tx, actor, reader, org);
    if (!keys) return std::move(keys).error();
    // This form made a case already: that case is the answer, whatever the target now.
    if (auto made = tx.cases().find(org, form_case); made) {
      return LoggedCall{.record = std::move(made).value(), .created_case = false, .repeated = true};
    } else if (made.error().code != ErrorCode::NotFound) {
      return std::move(made).error();
    }
    std::optional<UnlockedCase> unlocked;
    bool created = false;
    if (new_case) {
      auto made = cases_.create_in(
          tx, actor, *keys, *new_case,
          FirstEntry{
              .case_id = form_case, .kind = domain::EntryKind::Call, .entry_id = form_entry});
      if (!made) return std::move(made).error();
      unlocked.emplace(std::move(made).value());
      created = true;
    } else {
      auto found = tx.cases().find_by_number(org, upper_trimmed(call.case_number));
      if (!found) {
        if (found.error().code == ErrorCode::NotFound) return invalid(kUnknownCaseNumber);
        return std::move(found).error();
      }
      auto opened = unlock_case(tx, actor, reader, org, found->id);
      if (!opened) return std::move(opened).error();
      auto repeat = has_recent_entry(tx, found->id, form_entry);
      if (!repeat) return std::move(repeat).error();
      if (*repeat) {
        return LoggedCall{
            .record = std::move(opened->record), .created_case = false, .repeated = true};
      }
      unlocked.emplace(std::move(opened).value());
      Case& record = unlocked->record;
      record.updated_at = clock_.now();
      if (auto updated = tx.cases().update(record); !updated) {
        raced = updated.error().code == ErrorCode::Conflict;
        return std::move(updated).error();
      }
      record.version += 1;
      auto appended =
          append_sealed_entry(tx, random_, unlocked->dek, record, domain::EntryKind::Call,
                              actor.user_id(), call_record_text(call), form_entry);
      if (!appended) return std::move(appended).error();
      auto audited =
          audit_.append(tx, case_event(actor, AuditAction::CaseNoteAdded, org, record.id));
      if (!audited) return std::move(audited).error();
    }
    bool typed_alias =
        created && call.new_case->alias.find_first_not_of(" \t") != std::string::npos;
    if (call.caller_number.find_first_not_of(" \t") != std::string::npos || typed_alias) {
      std::string alias = created && !typed_alias
                              ? with_number(call.new_case->default_alias, unlocked->record.number)
                          : created ? call.new_case->alias
                                    : std::string();
      auto noted = people_.note_caller_in(tx, actor, *unlocked, call.caller_number, alias);
      if (!noted) return std::move(noted).error();
    }
    if (call.callback) {
      NewDeadline callback{.kind = domain::DeadlineKind::Callback,
                           .due = *call.callback,
                           .note = {},
                           .past = domain::PastDue::Refused};
      auto set = deadlines_.set_in(tx, actor, *unlocked, callback);
      if (!set) return std::move(set).error();
    }
    return LoggedCall{
        .record = std::move(unlocked->record), .created_case = created, .repeated = false};
  };
  for (int tries = 0; tries < 2; ++tries) {
    auto logged = store_.in_transaction(attempt);
    if (logged || logged.error().code != ErrorCode::Conflict) return logged;
  }
  if (raced) return make_error(ErrorCode::Conflict, "the case changed meanwhile: try again");
  // The entry id is taken and not by a case or recent entry found above: this form's call
  // is on record on another case than this submission names.
  return make_error(ErrorCode::Conflict, std::string(kCallAlreadyLogged));
}

Result<std::vector<EarlierCase>> HotlineCalls::called_before(Actor const& actor, OrgId const& org,
                                                             std::string_view number) {
  return people_.contacted_before(actor, org, domain::ContactKind::Phone, number);
}

}  // namespace haven::app
