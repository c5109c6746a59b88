#include "domain/case.h"

#include <cassert>
#include <cstdio>

#include "domain/organisation.h"

namespace haven::domain {

namespace {

// The one parse loop: the stable word of each value in `values`, compared exactly.
template <class Enum, std::size_t N>
std::optional<Enum> parse_word(std::array<Enum, N> const& values, std::string_view text) {
  for (Enum value : values) {
    if (to_string(value) == text) return value;
  }
  return std::nullopt;
}

// Every bit a known value of `values` may set.
template <class Flag, std::size_t N>
std::uint32_t known_bits(std::array<Flag, N> const& values) {
  FlagSet<Flag> all;
  for (Flag flag : values) all.insert(flag);
  return all.bits();
}

}  // namespace

std::string_view to_string(CaseStatus status) {
  switch (status) {
    case CaseStatus::New:
      return "new";
    case CaseStatus::Open:
      return "open";
    case CaseStatus::WaitingForPerson:
      return "waiting-for-person";
    case CaseStatus::WaitingForAuthority:
      return "waiting-for-authority";
    case CaseStatus::Referred:
      return "referred";
    case CaseStatus::Closed:
      return "closed";
  }
  return "new";
}

std::string_view to_string(Channel channel) {
  switch (channel) {
    case Channel::Hotline:
      return "hotline";
    case Channel::Email:
      return "email";
    case Channel::Web:
      return "web";
    case Channel::Messenger:
      return "messenger";
    case Channel::InPerson:
      return "in-person";
  }
  return "hotline";
}

std::string_view to_string(Topic topic) {
  switch (topic) {
    case Topic::AvoidingConscription:
      return "avoiding-conscription";
    case Topic::ConscientiousObjection:
      return "conscientious-objection";
    case Topic::Desertion:
      return "desertion";
    case Topic::Asylum:
      return "asylum";
    case Topic::ExtraditionOrDeportation:
      return "extradition-or-deportation";
    case Topic::LegalDefence:
      return "legal-defence";
    case Topic::MaterialNeed:
      return "material-need";
    case Topic::PsychologicalSupport:
      return "psychological-support";
  }
  return "asylum";
}

std::string_view to_string(Urgency urgency) {
  switch (urgency) {
    case Urgency::Detained:
      return "detained";
    case Urgency::ExtraditionRisk:
      return "extradition-risk";
    case Urgency::SummonsReceived:
      return "summons-received";
    case Urgency::DeploymentImminent:
      return "deployment-imminent";
    case Urgency::InHiding:
      return "in-hiding";
    case Urgency::Minor:
      return "minor";
  }
  return "detained";
}

std::string_view to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::Resolved:
      return "resolved";
    case Outcome::ReferredElsewhere:
      return "referred-elsewhere";
    case Outcome::ContactLost:
      return "contact-lost";
    case Outcome::PersonWithdrew:
      return "person-withdrew";
    case Outcome::OutOfScope:
      return "out-of-scope";
    case Outcome::Duplicate:
      return "duplicate";
  }
  return "resolved";
}

std::string_view to_string(Origin origin) {
  switch (origin) {
    case Origin::Russia:
      return "ru";
    case Origin::Belarus:
      return "by";
    case Origin::Ukraine:
      return "ua";
    case Origin::Other:
      return "other";
    case Origin::Unknown:
      return "unknown";
  }
  return "unknown";
}

std::string_view to_string(EntryKind kind) {
  switch (kind) {
    case EntryKind::Note:
      return "note";
    case EntryKind::Call:
      return "call";
    case EntryKind::MessageIn:
      return "message-in";
    case EntryKind::MessageOut:
      return "message-out";
    case EntryKind::Document:
      return "document";
    case EntryKind::StatusChange:
      return "status-change";
    case EntryKind::Assignment:
      return "assignment";
  }
  return "note";
}

std::optional<CaseStatus> parse_case_status(std::string_view text) {
  return parse_word(kCaseStatuses, text);
}
std::optional<Channel> parse_channel(std::string_view text) { return parse_word(kChannels, text); }
std::optional<Topic> parse_topic(std::string_view text) { return parse_word(kTopics, text); }
std::optional<Urgency> parse_urgency(std::string_view text) { return parse_word(kUrgencies, text); }
std::optional<Outcome> parse_outcome(std::string_view text) { return parse_word(kOutcomes, text); }
std::optional<Origin> parse_origin(std::string_view text) { return parse_word(kOrigins, text); }
std::optional<EntryKind> parse_entry_kind(std::string_view text) {
  return parse_word(kEntryKinds, text);
}

Result<TopicSet> topics_from_bits(std::uint32_t bits) {
  if ((bits & ~known_bits(kTopics)) != 0) {
    return make_error(ErrorCode::InvalidInput, "topics: unknown bits " + std::to_string(bits));
  }
  return TopicSet::from_bits(bits);
}

Result<UrgencySet> urgencies_from_bits(std::uint32_t bits) {
  if ((bits & ~known_bits(kUrgencies)) != 0) {
    return make_error(ErrorCode::InvalidInput, "urgency: unknown bits " + std::to_string(bits));
  }
  return UrgencySet::from_bits(bits);
}

Result<void> validate(CaseMetadata const& metadata) {
  if (!metadata.current_country.empty() && !is_known_country(metadata.current_country)) {
    return make_error(ErrorCode::InvalidInput,
                      "current country must be empty or an ISO 3166-1 alpha-2 code such as DE");
  }
  bool closed = metadata.status == CaseStatus::Closed;
  if (closed && !metadata.outcome) {
    return make_error(ErrorCode::InvalidInput, "outcome: a closed case needs an outcome");
  }
  if (!closed && metadata.outcome) {
    return make_error(ErrorCode::InvalidInput,
                      "outcome: only a closed case has an outcome, status is " +
                          std::string(to_string(metadata.status)));
  }
  return {};
}

bool can_change_status(CaseStatus from, CaseStatus to) {
  if (from == to) return false;
  switch (to) {
    case CaseStatus::New:
      return false;  // nothing goes back to new
    case CaseStatus::Open:
      return true;  // accepted, back from waiting, referral came back, reopened
    case CaseStatus::WaitingForPerson:
    case CaseStatus::WaitingForAuthority:
      return from == CaseStatus::Open || from == CaseStatus::WaitingForPerson ||
             from == CaseStatus::WaitingForAuthority;
    case CaseStatus::Referred:
      return from != CaseStatus::Closed;
    case CaseStatus::Closed:
      return true;  // from any status but Closed (from == to was refused above)
  }
  return false;
}

Result<void> change_status(CaseMetadata& metadata, CaseStatus to, std::optional<Outcome> outcome) {
  auto refuse = [&](std::string_view why) {
    return make_error(ErrorCode::InvalidInput, "status " + std::string(to_string(metadata.status)) +
                                                   " -> " + std::string(to_string(to)) + ": " +
                                                   std::string(why));
  };
  if (!can_change_status(metadata.status, to)) return refuse("not allowed by the workflow");
  if (to == CaseStatus::Closed && !outcome) return refuse("closing needs an outcome");
  if (to != CaseStatus::Closed && outcome) return refuse("only closing takes an outcome");
  metadata.status = to;
  metadata.outcome = outcome;  // set when closing, cleared otherwise (a reopen clears it)
  return {};
}

std::string format_case_number(std::string_view org_country, int year, std::int64_t sequence) {
  assert(sequence >= 1);
  char digits[32];
  std::snprintf(digits, sizeof digits, "%04lld", static_cast<long long>(sequence));
  std::string number(org_country);
  number += '-';
  number += std::to_string(year);
  number += '-';
  number += digits;
  return number;
}

}  // namespace haven::domain
