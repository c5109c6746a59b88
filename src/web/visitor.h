// What every page knows about the visitor: the language they get and the per-request
// values of the layout (the CSRF token for the language switch and where it returns to).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <kainjow/mustache.hpp>

#include "domain/language.h"
#include "http/message.h"

namespace haven::web {

// The "lang" cookie, else Accept-Language, else English.
domain::Language visitor_language(http::Request const& request);

// The language the visitor picked with the switch (the "lang" cookie naming one of ours);
// nullopt when they have not. Pages that have a language of their own (a member's
// preference, an account link's) give way only to this, not to Accept-Language.
std::optional<domain::Language> chosen_language(http::Request const& request);

// "csrf" and "next" for layout.html; add the page's own values to the result.
kainjow::mustache::data layout_data(http::Request const& request);

// `path` percent-encoded for use as a local URL: unreserved characters and '/' stay, every
// other byte becomes %XX, so a decoded path with spaces or Cyrillic survives the round trip.
std::string encode_path(std::string_view path);

}  // namespace haven::web
