// The msgids of the case words (statuses, channels, topics, urgency flags, origins, timeline
// entry kinds, outcomes) and the two ways pages show a set of them: a joined list, and the
// options of a select or a list of checkboxes. One place, so every case page names things
// alike.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include <kainjow/mustache.hpp>

#include "domain/case.h"
#include "domain/language.h"
#include "web/site_parts.h"

namespace haven::web {

std::string_view status_msgid(domain::CaseStatus status);
std::string_view channel_msgid(domain::Channel channel);
std::string_view topic_msgid(domain::Topic topic);
std::string_view urgency_msgid(domain::Urgency urgency);
std::string_view origin_msgid(domain::Origin origin);
std::string_view entry_kind_msgid(domain::EntryKind kind);
std::string_view outcome_msgid(domain::Outcome outcome);

// The translated names of the flags in `set`, in the order of `all`, joined by ", ".
template <class Flag, std::size_t N, class Msgid>
std::string flag_names(SiteParts const& site, domain::Language language, domain::FlagSet<Flag> set,
                       std::array<Flag, N> const& all, Msgid msgid) {
  std::string out;
  for (Flag flag : all) {
    if (!set.contains(flag)) continue;
    if (!out.empty()) out += ", ";
    out += site.catalog.translate(language, msgid(flag));
  }
  return out;
}

// One <option> per language of domain::kLanguages, named in its own language: value (the
// code), name, selected.
kainjow::mustache::list language_choices(domain::Language selected);

// One <option>/<input> per value of `all`: value (the domain word), name, selected.
template <class Value, std::size_t N, class Msgid, class IsSelected>
kainjow::mustache::list choices(SiteParts const& site, domain::Language language,
                                std::array<Value, N> const& all, Msgid msgid,
                                IsSelected is_selected) {
  kainjow::mustache::list out;
  for (Value value : all) {
    kainjow::mustache::object choice;
    choice["value"] = std::string(domain::to_string(value));
    choice["name"] = site.catalog.translate(language, msgid(value));
    choice["selected"] = is_selected(value);
    out.emplace_back(std::move(choice));
  }
  return out;
}

}  // namespace haven::web
