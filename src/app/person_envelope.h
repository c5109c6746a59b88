// The person on a case as the bytes sealed under the case's DEK: a small JSON document,
// versioned, written down in docs/formats/case-person.md. Kept apart from the use case so
// the format has one owner.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "domain/person.h"

namespace haven::app {

// The plaintext to seal: {"v":1,"alias":…,"names":…,"born":…,"documents":…,"handles":[…]}
// with empty optional fields left out.
std::string encode_person(domain::Person const& person);

// The inverse. Corruption for anything encode_person does not write: bad JSON, another
// format version, unknown handle kinds, wrong types, a malformed date of birth.
Result<domain::Person> decode_person(std::string_view plaintext);

}  // namespace haven::app
