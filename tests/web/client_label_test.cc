#include "web/client_label.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace haven::web {
namespace {

struct Row {
  std::string_view name;
  std::string_view user_agent;
  std::string_view want;
};

TEST(ClientLabelTest, NamesBrowserAndSystemFamilies) {
  Row const rows[] = {
      {"Firefox on Android", "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0",
       "Firefox, Android"},
      {"Tor Browser (says Firefox on Windows)",
       "Mozilla/5.0 (Windows NT 10.0; rv:128.0) Gecko/20100101 Firefox/128.0", "Firefox, Windows"},
      {"Chrome on Windows",
       "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
       "Chrome/126.0.0.0 Safari/537.36",
       "Chrome, Windows"},
      {"headless Chromium on Linux",
       "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
       "HeadlessChrome/120.0.6099.224 Safari/537.36",
       "Chrome, Linux"},
      {"Edge on Windows",
       "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
       "Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.87",
       "Edge, Windows"},
      {"Opera on macOS",
       "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
       "Chrome/126.0.0.0 Safari/537.36 OPR/112.0.0.0",
       "Opera, macOS"},
      {"Yandex on Android",
       "Mozilla/5.0 (Linux; arm_64; Android 13; SM-A525F) AppleWebKit/537.36 (KHTML, like Gecko) "
       "Chrome/124.0.0.0 YaBrowser/24.4.5.98.00 SA/3 Mobile Safari/537.36",
       "Yandex Browser, Android"},
      {"Samsung Internet",
       "Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) "
       "SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",
       "Samsung Internet, Android"},
      {"Safari on iPhone",
       "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
       "Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
       "Safari, iOS"},
      {"Chrome on iPad",
       "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
       "CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1",
       "Chrome, iOS"},
      {"Firefox on iPhone",
       "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
       "Gecko) FxiOS/127.0 Mobile/15E148 Safari/605.1.15",
       "Firefox, iOS"},
      {"Safari on macOS",
       "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) "
       "Version/17.5 Safari/605.1.15",
       "Safari, macOS"},
      {"Chrome on ChromeOS",
       "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) "
       "Chrome/126.0.0.0 Safari/537.36",
       "Chrome, ChromeOS"},
      {"browser known, system not", "Mozilla/5.0 (Haiku) Firefox/115.0", "Firefox"},
      {"curl", "curl/7.88.1", "Unknown browser"},
      {"empty", "", "Unknown browser"},
      {"only a system", "Mozilla/5.0 (Linux; Android 14)", "Unknown browser"},
  };
  for (Row const& row : rows) {
    EXPECT_EQ(client_label(row.user_agent), row.want) << row.name;
  }
}

// Nothing of the header's own text comes back: versions, device models, injected markup.
TEST(ClientLabelTest, NeverEchoesTheHeader) {
  std::string hostile =
      "Mozilla/5.0 (Linux; Android 13; SM-A525F Build/<script>alert(1)</script>) "
      "Firefox/128.0 ivan.petrov@example.org\r\nX-Evil: 1";
  std::string label = client_label(hostile);
  EXPECT_EQ(label, "Firefox, Android");
  std::string huge(100'000, 'x');
  EXPECT_EQ(client_label(huge + "Firefox/1"), "Unknown browser") << "only the start is read";
  EXPECT_LE(client_label(huge).size(), 64u);
}

}  // namespace
}  // namespace haven::web
