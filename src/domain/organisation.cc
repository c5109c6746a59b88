#include "domain/organisation.h"

#include <algorithm>
#include <cctype>

#include "domain/text.h"

namespace haven::domain {

namespace {

// ISO 3166-1 alpha-2, officially assigned codes (249), sorted for binary search. A compact
// table beats a library: domain/ includes none, and the list changes about once a decade.
constexpr std::string_view kCountries =
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ "
    "BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ "
    "CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ "
    "DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR "
    "GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY "
    "HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP "
    "KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY "
    "MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ "
    "NA NC NE NF NG NI NL NO NP NR NU NZ OM "
    "PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW "
    "SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ "
    "TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ "
    "UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

std::string_view country_at(std::size_t index) { return kCountries.substr(index * 3, 2); }
constexpr std::size_t kCountryCount = (kCountries.size() + 1) / 3;

std::string_view trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

}  // namespace

std::string_view to_string(OrganisationKind kind) {
  switch (kind) {
    case OrganisationKind::MemberOrganisation:
      return "member";
    case OrganisationKind::ContactPoint:
      return "contact-point";
  }
  return "member";
}

std::optional<OrganisationKind> parse_organisation_kind(std::string_view text) {
  if (text == "member") return OrganisationKind::MemberOrganisation;
  if (text == "contact-point") return OrganisationKind::ContactPoint;
  return std::nullopt;
}

bool is_known_country(std::string_view code) {
  if (code.size() != 2) return false;
  std::size_t low = 0;
  std::size_t high = kCountryCount;
  while (low < high) {
    std::size_t mid = (low + high) / 2;
    auto candidate = country_at(mid);
    if (candidate == code) return true;
    if (candidate < code) {
      low = mid + 1;
    } else {
      high = mid;
    }
  }
  return false;
}

std::optional<std::string> normalise_country(std::string_view text) {
  if (text.size() != 2) return std::nullopt;
  std::string upper;
  for (char c : text) {
    if (!std::isalpha(static_cast<unsigned char>(c))) return std::nullopt;
    upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  if (!is_known_country(upper)) return std::nullopt;
  return upper;
}

Result<std::vector<Language>> parse_languages(std::string_view text) {
  std::vector<Language> languages;
  if (trim(text).empty()) return make_error(ErrorCode::InvalidInput, "languages must not be empty");
  while (true) {
    auto comma = text.find(',');
    auto item = trim(text.substr(0, comma));
    // Exactly a two-letter code: "ru-RU" is a locale, not an organisation's language.
    auto language = item.size() == 2 ? parse_language(item) : std::nullopt;
    if (!language) {
      return make_error(ErrorCode::InvalidInput,
                        "languages: each must be one of en, ru, uk, de, separated by commas");
    }
    if (std::find(languages.begin(), languages.end(), *language) == languages.end()) {
      languages.push_back(*language);
    }
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return languages;
}

std::string join_languages(std::vector<Language> const& languages) {
  std::string out;
  for (Language language : languages) {
    if (!out.empty()) out += ',';
    out += code(language);
  }
  return out;
}

Result<void> validate(OrganisationDetails const& details) {
  if (auto r = validate_label("name", details.name, kMaxOrganisationNameChars); !r) return r;
  if (!is_known_country(details.country)) {
    return make_error(ErrorCode::InvalidInput,
                      "country must be an ISO 3166-1 alpha-2 code such as DE or GE");
  }
  if (auto r = validate_label("city", details.city, kMaxCityChars); !r) return r;
  if (details.languages.empty()) {
    return make_error(ErrorCode::InvalidInput, "languages must not be empty");
  }
  for (std::size_t i = 0; i < details.languages.size(); ++i) {
    for (std::size_t j = i + 1; j < details.languages.size(); ++j) {
      if (details.languages[i] == details.languages[j]) {
        return make_error(ErrorCode::InvalidInput, "languages must not repeat");
      }
    }
  }
  return {};
}

}  // namespace haven::domain
