// A coarse label for a staff session ("Firefox, Android"), so its owner can tell sessions
// apart on /staff/sessions. Only a browser family and an OS family from a fixed list leave
// this function: never the User-Agent text itself, which can identify a device.
#pragma once

#include <string>
#include <string_view>

namespace haven::web {

// Shown when the browser is not one of the families below; a catalog msgid, translated
// when the session list is rendered.
inline constexpr std::string_view kUnknownBrowser = "Unknown browser";

// "<browser>, <OS>" (e.g. "Chrome, Windows"), "<browser>" when the OS is not recognised,
// else kUnknownBrowser. Browsers: Edge, Opera, Yandex Browser, Samsung Internet, Firefox,
// Chrome, Safari. OS: Android, iOS, Windows, ChromeOS, macOS, Linux. Pure; at most 64 bytes.
std::string client_label(std::string_view user_agent);

}  // namespace haven::web
