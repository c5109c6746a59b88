#include "app/person_envelope.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <string>

namespace haven::app {

namespace {

using nlohmann::json;

constexpr int kFormatVersion = 1;

Error damaged() { return make_error(ErrorCode::Corruption, "the sealed person does not parse"); }

// "1994" or "1994-03-07" back into a BirthDate without a calendar check against today (the
// date was checked when it was recorded; a stored one stays readable years later).
std::optional<domain::BirthDate> read_born(std::string const& text) {
  auto number = [&](std::size_t at, std::size_t digits, int& out) {
    auto const* first = text.data() + at;
    auto [end, ec] = std::from_chars(first, first + digits, out);
    return ec == std::errc{} && end == first + digits && out >= 0;
  };
  domain::BirthDate date;
  if (text.size() == 4 && number(0, 4, date.year)) return date;
  if (text.size() == 10 && text[4] == '-' && text[7] == '-' && number(0, 4, date.year) &&
      number(5, 2, date.month) && number(8, 2, date.day)) {
    return date;
  }
  return std::nullopt;
}

}  // namespace

std::string encode_person(domain::Person const& person) {
  json doc = {{"v", kFormatVersion}, {"alias", person.alias}};
  if (!person.names.empty()) doc["names"] = person.names;
  if (person.born) doc["born"] = domain::format_birth_date(*person.born);
  if (!person.documents.empty()) doc["documents"] = person.documents;
  json handles = json::array();
  for (auto const& handle : person.handles) {
    handles.push_back({{"kind", domain::to_string(handle.kind)}, {"value", handle.value}});
  }
  doc["handles"] = std::move(handles);
  return doc.dump();
}

Result<domain::Person> decode_person(std::string_view plaintext) {
  // nlohmann throws on bad input and wrong types; here that is data, not a bug.
  try {
    json doc = json::parse(plaintext);
    if (!doc.is_object() || doc.value("v", 0) != kFormatVersion) return damaged();
    domain::Person person;
    person.alias = doc.at("alias").get<std::string>();
    person.names = doc.value("names", std::string());
    person.documents = doc.value("documents", std::string());
    if (doc.contains("born")) {
      auto born = read_born(doc.at("born").get<std::string>());
      if (!born) return damaged();
      person.born = *born;
    }
    for (auto const& item : doc.value("handles", json::array())) {
      auto kind = domain::parse_contact_kind(item.at("kind").get<std::string>());
      if (!kind) return damaged();
      person.handles.push_back({*kind, item.at("value").get<std::string>()});
    }
    return person;
  } catch (json::exception const&) {
    return damaged();
  }
}

}  // namespace haven::app
