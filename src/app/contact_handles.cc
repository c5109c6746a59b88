#include "app/contact_handles.h"

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include <set>
#include <string>

#include "app/staff_service.h"
#include "domain/text.h"

namespace haven::app {

namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

// libphonenumber's code for "no region": only numbers written with "+" or an international
// prefix parse against it.
constexpr char kUnknownRegion[] = "ZZ";

constexpr std::size_t kMinTelegramChars = 5;
constexpr std::size_t kMaxTelegramChars = 32;
constexpr std::size_t kMinSignalNicknameChars = 3;
constexpr std::size_t kMaxSignalNicknameChars = 32;
constexpr std::size_t kMinDiscriminatorDigits = 2;
constexpr std::size_t kMaxDiscriminatorDigits = 9;

Error invalid(std::string_view why) {
  return make_error(ErrorCode::InvalidInput, std::string(why));
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_lower_word_char(char c) { return (c >= 'a' && c <= 'z') || is_digit(c) || c == '_'; }

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && lower_ascii(text.substr(0, prefix.size())) == prefix;
}

// The region libphonenumber reads national numbers in: the organisation's country when
// libphonenumber knows it, otherwise none (then only international numbers parse).
std::string phone_region(std::string_view country) {
  static std::set<std::string> const supported = [] {
    std::set<std::string> regions;
    PhoneNumberUtil::GetInstance()->GetSupportedRegions(&regions);
    return regions;
  }();
  std::string region(country);
  return supported.count(region) != 0 ? region : std::string(kUnknownRegion);
}

Result<std::string> normalise_phone(std::string_view raw, std::string_view default_region) {
  auto const* util = PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  auto parsed = util->Parse(std::string(raw), phone_region(default_region), &number);
  if (parsed != PhoneNumberUtil::NO_PARSING_ERROR) {
    return invalid(
        "the phone number could not be read: write it with the country code, such as "
        "+49 30 1234567");
  }
  if (!util->IsValidNumber(number)) {
    return invalid(
        "the phone number is not valid: check the country code and the number of digits");
  }
  std::string e164;
  util->Format(number, PhoneNumberUtil::E164, &e164);
  return e164;
}

Result<std::string> normalise_telegram(std::string_view raw) {
  for (std::string_view prefix : {"https://t.me/", "http://t.me/", "t.me/", "@"}) {
    if (starts_with_ci(raw, prefix)) {
      raw.remove_prefix(prefix.size());
      break;
    }
  }
  std::string name = lower_ascii(raw);
  bool shaped = name.size() >= kMinTelegramChars && name.size() <= kMaxTelegramChars &&
                name.front() >= 'a' && name.front() <= 'z';
  for (char c : name) shaped = shaped && is_lower_word_char(c);
  if (!shaped) {
    return invalid(
        "a Telegram username has 5 to 32 letters (a-z), digits or underscores and starts with a "
        "letter");
  }
  return name;
}

// A Signal handle that reads as a phone number: "+" first, or digits with phone punctuation.
bool looks_like_phone(std::string_view raw) {
  if (!raw.empty() && raw.front() == '+') return true;
  bool any_digit = false;
  for (char c : raw) {
    if (is_digit(c)) {
      any_digit = true;
    } else if (c != ' ' && c != '-' && c != '(' && c != ')' && c != '.' && c != '/') {
      return false;
    }
  }
  return any_digit;
}

Result<std::string> normalise_signal_username(std::string_view raw) {
  if (!raw.empty() && raw.front() == '@') raw.remove_prefix(1);
  std::string name = lower_ascii(raw);
  auto refuse = [] {
    return invalid(
        "a Signal username looks like name.42: 3 to 32 letters (a-z), digits or underscores, "
        "a dot and at least two digits");
  };
  auto dot = name.rfind('.');
  if (dot == std::string::npos) return refuse();
  std::string_view nickname = std::string_view(name).substr(0, dot);
  std::string_view digits = std::string_view(name).substr(dot + 1);
  if (nickname.size() < kMinSignalNicknameChars || nickname.size() > kMaxSignalNicknameChars ||
      is_digit(nickname.front())) {
    return refuse();
  }
  for (char c : nickname) {
    if (!is_lower_word_char(c)) return refuse();
  }
  if (digits.size() < kMinDiscriminatorDigits || digits.size() > kMaxDiscriminatorDigits) {
    return refuse();
  }
  for (char c : digits) {
    if (!is_digit(c)) return refuse();
  }
  // Signal's own rules: "00" is no discriminator, and only two-digit ones start with 0.
  if (digits == "00" || (digits.size() > 2 && digits.front() == '0')) return refuse();
  return name;
}

}  // namespace

Result<std::string> normalise_handle(domain::ContactKind kind, std::string_view raw,
                                     std::string_view default_region) {
  if (raw.size() > kMaxRawHandleBytes) return invalid("the contact handle is too long");
  raw = trimmed(raw);
  if (raw.empty()) return invalid("the contact handle is empty");
  // One check for every kind: invalid UTF-8 and control characters never reach a parser.
  if (auto plain = domain::validate_label("contact handle", raw, kMaxRawHandleBytes); !plain) {
    return invalid("the contact handle holds characters that cannot be part of it");
  }
  switch (kind) {
    case domain::ContactKind::Phone:
      return normalise_phone(raw, default_region);
    case domain::ContactKind::Email: {
      auto email = normalise_staff_email(raw);
      if (!email) return invalid("the email address is not valid");
      return email;
    }
    case domain::ContactKind::Telegram:
      return normalise_telegram(raw);
    case domain::ContactKind::Signal:
      if (looks_like_phone(raw)) return normalise_phone(raw, default_region);
      return normalise_signal_username(raw);
  }
  return invalid("unknown kind of contact handle");
}

vault::HandleKind hash_kind(domain::ContactKind kind, std::string_view normalised) {
  switch (kind) {
    case domain::ContactKind::Phone:
      return vault::HandleKind::Phone;
    case domain::ContactKind::Email:
      return vault::HandleKind::Email;
    case domain::ContactKind::Telegram:
      return vault::HandleKind::Telegram;
    case domain::ContactKind::Signal:
      return !normalised.empty() && normalised.front() == '+' ? vault::HandleKind::Phone
                                                              : vault::HandleKind::Signal;
  }
  return vault::HandleKind::Phone;
}

Result<vault::HandleHash> hash_handle(vault::SecretBytes const& pepper, domain::ContactKind kind,
                                      std::string_view normalised) {
  return vault::handle_hash(pepper, hash_kind(kind, normalised), normalised);
}

std::string display_handle(domain::ContactKind kind, std::string_view normalised) {
  if (kind == domain::ContactKind::Telegram) return "@" + std::string(normalised);
  if (normalised.empty() || normalised.front() != '+') return std::string(normalised);
  auto const* util = PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  if (util->Parse(std::string(normalised), kUnknownRegion, &number) !=
      PhoneNumberUtil::NO_PARSING_ERROR) {
    return std::string(normalised);
  }
  std::string shown;
  util->Format(number, PhoneNumberUtil::INTERNATIONAL, &shown);
  return shown;
}

}  // namespace haven::app
