#include "app/contact_handles.h"

#include <gtest/gtest.h>

#include <string>

namespace haven::app {
namespace {

using domain::ContactKind;

struct Row {
  std::string_view name;
  ContactKind kind;
  std::string_view input;
  std::string_view region;
  std::string_view want;  // empty: refused with InvalidInput
};

TEST(ContactHandlesTest, NormalisesEveryKindOrRefuses) {
  Row const rows[] = {
      // Phones: E.164, the organisation's country for national numbers.
      {"international", ContactKind::Phone, "+7 999 123-45-67", "DE", "+79991234567"},
      {"russian trunk 8", ContactKind::Phone, "8 (999) 123-45-67", "RU", "+79991234567"},
      {"german 00 prefix", ContactKind::Phone, "0049 30 1234567", "DE", "+49301234567"},
      {"german national", ContactKind::Phone, "030 1234567", "DE", "+49301234567"},
      {"latvian national", ContactKind::Phone, "2123 4567", "LV", "+37121234567"},
      {"spaces around", ContactKind::Phone, "  +49 30 1234567\t", "DE", "+49301234567"},
      {"unknown region", ContactKind::Phone, "+49 30 1234567", "XX", "+49301234567"},
      {"national without region", ContactKind::Phone, "030 1234567", "", ""},
      {"too short", ContactKind::Phone, "+7 999", "DE", ""},
      {"too long", ContactKind::Phone, "+7 999 123 45 67 89 01 23", "DE", ""},
      {"letters", ContactKind::Phone, "call me maybe", "DE", ""},
      {"empty", ContactKind::Phone, "", "DE", ""},
      {"blank", ContactKind::Phone, "   ", "DE", ""},
      {"control", ContactKind::Phone, "+49 30\x01 1234567", "DE", ""},
      {"bad utf-8", ContactKind::Phone, "+49 30 \xff 1234567", "DE", ""},
      // Email.
      {"email", ContactKind::Email, " Ivan.Petrov@Example.ORG ", "DE", "ivan.petrov@example.org"},
      {"email no at", ContactKind::Email, "ivan.example.org", "DE", ""},
      {"email no domain dot", ContactKind::Email, "ivan@localhost", "DE", ""},
      {"email two ats", ContactKind::Email, "a@b@example.org", "DE", ""},
      // Telegram.
      {"telegram @", ContactKind::Telegram, "@Hidden_Handle_91", "DE", "hidden_handle_91"},
      {"telegram link", ContactKind::Telegram, "https://t.me/Hidden_Handle", "DE", "hidden_handle"},
      {"telegram bare", ContactKind::Telegram, "sokol_77", "DE", "sokol_77"},
      {"telegram short", ContactKind::Telegram, "@abcd", "DE", ""},
      {"telegram long", ContactKind::Telegram,
       std::string_view("@abcdefghijklmnopqrstuvwxyz0123456"), "DE", ""},
      {"telegram digit first", ContactKind::Telegram, "@1sokol", "DE", ""},
      {"telegram cyrillic", ContactKind::Telegram, "@сокол_77", "DE", ""},
      {"telegram dash", ContactKind::Telegram, "@so-kol", "DE", ""},
      // Signal: a number or a username.
      {"signal number", ContactKind::Signal, "+49 30 1234567", "DE", "+49301234567"},
      {"signal national number", ContactKind::Signal, "8 (999) 123-45-67", "RU", "+79991234567"},
      {"signal username", ContactKind::Signal, "Sokol.42", "DE", "sokol.42"},
      {"signal username @", ContactKind::Signal, "@sokol_x.123", "DE", "sokol_x.123"},
      {"signal no discriminator", ContactKind::Signal, "sokol", "DE", ""},
      {"signal 00", ContactKind::Signal, "sokol.00", "DE", ""},
      {"signal leading zero", ContactKind::Signal, "sokol.012", "DE", ""},
      {"signal one digit", ContactKind::Signal, "sokol.4", "DE", ""},
      {"signal short nickname", ContactKind::Signal, "so.42", "DE", ""},
      {"signal digit first", ContactKind::Signal, "9sokol.42", "DE", ""},
  };
  for (auto const& row : rows) {
    auto got = normalise_handle(row.kind, row.input, row.region);
    if (row.want.empty()) {
      ASSERT_FALSE(got.ok()) << row.name << " gave " << *got;
      EXPECT_EQ(got.error().code, ErrorCode::InvalidInput) << row.name;
      // The message never echoes what was typed.
      if (row.input.size() > 3) {
        EXPECT_EQ(got.error().detail.find(row.input), std::string::npos) << row.name;
      }
    } else {
      ASSERT_TRUE(got.ok()) << row.name << ": " << got.error().detail;
      EXPECT_EQ(*got, row.want) << row.name;
    }
  }
}

TEST(ContactHandlesTest, HugeInputIsRefusedBeforeParsing) {
  std::string huge(kMaxRawHandleBytes + 1, '1');
  for (auto kind : domain::kContactKinds) {
    auto got = normalise_handle(kind, huge, "DE");
    ASSERT_FALSE(got.ok());
    EXPECT_EQ(got.error().code, ErrorCode::InvalidInput);
  }
}

TEST(ContactHandlesTest, SignalNumbersHashLikePhonesUsernamesDoNot) {
  auto pepper = vault::SecretBytes::random(vault::kPepperBytes);
  auto phone = hash_handle(pepper, ContactKind::Phone, "+79991234567");
  auto signal_number = hash_handle(pepper, ContactKind::Signal, "+79991234567");
  auto telegram = hash_handle(pepper, ContactKind::Telegram, "+79991234567");
  ASSERT_TRUE(phone.ok() && signal_number.ok() && telegram.ok());
  EXPECT_EQ(*phone, *signal_number);
  EXPECT_NE(*phone, *telegram);
  EXPECT_EQ(hash_kind(ContactKind::Signal, "sokol.42"), vault::HandleKind::Signal);
  EXPECT_EQ(hash_kind(ContactKind::Signal, "+79991234567"), vault::HandleKind::Phone);
  // Another instance's pepper gives another hash.
  auto elsewhere = hash_handle(vault::SecretBytes::random(vault::kPepperBytes), ContactKind::Phone,
                               "+79991234567");
  ASSERT_TRUE(elsewhere.ok());
  EXPECT_NE(*phone, *elsewhere);
}

TEST(ContactHandlesTest, DisplayFormsAreReadable) {
  EXPECT_EQ(display_handle(ContactKind::Phone, "+79991234567"), "+7 999 123-45-67");
  EXPECT_EQ(display_handle(ContactKind::Signal, "+49301234567"), "+49 30 1234567");
  EXPECT_EQ(display_handle(ContactKind::Signal, "sokol.42"), "sokol.42");
  EXPECT_EQ(display_handle(ContactKind::Telegram, "hidden_handle"), "@hidden_handle");
  EXPECT_EQ(display_handle(ContactKind::Email, "a@example.org"), "a@example.org");
}

}  // namespace
}  // namespace haven::app
