#include "app/case_people.h"

#include <algorithm>
#include <map>
#include <utility>

#include "app/case_access.h"
#include "app/contact_handles.h"
#include "app/person_envelope.h"
#include "app/stored_bytes.h"
#include "domain/text.h"
#include "vault/field_cipher.h"

namespace haven::app {

namespace {

using domain::CaseId;
using domain::OrgId;

// The field name the person is sealed under (AAD = case id + this).
constexpr std::string_view kPersonField = "person";

Error invalid(std::string_view detail) {
  return make_error(ErrorCode::InvalidInput, std::string(detail));
}

Error changed_meanwhile() {
  return make_error(ErrorCode::Conflict, "the person changed meanwhile: reload and try again");
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::chrono::year_month_day utc_day(std::chrono::system_clock::time_point when) {
  return std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(when)};
}

std::string_view handle_problem(domain::ContactKind kind) {
  switch (kind) {
    case domain::ContactKind::Phone:
      return kBadPhone;
    case domain::ContactKind::Email:
      return kBadEmail;
    case domain::ContactKind::Telegram:
      return kBadTelegram;
    case domain::ContactKind::Signal:
      return kBadSignal;
  }
  return kBadPhone;
}

Result<void> check_optional(std::string_view field, std::string_view text, std::size_t max_chars,
                            std::string_view problem) {
  if (text.empty() || domain::validate_text(field, text, max_chars)) return {};
  return invalid(problem);
}

Result<std::vector<domain::ContactHandle>> read_handles(std::vector<TypedHandle> const& typed,
                                                        std::string_view country) {
  std::vector<domain::ContactHandle> handles;
  for (auto const& one : typed) {
    if (trimmed(one.value).empty()) continue;
    if (handles.size() == domain::kMaxContactHandles) return invalid(kTooManyHandles);
    auto normal = normalise_handle(one.kind, one.value, country);
    if (!normal) return invalid(handle_problem(one.kind));
    domain::ContactHandle handle{.kind = one.kind, .value = std::move(normal).value()};
    if (std::find(handles.begin(), handles.end(), handle) != handles.end()) {
      return invalid(kSameHandleTwice);
    }
    handles.push_back(std::move(handle));
  }
  return handles;
}

// The form as a validated Person, field by field, so the page can say which one is wrong.
Result<domain::Person> read_form(PersonForm const& form, std::string_view country,
                                 std::chrono::year_month_day today) {
  domain::Person person;
  person.alias = std::string(trimmed(form.alias));
  if (!domain::validate_label("alias", person.alias, domain::kMaxAliasChars)) {
    return invalid(kBadAlias);
  }
  person.names = form.names;
  auto names = check_optional("names", person.names, domain::kMaxPersonNamesChars, kBadNames);
  if (!names) return std::move(names).error();
  if (!trimmed(form.born).empty()) {
    auto born = domain::parse_birth_date(form.born, today);
    if (!born) return invalid(kBadBirthDate);
    person.born = *born;
  }
  person.documents = form.documents;
  auto documents =
      check_optional("documents", person.documents, domain::kMaxDocumentsHeldChars, kBadDocuments);
  if (!documents) return std::move(documents).error();
  auto handles = read_handles(form.handles, country);
  if (!handles) return std::move(handles).error();
  person.handles = std::move(handles).value();
  // The domain's rule as the last word; the steps above mirror it field by field.
  if (auto valid = domain::validate(person, today); !valid) return std::move(valid).error();
  return person;
}

// The hash family word stored with a hash (migration 0006's CHECK).
std::string mark_kind(vault::HandleKind kind) {
  switch (kind) {
    case vault::HandleKind::Email:
      return "email";
    case vault::HandleKind::Telegram:
      return "telegram";
    case vault::HandleKind::Signal:
      return "signal";
    case vault::HandleKind::Phone:
    case vault::HandleKind::Codename:
      break;
  }
  return "phone";
}

Result<std::vector<HandleMark>> marks_of(vault::SecretBytes const& pepper,
                                         std::vector<domain::ContactHandle> const& handles) {
  std::vector<HandleMark> marks;
  marks.reserve(handles.size());
  for (auto const& handle : handles) {
    auto hash = hash_handle(pepper, handle.kind, handle.value);
    if (!hash) return std::move(hash).error();
    marks.push_back(HandleMark{.kind = mark_kind(hash_kind(handle.kind, handle.value)),
                               .hash = to_stored(*hash)});
  }
  return marks;
}

EarlierCase earlier_case(MarkedCase const& marked) {
  return EarlierCase{.id = marked.case_id,
                     .number = marked.number,
                     .status = marked.status,
                     .created_at = marked.created_at};
}

// The person with each handle's earlier cases of the same organisation.
Result<OpenedPerson> with_hints(Transaction& tx, vault::SecretBytes const& pepper, OrgId const& org,
                                CaseId const& id, domain::Person person, std::int64_t version) {
  auto marks = marks_of(pepper, person.handles);
  if (!marks) return std::move(marks).error();
  std::vector<std::string> hashes;
  for (auto const& mark : *marks) hashes.push_back(mark.hash);
  auto marked = tx.case_people().cases_with(
      org, hashes, id, kMaxEarlierCases * std::max<std::size_t>(1, hashes.size()));
  if (!marked) return std::move(marked).error();
  OpenedPerson opened{.person = std::nullopt, .handles = {}, .version = version};
  for (std::size_t i = 0; i < person.handles.size(); ++i) {
    OpenedHandle handle{.handle = person.handles[i],
                        .shown = display_handle(person.handles[i].kind, person.handles[i].value),
                        .contacted_before = {}};
    for (auto const& one : *marked) {
      if (one.hash == (*marks)[i].hash && handle.contacted_before.size() < kMaxEarlierCases) {
        handle.contacted_before.push_back(earlier_case(one));
      }
    }
    opened.handles.push_back(std::move(handle));
  }
  opened.person = std::move(person);
  return opened;
}

// The stored person of an unlocked case, opened; an empty OpenedPerson when none.
Result<OpenedPerson> open_stored(Transaction& tx, vault::SecretBytes const& pepper,
                                 UnlockedCase const& unlocked) {
  auto const& record = unlocked.record;
  auto stored = tx.case_people().find(record.org, record.id);
  if (!stored) return std::move(stored).error();
  if (!*stored) return OpenedPerson{};
  auto plaintext = vault::open_field(unlocked.dek, record.id.str(), kPersonField,
                                     stored_bytes((*stored)->sealed));
  if (!plaintext) return std::move(plaintext).error();
  auto person = decode_person(*plaintext);
  if (!person) return std::move(person).error();
  return with_hints(tx, pepper, record.org, record.id, std::move(person).value(),
                    (*stored)->version);
}

// Seals `person` under the case's DEK and stores it with its handle hashes as version
// `expected_version` + 1, if the stored person is still at `expected_version`.
Result<void> write_person(Transaction& tx, vault::SecretBytes const& pepper,
                          UnlockedCase const& unlocked, std::int64_t expected_version,
                          domain::Person const& person, std::chrono::system_clock::time_point now) {
  auto const& id = unlocked.record.id;
  auto const& org = unlocked.record.org;
  auto marks = marks_of(pepper, person.handles);
  if (!marks) return std::move(marks).error();
  auto sealed = vault::seal_field(unlocked.dek, id.str(), kPersonField, encode_person(person));
  if (!sealed) return std::move(sealed).error();
  StoredPerson row{.case_id = id,
                   .org = org,
                   .sealed = to_stored(*sealed),
                   .version = expected_version + 1,
                   .updated_at = now};
  return tx.case_people().save(org, row, expected_version, *marks);
}

Result<std::string> org_country(Transaction& tx, OrgId const& org) {
  auto found = tx.organisations().find(org);
  if (!found) {
    if (found.error().code == ErrorCode::NotFound) return no_such_case();
    return std::move(found).error();
  }
  return found->details.country;
}

}  // namespace

Result<OpenedPerson> CasePeople::read(Actor const& actor, vault::Keypair const& reader,
                                      OrgId const& org, CaseId const& id) {
  if (auto allowed = authorise_case(actor, Action::OpenCase, org); !allowed) {
    return std::move(allowed).error();
  }
  return store_.in_transaction(
      [&](Transaction& tx) -> Result<OpenedPerson> {
        auto unlocked = unlock_case(tx, actor, reader, org, id);
        if (!unlocked) return std::move(unlocked).error();
        return open_stored(tx, pepper_, *unlocked);
      },
      TransactionMode::ReadOnly);
}

PersonChange CasePeople::save(Actor const& actor, vault::Keypair const& reader, OrgId const& org,
                              CaseId const& id, std::int64_t expected_version,
                              PersonForm const& form) {
  if (auto allowed = authorise_case(actor, Action::EditCase, org); !allowed) {
    return PersonChange{.result = std::move(allowed).error(), .current = std::nullopt};
  }
  std::optional<OpenedPerson> current;
  auto result = store_.in_transaction([&](Transaction& tx) -> Result<OpenedPerson> {
    current.reset();
    auto unlocked = unlock_case(tx, actor, reader, org, id);
    if (!unlocked) return std::move(unlocked).error();
    auto country = org_country(tx, org);
    if (!country) return std::move(country).error();
    auto now = clock_.now();
    auto person = read_form(form, *country, utc_day(now));
    if (!person) return std::move(person).error();
    auto stored = open_stored(tx, pepper_, *unlocked);
    if (!stored) return std::move(stored).error();
    if (stored->version != expected_version) {
      current = std::move(stored).value();
      return changed_meanwhile();
    }
    if (stored->person == *person) return std::move(stored).value();
    auto written = write_person(tx, pepper_, *unlocked, expected_version, *person, now);
    if (!written) return std::move(written).error();
    // Like a note, the person moves the case's version: a status change made from a page
    // older than this edit is refused and shows it.
    auto record = unlocked->record;
    record.updated_at = now;
    if (auto updated = tx.cases().update(record); !updated) return std::move(updated).error();
    auto audited = audit_.append(tx, case_event(actor, AuditAction::PersonChanged, org, id));
    if (!audited) return std::move(audited).error();
    return with_hints(tx, pepper_, org, id, std::move(person).value(), expected_version + 1);
  });
  if (!result && result.error().code == ErrorCode::Conflict && !current) {
    // Written meanwhile between this transaction's read and write (PostgreSQL only): read
    // what won, so the page can show it.
    auto now_stored = read(actor, reader, org, id);
    if (now_stored) current = std::move(now_stored).value();
    result = changed_meanwhile();
  }
  if (result) current.reset();
  return PersonChange{.result = std::move(result), .current = std::move(current)};
}

Result<domain::Case> CasePeople::create_case(CaseService& cases, Actor const& actor,
                                             vault::Keypair const& reader, OrgId const& org,
                                             NewCase const& request, PersonForm const& form) {
  if (auto allowed = authorise_case(actor, Action::CreateCase, org); !allowed) {
    return std::move(allowed).error();
  }
  auto country = store_.in_transaction([&](Transaction& tx) { return org_country(tx, org); },
                                       TransactionMode::ReadOnly);
  if (!country) return std::move(country).error();
  if (auto person = read_form(form, *country, utc_day(clock_.now())); !person) {
    return std::move(person).error();
  }
  auto created = cases.create(actor, reader, org, request);
  if (!created) return created;
  auto saved = save(actor, reader, org, created->id, 0, form);
  if (!saved.result) return std::move(saved.result).error();
  // The person moved the case's version; return the case as it stands.
  return store_.in_transaction([&](Transaction& tx) { return tx.cases().find(org, created->id); },
                               TransactionMode::ReadOnly);
}

Result<bool> CasePeople::note_caller_in(Transaction& tx, Actor const& actor,
                                        UnlockedCase const& unlocked, std::string_view phone,
                                        std::string_view alias_if_none) {
  auto const& record = unlocked.record;
  std::optional<domain::ContactHandle> handle;
  if (!trimmed(phone).empty()) {
    auto country = org_country(tx, record.org);
    if (!country) return std::move(country).error();
    auto normal = normalise_handle(domain::ContactKind::Phone, phone, *country);
    if (!normal) return invalid(kBadPhone);
    handle = domain::ContactHandle{.kind = domain::ContactKind::Phone,
                                   .value = std::move(normal).value()};
  }
  auto stored = open_stored(tx, pepper_, unlocked);
  if (!stored) return std::move(stored).error();
  domain::Person person;
  if (stored->person) {
    person = std::move(*stored->person);
    if (!handle) return false;
    if (std::find(person.handles.begin(), person.handles.end(), *handle) != person.handles.end()) {
      return false;
    }
    if (person.handles.size() >= domain::kMaxContactHandles) return invalid(kTooManyHandles);
  } else {
    person.alias = std::string(trimmed(alias_if_none));
    if (!domain::validate_label("alias", person.alias, domain::kMaxAliasChars)) {
      return invalid(kBadAlias);
    }
  }
  if (handle) person.handles.push_back(std::move(*handle));
  auto now = clock_.now();
  if (auto valid = domain::validate(person, utc_day(now)); !valid) return std::move(valid).error();
  auto written = write_person(tx, pepper_, unlocked, stored->version, person, now);
  if (!written) return std::move(written).error();
  auto audited =
      audit_.append(tx, case_event(actor, AuditAction::PersonChanged, record.org, record.id));
  if (!audited) return std::move(audited).error();
  return true;
}

Result<std::vector<EarlierCase>> CasePeople::contacted_before(Actor const& actor, OrgId const& org,
                                                              domain::ContactKind kind,
                                                              std::string_view raw) {
  if (auto allowed = authorise_case(actor, Action::OpenCase, org); !allowed) {
    return std::move(allowed).error();
  }
  return store_.in_transaction([&](Transaction& tx) -> Result<std::vector<EarlierCase>> {
    auto country = org_country(tx, org);
    if (!country) return std::move(country).error();
    auto normal = normalise_handle(kind, raw, *country);
    if (!normal) return invalid(handle_problem(kind));
    auto hash = hash_handle(pepper_, kind, *normal);
    if (!hash) return std::move(hash).error();
    auto marked =
        tx.case_people().cases_with(org, {to_stored(*hash)}, std::nullopt, kMaxEarlierCases);
    if (!marked) return std::move(marked).error();
    auto event = AuditEvent::by(actor, AuditAction::ContactLookedUp);
    event.organisation = org;
    if (auto audited = audit_.append(tx, event); !audited) return std::move(audited).error();
    std::vector<EarlierCase> out;
    for (auto const& one : *marked) out.push_back(earlier_case(one));
    return out;
  });
}

}  // namespace haven::app
