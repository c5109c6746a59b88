// POST /language: the language switch in every page's header. Remembers the choice in the
// "lang" cookie for a year and sends the visitor back to the page they were on, but only
// to a local path, never to another site.
#pragma once

#include <string>
#include <string_view>

#include "http/message.h"
#include "web/site_parts.h"

namespace haven::web {

// Form fields `lang` (a language code: "ru") and `next`. 303 to `next` when it is a safe
// local path, else to "/". An unknown language is 400 (the error page explains).
http::Response switch_language(SiteParts const& site, http::Request& request);

// `next` when it is a path on this site: starts with exactly one '/', then only printable
// ASCII without '\' (browsers read "/\evil" as "//evil"), at most 2,048 bytes. "/" otherwise.
std::string safe_local_path(std::string_view next);

}  // namespace haven::web
