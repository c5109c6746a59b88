// Cases (issue 4): one person's request for help, owned by one organisation. Only the
// metadata DESIGN.md §2 allows is plaintext and lives here: number, status, channel, coarse
// countries, language, topics, urgency flags, assignee, times, outcome. Everything a person
// said or is (names, handles, notes, documents) is sealed under the case's DEK in vault/ and
// never appears in this module.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "domain/ids.h"
#include "domain/language.h"

namespace haven::domain {

// The status workflow (transitions in can_change_status).
enum class CaseStatus { New, Open, WaitingForPerson, WaitingForAuthority, Referred, Closed };
inline constexpr std::array<CaseStatus, 6> kCaseStatuses = {CaseStatus::New,
                                                            CaseStatus::Open,
                                                            CaseStatus::WaitingForPerson,
                                                            CaseStatus::WaitingForAuthority,
                                                            CaseStatus::Referred,
                                                            CaseStatus::Closed};

enum class Channel { Hotline, Email, Web, Messenger, InPerson };
inline constexpr std::array<Channel, 5> kChannels = {Channel::Hotline, Channel::Email, Channel::Web,
                                                     Channel::Messenger, Channel::InPerson};

enum class Topic {
  AvoidingConscription,
  ConscientiousObjection,  // including alternative civilian service
  Desertion,
  Asylum,
  ExtraditionOrDeportation,
  LegalDefence,
  MaterialNeed,
  PsychologicalSupport,
};
inline constexpr std::array<Topic, 8> kTopics = {Topic::AvoidingConscription,
                                                 Topic::ConscientiousObjection,
                                                 Topic::Desertion,
                                                 Topic::Asylum,
                                                 Topic::ExtraditionOrDeportation,
                                                 Topic::LegalDefence,
                                                 Topic::MaterialNeed,
                                                 Topic::PsychologicalSupport};

enum class Urgency {
  Detained,
  ExtraditionRisk,
  SummonsReceived,
  DeploymentImminent,
  InHiding,
  Minor
};
inline constexpr std::array<Urgency, 6> kUrgencies = {
    Urgency::Detained,           Urgency::ExtraditionRisk, Urgency::SummonsReceived,
    Urgency::DeploymentImminent, Urgency::InHiding,        Urgency::Minor};

// Why a case was closed; required when closing, cleared when reopening.
enum class Outcome {
  Resolved,           // the person got what they needed
  ReferredElsewhere,  // handed on outside the network
  ContactLost,
  PersonWithdrew,
  OutOfScope,
  Duplicate,
};
inline constexpr std::array<Outcome, 6> kOutcomes = {
    Outcome::Resolved,       Outcome::ReferredElsewhere, Outcome::ContactLost,
    Outcome::PersonWithdrew, Outcome::OutOfScope,        Outcome::Duplicate};

// Stable lower-case words with hyphens ("waiting-for-person", "in-person", "avoiding-
// conscription", "deployment-imminent", "referred-elsewhere"): what the database, URLs and
// the API use, never shown to people (the catalog translates). parse_* accepts exactly these.
std::string_view to_string(CaseStatus status);
std::string_view to_string(Channel channel);
std::string_view to_string(Topic topic);
std::string_view to_string(Urgency urgency);
std::string_view to_string(Outcome outcome);
std::optional<CaseStatus> parse_case_status(std::string_view text);
std::optional<Channel> parse_channel(std::string_view text);
std::optional<Topic> parse_topic(std::string_view text);
std::optional<Urgency> parse_urgency(std::string_view text);
std::optional<Outcome> parse_outcome(std::string_view text);

// A set of topics or urgency flags as a bit mask (bit i = the i-th value of kTopics /
// kUrgencies): stored as an integer, so queues filter with one comparison.
template <class Flag>
class FlagSet {
 public:
  FlagSet() = default;
  static FlagSet from_bits(std::uint32_t bits) { return FlagSet(bits); }
  std::uint32_t bits() const { return bits_; }
  bool empty() const { return bits_ == 0; }
  bool contains(Flag flag) const { return (bits_ & bit(flag)) != 0; }
  void insert(Flag flag) { bits_ |= bit(flag); }
  void erase(Flag flag) { bits_ &= ~bit(flag); }
  bool operator==(FlagSet const&) const = default;

 private:
  explicit FlagSet(std::uint32_t bits) : bits_(bits) {}
  static std::uint32_t bit(Flag flag) { return std::uint32_t{1} << static_cast<unsigned>(flag); }
  std::uint32_t bits_ = 0;
};
using TopicSet = FlagSet<Topic>;
using UrgencySet = FlagSet<Urgency>;

// Bits outside the known values (a corrupted or newer row): InvalidInput.
Result<TopicSet> topics_from_bits(std::uint32_t bits);
Result<UrgencySet> urgencies_from_bits(std::uint32_t bits);

// Coarse origin of the person: where they are from, as DESIGN.md §2 allows.
enum class Origin { Russia, Belarus, Ukraine, Other, Unknown };
inline constexpr std::array<Origin, 5> kOrigins = {Origin::Russia, Origin::Belarus, Origin::Ukraine,
                                                   Origin::Other, Origin::Unknown};
std::string_view to_string(Origin origin);  // "ru", "by", "ua", "other", "unknown"
std::optional<Origin> parse_origin(std::string_view text);

// What a counsellor (or an intake channel) decides about a case; plaintext by design.
struct CaseMetadata {
  CaseStatus status = CaseStatus::New;
  Channel channel = Channel::Hotline;
  Origin origin = Origin::Unknown;
  // ISO 3166-1 alpha-2 of where the person is now (upper case), or empty when unknown.
  std::string current_country;
  Language language = Language::Ru;
  TopicSet topics;
  UrgencySet urgency;
  std::optional<UserId> assignee;
  // Set exactly when status is Closed.
  std::optional<Outcome> outcome;
  bool operator==(CaseMetadata const&) const = default;
};

// InvalidInput naming the first bad field: a current country that is not a known code
// (is_known_country), an outcome without Closed or Closed without an outcome.
Result<void> validate(CaseMetadata const& metadata);

// The workflow: New → Open; Open, WaitingForPerson and WaitingForAuthority among each other;
// any open status (New, Open, Waiting*) → Referred; Referred → Open (the referral came back);
// any status but Closed → Closed (with an outcome); Closed → Open (reopened). Staying in the
// same status is not a change (false).
bool can_change_status(CaseStatus from, CaseStatus to);
// Applies a status change to `metadata`: InvalidInput (naming both statuses) when the
// workflow forbids it, when closing without an outcome, or when an outcome is given for any
// other status. Reopening clears the outcome. `metadata` is unchanged on error.
Result<void> change_status(CaseMetadata& metadata, CaseStatus to, std::optional<Outcome> outcome);

// The human case number: organisation country, year, per-organisation-and-year sequence
// from 1, at least four digits ("LV-2026-0042", "DE-2026-12345"). `sequence` ≥ 1.
std::string format_case_number(std::string_view org_country, int year, std::int64_t sequence);

// A case as stored: metadata plus what the store keeps about it. `version` increases by one
// on every change, so two counsellors never silently overwrite each other (issue 4 §7).
struct Case {
  CaseId id;
  OrgId org;
  std::string number;
  CaseMetadata metadata;
  std::chrono::system_clock::time_point created_at;
  std::chrono::system_clock::time_point updated_at;
  std::optional<std::chrono::system_clock::time_point> closed_at;
  std::int64_t version = 1;
};

// What a timeline entry is (the entry's content is sealed under the case's DEK; its kind
// and time are plaintext so the page can be laid out before anything is decrypted).
enum class EntryKind { Note, Call, MessageIn, MessageOut, Document, StatusChange, Assignment };
inline constexpr std::array<EntryKind, 7> kEntryKinds = {
    EntryKind::Note,     EntryKind::Call,         EntryKind::MessageIn, EntryKind::MessageOut,
    EntryKind::Document, EntryKind::StatusChange, EntryKind::Assignment};
std::string_view to_string(EntryKind kind);  // "note", "call", "message-in", …
std::optional<EntryKind> parse_entry_kind(std::string_view text);

}  // namespace haven::domain
