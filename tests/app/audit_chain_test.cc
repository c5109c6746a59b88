#include "app/audit_chain.h"

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <functional>
#include <vector>

#include "vault/secret_bytes.h"

namespace haven::app {
namespace {

using namespace std::chrono_literals;

vault::SecretBytes test_key(std::uint8_t fill = 7) {
  std::array<std::uint8_t, 32> bytes{};
  bytes.fill(fill);
  return vault::SecretBytes::copy_of(bytes);
}

AuditEntry sample_entry() {
  AuditEntry entry;
  entry.sequence = 1;
  entry.at = std::chrono::system_clock::time_point{1'780'000'000'123ms};
  entry.actor_kind = AuditActorKind::User;
  entry.actor_id = domain::UserId::parse("0123456789abcdef0123456789abcdef");
  entry.action = AuditAction::RoleChanged;
  entry.organisation = domain::OrgId::parse("fedcba9876543210fedcba9876543210");
  entry.object_kind = AuditObjectKind::User;
  entry.object_id = "00112233445566778899aabbccddeeff";
  entry.outcome = AuditOutcome::Ok;
  return entry;
}

// Entries 1..n, correctly linked under `key`.
std::vector<AuditEntry> make_chain(vault::SecretBytes const& key, int n) {
  std::vector<AuditEntry> out;
  AuditLink previous{};
  for (int i = 1; i <= n; ++i) {
    AuditEntry entry = sample_entry();
    entry.sequence = i;
    entry.at += std::chrono::milliseconds(i);
    entry.previous_link = previous;
    entry.link = compute_audit_link(key, entry).value();
    previous = entry.link;
    out.push_back(entry);
  }
  return out;
}

std::optional<AuditBreak> verify(vault::SecretBytes const& key,
                                 std::vector<AuditEntry> const& entries) {
  AuditChainVerifier verifier(key);
  for (auto const& entry : entries) {
    auto fed = verifier.feed(entry);
    EXPECT_TRUE(fed.ok());
  }
  return verifier.first_break();
}

TEST(AuditChain, LinkIsDeterministicAndKeyed) {
  auto key = test_key();
  auto entry = sample_entry();
  auto a = compute_audit_link(key, entry);
  auto b = compute_audit_link(key, entry);
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*a, *b);
  auto other = compute_audit_link(test_key(8), entry);
  ASSERT_TRUE(other.ok());
  EXPECT_NE(*a, *other);
  // The link itself is not an input.
  entry.link.fill(0xff);
  EXPECT_EQ(compute_audit_link(key, entry).value(), *a);
}

TEST(AuditChain, ShortKeyIsInvalidInput) {
  auto key = vault::SecretBytes(16);
  auto link = compute_audit_link(key, sample_entry());
  ASSERT_FALSE(link.ok());
  EXPECT_EQ(link.error().code, ErrorCode::InvalidInput);
}

TEST(AuditChain, EveryFieldChangesTheLink) {
  auto key = test_key();
  auto const base = compute_audit_link(key, sample_entry()).value();
  struct Row {
    std::string_view name;
    std::function<void(AuditEntry&)> change;
  };
  Row const rows[] = {
      {"sequence", [](AuditEntry& e) { e.sequence = 2; }},
      {"time", [](AuditEntry& e) { e.at += 1ms; }},
      {"actor kind", [](AuditEntry& e) { e.actor_kind = AuditActorKind::System; }},
      {"actor id",
       [](AuditEntry& e) {
         e.actor_id = domain::UserId::parse("1123456789abcdef0123456789abcdef");
       }},
      {"action", [](AuditEntry& e) { e.action = AuditAction::MemberAdded; }},
      {"organisation", [](AuditEntry& e) { e.organisation.reset(); }},
      {"object kind", [](AuditEntry& e) { e.object_kind = AuditObjectKind::Organisation; }},
      {"object id", [](AuditEntry& e) { e.object_id[0] = '1'; }},
      {"outcome", [](AuditEntry& e) { e.outcome = AuditOutcome::Denied; }},
      {"previous link", [](AuditEntry& e) { e.previous_link[31] = 1; }},
  };
  for (auto const& row : rows) {
    auto entry = sample_entry();
    row.change(entry);
    EXPECT_NE(compute_audit_link(key, entry).value(), base) << row.name;
  }
}

TEST(AuditChain, ValidateRejectsWhatAuditLogNeverWrites) {
  struct Row {
    std::string_view name;
    std::function<void(AuditEntry&)> change;
  };
  Row const rows[] = {
      {"sequence 0", [](AuditEntry& e) { e.sequence = 0; }},
      {"user without id", [](AuditEntry& e) { e.actor_id.reset(); }},
      {"system with id", [](AuditEntry& e) { e.actor_kind = AuditActorKind::System; }},
      {"object id not hex", [](AuditEntry& e) { e.object_id = std::string(32, 'g'); }},
      {"object id upper case", [](AuditEntry& e) { e.object_id = std::string(32, 'A'); }},
      {"object id short", [](AuditEntry& e) { e.object_id = "abcd"; }},
      {"object id without kind", [](AuditEntry& e) { e.object_kind = AuditObjectKind::None; }},
      {"kind without object id", [](AuditEntry& e) { e.object_id.clear(); }},
  };
  EXPECT_TRUE(validate_audit_entry(sample_entry()).ok());
  for (auto const& row : rows) {
    auto entry = sample_entry();
    row.change(entry);
    auto valid = validate_audit_entry(entry);
    ASSERT_FALSE(valid.ok()) << row.name;
    EXPECT_EQ(valid.error().code, ErrorCode::InvalidInput) << row.name;
  }
}

TEST(AuditChainVerifier, IntactChainPasses) {
  auto key = test_key();
  auto chain = make_chain(key, 5);
  AuditChainVerifier verifier(key);
  for (auto const& entry : chain) ASSERT_FALSE(verifier.feed(entry).value().has_value());
  EXPECT_EQ(verifier.entries_checked(), 5);
  EXPECT_FALSE(verifier.finish(AuditHead{5, chain.back().link}).has_value());
}

TEST(AuditChainVerifier, ReportsTheFirstGap) {
  auto key = test_key();
  auto chain = make_chain(key, 5);
  chain.erase(chain.begin() + 2);  // entry 3
  auto broken = verify(key, chain);
  ASSERT_TRUE(broken.has_value());
  EXPECT_EQ(broken->sequence, 3);
  EXPECT_EQ(broken->reason, AuditBreakReason::SequenceGap);
}

TEST(AuditChainVerifier, ReportsAChangedEntry) {
  auto key = test_key();
  auto chain = make_chain(key, 5);
  chain[3].action = AuditAction::SignOut;  // entry 4
  auto broken = verify(key, chain);
  ASSERT_TRUE(broken.has_value());
  EXPECT_EQ(broken->sequence, 4);
  EXPECT_EQ(broken->reason, AuditBreakReason::LinkMismatch);
}

TEST(AuditChainVerifier, ReportsAPreviousLinkMismatch) {
  auto key = test_key();
  auto chain = make_chain(key, 5);
  // Entry 4 re-linked consistently onto a forged predecessor: its own link checks out.
  chain[3].previous_link[0] ^= 1;
  chain[3].link = compute_audit_link(key, chain[3]).value();
  auto broken = verify(key, chain);
  ASSERT_TRUE(broken.has_value());
  EXPECT_EQ(broken->sequence, 4);
  EXPECT_EQ(broken->reason, AuditBreakReason::PreviousLinkMismatch);
}

TEST(AuditChainVerifier, AChainFromAnotherKeyFailsAtEntryOne) {
  auto chain = make_chain(test_key(9), 3);
  auto broken = verify(test_key(), chain);
  ASSERT_TRUE(broken.has_value());
  EXPECT_EQ(broken->sequence, 1);
  EXPECT_EQ(broken->reason, AuditBreakReason::LinkMismatch);
}

TEST(AuditChainVerifier, HeadBeyondTheLastEntryIsAGap) {
  auto key = test_key();
  auto chain = make_chain(key, 4);
  AuditChainVerifier verifier(key);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(verifier.feed(chain[i]).ok());
  auto broken = verifier.finish(AuditHead{4, chain[3].link});
  ASSERT_TRUE(broken.has_value());
  EXPECT_EQ(broken->sequence, 4);
  EXPECT_EQ(broken->reason, AuditBreakReason::SequenceGap);
}

// Streams 10,000 entries through one verifier, building each just before it is fed: the
// verifier keeps no more than the previous link.
TEST(AuditChainVerifier, StreamsTenThousandEntries) {
  auto key = test_key();
  AuditChainVerifier verifier(key);
  AuditLink previous{};
  for (int i = 1; i <= 10'000; ++i) {
    AuditEntry entry = sample_entry();
    entry.sequence = i;
    entry.previous_link = previous;
    entry.link = compute_audit_link(key, entry).value();
    previous = entry.link;
    ASSERT_FALSE(verifier.feed(entry).value().has_value()) << i;
  }
  EXPECT_EQ(verifier.entries_checked(), 10'000);
  EXPECT_FALSE(verifier.finish(AuditHead{10'000, previous}).has_value());
}

TEST(AuditCodes, RoundTrip) {
  for (int i = 0; i <= static_cast<int>(kLastAuditAction); ++i) {
    auto action = static_cast<AuditAction>(i);
    EXPECT_NE(to_string(action), "?") << i;
    EXPECT_EQ(parse_audit_action(to_string(action)), action);
  }
  EXPECT_EQ(to_string(AuditAction::CaseStatusChanged), "case_status_changed");
  EXPECT_EQ(parse_audit_object_kind("case"), AuditObjectKind::Case);
  EXPECT_EQ(to_string(AuditAction::OrganisationAdded), "organisation_added");
  EXPECT_EQ(to_string(AuditAction::SignInFailed), "sign_in_failed");
  EXPECT_FALSE(parse_audit_action("delete_everything").has_value());
  EXPECT_EQ(parse_audit_actor_kind("anonymous"), AuditActorKind::Anonymous);
  EXPECT_EQ(parse_audit_object_kind(""), AuditObjectKind::None);
  EXPECT_EQ(parse_audit_outcome("denied"), AuditOutcome::Denied);
}

}  // namespace
}  // namespace haven::app
