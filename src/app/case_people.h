// The person on a case (issue 4 §1): recording and reading the alias and the encrypted
// details, and "contacted us before" from keyed hashes of the person's normalised contact
// handles, never across organisations. The whole person is one envelope sealed under the
// case's DEK (AAD = case id + "person"; docs/formats/case-person.md).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/audit_log.h"
#include "app/case_access.h"
#include "app/case_service.h"
#include "app/policy.h"
#include "app/ports/store.h"
#include "core/clock.h"
#include "core/result.h"
#include "domain/case.h"
#include "domain/ids.h"
#include "domain/person.h"
#include "vault/keypair.h"
#include "vault/secret_bytes.h"

namespace haven::app {

// The most earlier cases listed per handle (and per lookup).
inline constexpr std::size_t kMaxEarlierCases = 20;

// The details of the InvalidInput a bad form gets, one per field, so the page can say in
// the reader's language which field to correct (and keep everything typed).
inline constexpr std::string_view kBadAlias =
    "the alias is required: 1 to 80 characters on one line";
inline constexpr std::string_view kBadNames =
    "the names are too long or hold characters that cannot be stored";
inline constexpr std::string_view kBadBirthDate =
    "the date of birth must be a year (1994) or a date (1994-03-07), not in the future";
inline constexpr std::string_view kBadDocuments =
    "the documents held are too long or hold characters that cannot be stored";
inline constexpr std::string_view kBadPhone = "a phone number is not valid";
inline constexpr std::string_view kBadEmail = "an email address is not valid";
inline constexpr std::string_view kBadTelegram = "a Telegram username is not valid";
inline constexpr std::string_view kBadSignal = "a Signal number or username is not valid";
inline constexpr std::string_view kTooManyHandles = "a person has at most 10 contact handles";
inline constexpr std::string_view kSameHandleTwice = "the same contact handle is given twice";

// A handle as typed into a form: contact_handles.h normalises it.
struct TypedHandle {
  domain::ContactKind kind = domain::ContactKind::Phone;
  std::string value;
};

// What a counsellor submits for the person: every field as typed. Empty optional fields
// (names, born, documents) stay unrecorded; handles with an empty value are skipped.
struct PersonForm {
  std::string alias;
  std::string names;
  std::string born;  // "", "1994" or "1994-03-07"
  std::string documents;
  std::vector<TypedHandle> handles;
};

// Another case of the same organisation that holds the same handle.
struct EarlierCase {
  domain::CaseId id;
  std::string number;
  domain::CaseStatus status = domain::CaseStatus::New;
  std::chrono::system_clock::time_point created_at;
};

struct OpenedHandle {
  domain::ContactHandle handle;               // normalised
  std::string shown;                          // contact_handles.h display_handle
  std::vector<EarlierCase> contacted_before;  // newest first, this case excluded
};

// The person as the reader sees it. `version` 0 with no person: none recorded yet.
struct OpenedPerson {
  std::optional<domain::Person> person;
  std::vector<OpenedHandle> handles;  // person->handles in order, with their hints
  std::int64_t version = 0;
};

// What save returns, like CaseChange: with ErrorCode::Conflict ("changed meanwhile")
// `current` holds the person as stored now, so the page can show it next to what was typed.
struct [[nodiscard]] PersonChange {
  Result<OpenedPerson> result;
  std::optional<OpenedPerson> current;
};

// Errors as CaseService's (case_service.h): NotFound alike for an unknown case, another
// organisation's and an organisation the actor does not belong to; PermissionDenied for a
// role the policy refuses and, with kNoOrgKeyGrant, without a grant of the organisation
// key; InvalidInput for a bad form, naming the field and never echoing a value. Nothing is
// written on any error. No alias, name or handle is ever logged or audited.
class CasePeople {
 public:
  // Every reference must outlive the object. `handle_pepper` is the instance's pepper for
  // contact handle hashes (vault/keyed_hash.h). Thread-safe as the store is.
  CasePeople(Store& store, Clock const& clock, AuditLog const& audit,
             vault::SecretBytes const& handle_pepper)
      : store_(store), clock_(clock), audit_(audit), pepper_(handle_pepper) {}

  // The case's person with "contacted before" hints for each handle, after
  // Action::OpenCase. Part of opening the case: it audits nothing itself, so call it only
  // together with CaseService::open, which audits case_opened. Corruption when the stored
  // envelope does not open.
  Result<OpenedPerson> read(Actor const& actor, vault::Keypair const& reader,
                            domain::OrgId const& org, domain::CaseId const& id);

  // Records the person from `form` (handles normalised with the organisation's country as
  // the default phone region), after Action::EditCase, if the stored person is still at
  // `expected_version` (0: none recorded yet); replaces the handle hashes; moves the case's
  // updated_at and version like any change. Audits person_changed (the case id only). A
  // form that changes nothing writes and audits nothing. Returns the person as stored.
  PersonChange save(Actor const& actor, vault::Keypair const& reader, domain::OrgId const& org,
                    domain::CaseId const& id, std::int64_t expected_version,
                    PersonForm const& form);

  // A new case whose person comes from the same form (the new case form): the form is
  // checked first, so a bad person makes no case; then CaseService::create and save. Should
  // the second step fail (the database went away between them), the case exists without a
  // person and the error is returned.
  Result<domain::Case> create_case(CaseService& cases, Actor const& actor,
                                   vault::Keypair const& reader, domain::OrgId const& org,
                                   NewCase const& request, PersonForm const& form);

  // The hotline's step inside the caller's transaction on a case it has unlocked (checks
  // no permission: authorise_case first): adds the phone number `phone` (as typed; blank:
  // none) to the case's person unless it holds it already, or records a person with the
  // alias `alias_if_none` (and the number) when the case has none yet. InvalidInput
  // kBadPhone, kTooManyHandles or kBadAlias. Audits person_changed when it wrote. Moves
  // neither the case's version nor its updated_at: the caller's change of the case does.
  // Returns whether it wrote.
  Result<bool> note_caller_in(Transaction& tx, Actor const& actor, UnlockedCase const& unlocked,
                              std::string_view phone, std::string_view alias_if_none);

  // The organisation's cases holding `raw` as a handle of `kind` (the hotline form: "this
  // number contacted us before"), newest first, after Action::OpenCase. Audits
  // contact_looked_up without the handle. InvalidInput for a handle that does not
  // normalise.
  Result<std::vector<EarlierCase>> contacted_before(Actor const& actor, domain::OrgId const& org,
                                                    domain::ContactKind kind, std::string_view raw);

 private:
  Store& store_;
  Clock const& clock_;
  AuditLog const& audit_;
  vault::SecretBytes const& pepper_;
};

}  // namespace haven::app
