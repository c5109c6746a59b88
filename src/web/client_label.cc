#include "web/client_label.h"

#include <array>

namespace haven::web {

namespace {

struct Family {
  std::string_view marker;  // a token of the User-Agent that names the family
  std::string_view name;
};

// Order matters: Edge, Opera, Yandex and Samsung also say "Chrome/" and "Safari/"; Chrome
// says "Safari/"; Firefox on iOS says "FxiOS/", Chrome on iOS "CriOS/".
constexpr std::array kBrowsers = {
    Family{"Edg/", "Edge"},
    Family{"EdgA/", "Edge"},
    Family{"EdgiOS/", "Edge"},
    Family{"OPR/", "Opera"},
    Family{"OPiOS/", "Opera"},
    Family{"YaBrowser/", "Yandex Browser"},
    Family{"SamsungBrowser/", "Samsung Internet"},
    Family{"Firefox/", "Firefox"},
    Family{"FxiOS/", "Firefox"},
    Family{"CriOS/", "Chrome"},
    Family{"Chrome/", "Chrome"},
    Family{"Safari/", "Safari"},
};

// Android before Linux (Android says "Linux"); iOS before macOS (iPads say "Mac OS X").
constexpr std::array kSystems = {
    Family{"Android", "Android"}, Family{"iPhone", "iOS"},      Family{"iPad", "iOS"},
    Family{"iPod", "iOS"},        Family{"Windows", "Windows"}, Family{"CrOS", "ChromeOS"},
    Family{"Macintosh", "macOS"}, Family{"Mac OS X", "macOS"},  Family{"Linux", "Linux"},
};

template <std::size_t N>
std::string_view first_match(std::string_view text, std::array<Family, N> const& families) {
  for (Family const& family : families) {
    if (text.find(family.marker) != std::string_view::npos) return family.name;
  }
  return {};
}

}  // namespace

std::string client_label(std::string_view user_agent) {
  // Real User-Agent headers are a few hundred bytes; a longer one is not worth searching.
  constexpr std::size_t kMaxUserAgentBytes = 1024;
  if (user_agent.size() > kMaxUserAgentBytes) user_agent = user_agent.substr(0, kMaxUserAgentBytes);
  std::string_view browser = first_match(user_agent, kBrowsers);
  if (browser.empty()) return std::string(kUnknownBrowser);
  std::string_view system = first_match(user_agent, kSystems);
  std::string label(browser);
  if (!system.empty()) label.append(", ").append(system);
  return label;
}

}  // namespace haven::web
