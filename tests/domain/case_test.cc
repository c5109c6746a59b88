#include "domain/case.h"

#include <gtest/gtest.h>

#include <cctype>
#include <string>

namespace haven::domain {
namespace {

// What parse_* must refuse besides unknown words: empty, other case, surrounding spaces.
template <class Enum, std::size_t N, class Parse>
void expect_strict_parse(std::array<Enum, N> const& values, Parse parse) {
  EXPECT_EQ(parse(""), std::nullopt);
  EXPECT_EQ(parse("-"), std::nullopt);
  EXPECT_EQ(parse("unknown-word"), std::nullopt);
  for (Enum value : values) {
    std::string word(to_string(value));
    EXPECT_EQ(parse(word + " "), std::nullopt) << word;
    EXPECT_EQ(parse(" " + word), std::nullopt) << word;
    EXPECT_EQ(parse(word + "\n"), std::nullopt) << word;
    std::string upper = word;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_EQ(parse(upper), std::nullopt) << word;
    std::string capitalised = word;
    capitalised[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(word[0])));
    EXPECT_EQ(parse(capitalised), std::nullopt) << word;
    std::string underscores = word;
    bool changed = false;
    for (char& c : underscores) {
      if (c == '-') {
        c = '_';
        changed = true;
      }
    }
    if (changed) {
      EXPECT_EQ(parse(underscores), std::nullopt) << word;
    }
  }
}

TEST(Case, StatusWords) {
  EXPECT_EQ(to_string(CaseStatus::New), "new");
  EXPECT_EQ(to_string(CaseStatus::Open), "open");
  EXPECT_EQ(to_string(CaseStatus::WaitingForPerson), "waiting-for-person");
  EXPECT_EQ(to_string(CaseStatus::WaitingForAuthority), "waiting-for-authority");
  EXPECT_EQ(to_string(CaseStatus::Referred), "referred");
  EXPECT_EQ(to_string(CaseStatus::Closed), "closed");
  for (CaseStatus value : kCaseStatuses) EXPECT_EQ(parse_case_status(to_string(value)), value);
  expect_strict_parse(kCaseStatuses, parse_case_status);
  EXPECT_EQ(parse_case_status("waiting"), std::nullopt);
}

TEST(Case, ChannelWords) {
  EXPECT_EQ(to_string(Channel::Hotline), "hotline");
  EXPECT_EQ(to_string(Channel::Email), "email");
  EXPECT_EQ(to_string(Channel::Web), "web");
  EXPECT_EQ(to_string(Channel::Messenger), "messenger");
  EXPECT_EQ(to_string(Channel::InPerson), "in-person");
  for (Channel value : kChannels) EXPECT_EQ(parse_channel(to_string(value)), value);
  expect_strict_parse(kChannels, parse_channel);
  EXPECT_EQ(parse_channel("inperson"), std::nullopt);
}

TEST(Case, TopicWords) {
  EXPECT_EQ(to_string(Topic::AvoidingConscription), "avoiding-conscription");
  EXPECT_EQ(to_string(Topic::ConscientiousObjection), "conscientious-objection");
  EXPECT_EQ(to_string(Topic::Desertion), "desertion");
  EXPECT_EQ(to_string(Topic::Asylum), "asylum");
  EXPECT_EQ(to_string(Topic::ExtraditionOrDeportation), "extradition-or-deportation");
  EXPECT_EQ(to_string(Topic::LegalDefence), "legal-defence");
  EXPECT_EQ(to_string(Topic::MaterialNeed), "material-need");
  EXPECT_EQ(to_string(Topic::PsychologicalSupport), "psychological-support");
  for (Topic value : kTopics) EXPECT_EQ(parse_topic(to_string(value)), value);
  expect_strict_parse(kTopics, parse_topic);
  EXPECT_EQ(parse_topic("legal-defense"), std::nullopt);
}

TEST(Case, UrgencyWords) {
  EXPECT_EQ(to_string(Urgency::Detained), "detained");
  EXPECT_EQ(to_string(Urgency::ExtraditionRisk), "extradition-risk");
  EXPECT_EQ(to_string(Urgency::SummonsReceived), "summons-received");
  EXPECT_EQ(to_string(Urgency::DeploymentImminent), "deployment-imminent");
  EXPECT_EQ(to_string(Urgency::InHiding), "in-hiding");
  EXPECT_EQ(to_string(Urgency::Minor), "minor");
  for (Urgency value : kUrgencies) EXPECT_EQ(parse_urgency(to_string(value)), value);
  expect_strict_parse(kUrgencies, parse_urgency);
}

TEST(Case, OutcomeWords) {
  EXPECT_EQ(to_string(Outcome::Resolved), "resolved");
  EXPECT_EQ(to_string(Outcome::ReferredElsewhere), "referred-elsewhere");
  EXPECT_EQ(to_string(Outcome::ContactLost), "contact-lost");
  EXPECT_EQ(to_string(Outcome::PersonWithdrew), "person-withdrew");
  EXPECT_EQ(to_string(Outcome::OutOfScope), "out-of-scope");
  EXPECT_EQ(to_string(Outcome::Duplicate), "duplicate");
  for (Outcome value : kOutcomes) EXPECT_EQ(parse_outcome(to_string(value)), value);
  expect_strict_parse(kOutcomes, parse_outcome);
}

TEST(Case, OriginWords) {
  EXPECT_EQ(to_string(Origin::Russia), "ru");
  EXPECT_EQ(to_string(Origin::Belarus), "by");
  EXPECT_EQ(to_string(Origin::Ukraine), "ua");
  EXPECT_EQ(to_string(Origin::Other), "other");
  EXPECT_EQ(to_string(Origin::Unknown), "unknown");
  for (Origin value : kOrigins) EXPECT_EQ(parse_origin(to_string(value)), value);
  expect_strict_parse(kOrigins, parse_origin);
  EXPECT_EQ(parse_origin("de"), std::nullopt);
}

TEST(Case, EntryKindWords) {
  EXPECT_EQ(to_string(EntryKind::Note), "note");
  EXPECT_EQ(to_string(EntryKind::Call), "call");
  EXPECT_EQ(to_string(EntryKind::MessageIn), "message-in");
  EXPECT_EQ(to_string(EntryKind::MessageOut), "message-out");
  EXPECT_EQ(to_string(EntryKind::Document), "document");
  EXPECT_EQ(to_string(EntryKind::StatusChange), "status-change");
  EXPECT_EQ(to_string(EntryKind::Assignment), "assignment");
  for (EntryKind value : kEntryKinds) EXPECT_EQ(parse_entry_kind(to_string(value)), value);
  expect_strict_parse(kEntryKinds, parse_entry_kind);
}

TEST(Case, FlagSets) {
  TopicSet topics;
  EXPECT_TRUE(topics.empty());
  EXPECT_EQ(topics.bits(), 0u);
  topics.insert(Topic::Desertion);
  topics.insert(Topic::Asylum);
  topics.insert(Topic::Asylum);  // idempotent
  EXPECT_FALSE(topics.empty());
  EXPECT_TRUE(topics.contains(Topic::Desertion));
  EXPECT_TRUE(topics.contains(Topic::Asylum));
  EXPECT_FALSE(topics.contains(Topic::AvoidingConscription));
  EXPECT_EQ(topics.bits(), (1u << 2) | (1u << 3));  // bit i = kTopics[i]
  topics.erase(Topic::Desertion);
  topics.erase(Topic::MaterialNeed);  // absent: no effect
  EXPECT_FALSE(topics.contains(Topic::Desertion));
  EXPECT_EQ(topics.bits(), 1u << 3);
  topics.erase(Topic::Asylum);
  EXPECT_TRUE(topics.empty());

  // Bit i is the i-th value of the array, for every value.
  for (std::size_t i = 0; i < kTopics.size(); ++i) {
    TopicSet one;
    one.insert(kTopics[i]);
    EXPECT_EQ(one.bits(), 1u << i) << to_string(kTopics[i]);
  }
  for (std::size_t i = 0; i < kUrgencies.size(); ++i) {
    UrgencySet one;
    one.insert(kUrgencies[i]);
    EXPECT_EQ(one.bits(), 1u << i) << to_string(kUrgencies[i]);
  }

  UrgencySet urgency;
  urgency.insert(Urgency::Minor);
  urgency.insert(Urgency::Detained);
  EXPECT_EQ(urgency.bits(), (1u << 5) | 1u);
  EXPECT_EQ(UrgencySet::from_bits(urgency.bits()), urgency);
}

TEST(Case, FromBitsRefusesUnknownBits) {
  auto all_topics = topics_from_bits(0xFFu);
  ASSERT_TRUE(all_topics.ok());
  for (Topic topic : kTopics) EXPECT_TRUE(all_topics->contains(topic)) << to_string(topic);
  auto none = topics_from_bits(0);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  for (std::uint32_t bits : {0x100u, 0x1FFu, 0x80000000u, 0xFFFFFFFFu}) {
    auto r = topics_from_bits(bits);
    ASSERT_FALSE(r.ok()) << bits;
    EXPECT_EQ(r.error().code, ErrorCode::InvalidInput);
  }

  auto all_urgencies = urgencies_from_bits(0x3Fu);
  ASSERT_TRUE(all_urgencies.ok());
  for (Urgency urgency : kUrgencies) EXPECT_TRUE(all_urgencies->contains(urgency));
  EXPECT_EQ(urgencies_from_bits(0x21u)->bits(), 0x21u);
  for (std::uint32_t bits : {0x40u, 0x7Fu, 0x80000000u, 0xFFFFFFFFu}) {
    auto r = urgencies_from_bits(bits);
    ASSERT_FALSE(r.ok()) << bits;
    EXPECT_EQ(r.error().code, ErrorCode::InvalidInput);
  }
}

// The documented workflow, written out: rows are `from`, columns are `to`, both in the order
// of kCaseStatuses (New, Open, WaitingForPerson, WaitingForAuthority, Referred, Closed).
constexpr bool kAllowed[6][6] = {
    //  new    open   w-pers w-auth refer  closed
    {false, true, false, false, true, true},    // new
    {false, false, true, true, true, true},     // open
    {false, true, false, true, true, true},     // waiting-for-person
    {false, true, true, false, true, true},     // waiting-for-authority
    {false, true, false, false, false, true},   // referred
    {false, true, false, false, false, false},  // closed
};

TEST(Case, TransitionTable) {
  static_assert(kCaseStatuses.size() == 6);
  for (std::size_t from = 0; from < 6; ++from) {
    for (std::size_t to = 0; to < 6; ++to) {
      EXPECT_EQ(can_change_status(kCaseStatuses[from], kCaseStatuses[to]), kAllowed[from][to])
          << to_string(kCaseStatuses[from]) << " -> " << to_string(kCaseStatuses[to]);
    }
  }
}

TEST(Case, ChangeStatusFollowsTheTable) {
  for (std::size_t from = 0; from < 6; ++from) {
    for (std::size_t to = 0; to < 6; ++to) {
      CaseMetadata metadata;
      metadata.status = kCaseStatuses[from];
      if (metadata.status == CaseStatus::Closed) metadata.outcome = Outcome::Resolved;
      std::optional<Outcome> outcome;
      if (kCaseStatuses[to] == CaseStatus::Closed) outcome = Outcome::ContactLost;
      auto r = change_status(metadata, kCaseStatuses[to], outcome);
      EXPECT_EQ(r.ok(), kAllowed[from][to])
          << to_string(kCaseStatuses[from]) << " -> " << to_string(kCaseStatuses[to]);
      if (r.ok()) {
        EXPECT_EQ(metadata.status, kCaseStatuses[to]);
        EXPECT_EQ(metadata.outcome, outcome);
        EXPECT_TRUE(validate(metadata).ok());
      } else {
        EXPECT_EQ(metadata.status, kCaseStatuses[from]);
      }
    }
  }
}

CaseMetadata sample_metadata() {
  CaseMetadata metadata;
  metadata.status = CaseStatus::Open;
  metadata.channel = Channel::Messenger;
  metadata.origin = Origin::Belarus;
  metadata.current_country = "LT";
  metadata.language = Language::Ru;
  metadata.topics.insert(Topic::Asylum);
  metadata.urgency.insert(Urgency::SummonsReceived);
  return metadata;
}

void expect_refused(CaseMetadata metadata, CaseStatus to, std::optional<Outcome> outcome) {
  CaseMetadata const before = metadata;
  auto r = change_status(metadata, to, outcome);
  ASSERT_FALSE(r.ok()) << to_string(before.status) << " -> " << to_string(to);
  EXPECT_EQ(r.error().code, ErrorCode::InvalidInput);
  EXPECT_NE(r.error().detail.find(to_string(before.status)), std::string::npos) << r.error().detail;
  EXPECT_NE(r.error().detail.find(to_string(to)), std::string::npos) << r.error().detail;
  EXPECT_EQ(metadata, before);  // unchanged on error
}

TEST(Case, ClosingNeedsAnOutcome) {
  expect_refused(sample_metadata(), CaseStatus::Closed, std::nullopt);

  auto metadata = sample_metadata();
  ASSERT_TRUE(change_status(metadata, CaseStatus::Closed, Outcome::OutOfScope).ok());
  EXPECT_EQ(metadata.status, CaseStatus::Closed);
  EXPECT_EQ(metadata.outcome, Outcome::OutOfScope);
  // Only the status and outcome changed.
  auto expected = sample_metadata();
  expected.status = CaseStatus::Closed;
  expected.outcome = Outcome::OutOfScope;
  EXPECT_EQ(metadata, expected);
}

TEST(Case, OutcomeOnlyWhenClosing) {
  expect_refused(sample_metadata(), CaseStatus::WaitingForPerson, Outcome::Resolved);
  expect_refused(sample_metadata(), CaseStatus::Referred, Outcome::ReferredElsewhere);
  auto closed = sample_metadata();
  closed.status = CaseStatus::Closed;
  closed.outcome = Outcome::Duplicate;
  expect_refused(closed, CaseStatus::Open, Outcome::Resolved);  // reopening takes none
}

TEST(Case, ForbiddenTransitionsNameBothStatuses) {
  auto metadata = sample_metadata();
  metadata.status = CaseStatus::Referred;
  expect_refused(metadata, CaseStatus::WaitingForAuthority, std::nullopt);
  metadata.status = CaseStatus::New;
  expect_refused(metadata, CaseStatus::WaitingForPerson, std::nullopt);
  expect_refused(metadata, CaseStatus::New, std::nullopt);  // staying is not a change
  auto closed = sample_metadata();
  closed.status = CaseStatus::Closed;
  closed.outcome = Outcome::Resolved;
  expect_refused(closed, CaseStatus::Closed, Outcome::Duplicate);
  expect_refused(closed, CaseStatus::Referred, std::nullopt);
}

TEST(Case, ReopeningClearsTheOutcome) {
  auto metadata = sample_metadata();
  ASSERT_TRUE(change_status(metadata, CaseStatus::Closed, Outcome::PersonWithdrew).ok());
  ASSERT_TRUE(change_status(metadata, CaseStatus::Open, std::nullopt).ok());
  EXPECT_EQ(metadata.status, CaseStatus::Open);
  EXPECT_EQ(metadata.outcome, std::nullopt);
  EXPECT_EQ(metadata, sample_metadata());
  EXPECT_TRUE(validate(metadata).ok());
}

TEST(Case, Validate) {
  EXPECT_TRUE(validate(CaseMetadata{}).ok());  // new, country unknown
  EXPECT_TRUE(validate(sample_metadata()).ok());

  for (auto country : {"lt", "Lt", "XX", "LTU", "L", " LT", "LT ", "ZZ"}) {
    auto metadata = sample_metadata();
    metadata.current_country = country;
    auto r = validate(metadata);
    ASSERT_FALSE(r.ok()) << country;
    EXPECT_EQ(r.error().code, ErrorCode::InvalidInput);
    EXPECT_NE(r.error().detail.find("country"), std::string::npos) << r.error().detail;
  }

  auto open_with_outcome = sample_metadata();
  open_with_outcome.outcome = Outcome::Resolved;
  auto r = validate(open_with_outcome);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::InvalidInput);
  EXPECT_NE(r.error().detail.find("outcome"), std::string::npos) << r.error().detail;

  auto closed_without = sample_metadata();
  closed_without.status = CaseStatus::Closed;
  r = validate(closed_without);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::InvalidInput);
  EXPECT_NE(r.error().detail.find("outcome"), std::string::npos) << r.error().detail;

  closed_without.outcome = Outcome::Resolved;
  EXPECT_TRUE(validate(closed_without).ok());

  // The first bad field is named: the country comes before the outcome.
  auto both = open_with_outcome;
  both.current_country = "de";
  r = validate(both);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().detail.find("country"), std::string::npos) << r.error().detail;
}

TEST(Case, CaseNumbers) {
  EXPECT_EQ(format_case_number("LV", 2026, 42), "LV-2026-0042");
  EXPECT_EQ(format_case_number("DE", 2026, 12345), "DE-2026-12345");
  EXPECT_EQ(format_case_number("GE", 2027, 1), "GE-2027-0001");
  EXPECT_EQ(format_case_number("LT", 2026, 9999), "LT-2026-9999");
  EXPECT_EQ(format_case_number("LT", 2026, 10000), "LT-2026-10000");
  EXPECT_EQ(format_case_number("LT", 2026, 1234567890123), "LT-2026-1234567890123");
}

}  // namespace
}  // namespace haven::domain
