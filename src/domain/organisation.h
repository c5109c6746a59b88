// Organisations of the network (DESIGN.md §1): member organisations that run cases and
// contact points that counsel locally. Owns the value type, its kinds and its validation;
// nothing here is secret (names and places of organisations are public by design).
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "domain/ids.h"
#include "domain/language.h"

namespace haven::domain {

enum class OrganisationKind { MemberOrganisation, ContactPoint };

inline constexpr std::size_t kMaxOrganisationNameChars = 200;
inline constexpr std::size_t kMaxCityChars = 100;

// "member" or "contact-point": the words the CLI, the database and the API use.
std::string_view to_string(OrganisationKind kind);
std::optional<OrganisationKind> parse_organisation_kind(std::string_view text);

// True for an officially assigned ISO 3166-1 alpha-2 code in upper case ("DE", "GE").
bool is_known_country(std::string_view code);
// The code in upper case when it is known in either case ("de" -> "DE"); nullopt otherwise.
std::optional<std::string> normalise_country(std::string_view text);

// A comma-separated list of language codes ("ru,en,de"; spaces around items allowed) as a
// set in the given order without repeats. InvalidInput for an empty list, an empty item or
// a language Haven does not speak.
Result<std::vector<Language>> parse_languages(std::string_view text);
// The inverse: "ru,en,de".
std::string join_languages(std::vector<Language> const& languages);

// What a new organisation is made of, before it has an id.
struct OrganisationDetails {
  std::string name;
  std::string country;  // ISO 3166-1 alpha-2, upper case
  std::string city;
  std::vector<Language> languages;  // non-empty, no repeats
  OrganisationKind kind = OrganisationKind::MemberOrganisation;
};

// InvalidInput naming the first bad field: name 1-200 and city 1-100 characters of valid
// UTF-8 without control characters; a known upper-case country code; 1+ distinct languages.
Result<void> validate(OrganisationDetails const& details);

struct Organisation {
  OrgId id;
  OrganisationDetails details;
  // The organisation's X25519 public key (from vault/); nullopt until its keys exist.
  std::optional<std::string> public_key;
  std::chrono::system_clock::time_point created_at;
};

}  // namespace haven::domain
