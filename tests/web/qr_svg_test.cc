#include "web/qr_svg.h"

#include <gtest/gtest.h>
#include <qrencode.h>

#include <cstdio>
#include <set>
#include <utility>

namespace haven::web {
namespace {

using Module = std::pair<int, int>;

// The dark modules the SVG path draws, read back from its "Mx,yhNv1h-Nz" runs.
std::set<Module> modules_drawn(std::string const& svg) {
  std::set<Module> drawn;
  auto d = svg.find(" d=\"");
  for (auto at = svg.find('M', d); d != std::string::npos && at != std::string::npos;
       at = svg.find('M', at + 1)) {
    int x = 0, y = 0, run = 0, back = 0;
    if (std::sscanf(svg.c_str() + at, "M%d,%dh%dv1h-%dz", &x, &y, &run, &back) != 4) break;
    EXPECT_EQ(run, back);
    for (int i = 0; i < run; ++i) drawn.insert({x + i - 4, y - 4});
  }
  return drawn;
}

TEST(QrSvg, DrawsExactlyTheModulesLibqrencodeComputes) {
  std::string const text = "otpauth://totp/Haven:counsellor?secret=JBSWY3DPEHPK3PXP&issuer=Haven";
  auto svg = render_qr_svg(text, "QR code");
  ASSERT_TRUE(svg) << svg.error().detail;

  QRcode* code =
      QRcode_encodeData(static_cast<int>(text.size()),
                        reinterpret_cast<unsigned char const*>(text.data()), 0, QR_ECLEVEL_M);
  ASSERT_NE(code, nullptr);
  std::set<Module> expected;
  for (int y = 0; y < code->width; ++y) {
    for (int x = 0; x < code->width; ++x) {
      if (code->data[y * code->width + x] & 1) expected.insert({x, y});
    }
  }
  int width = code->width;
  QRcode_free(code);

  EXPECT_EQ(modules_drawn(*svg), expected);
  auto size = std::to_string(width + 8);
  EXPECT_NE(svg->find("viewBox=\"0 0 " + size + " " + size + "\""), std::string::npos);
  EXPECT_TRUE(svg->starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  // Nothing the strict CSP would block: no style attribute, no script, no external reference.
  EXPECT_EQ(svg->find("style="), std::string::npos);
  EXPECT_EQ(svg->find("<script"), std::string::npos);
  EXPECT_EQ(svg->find("href"), std::string::npos);
}

TEST(QrSvg, EncodesEveryByteIncludingNul) {
  auto whole = render_qr_svg(std::string("ab\0cd", 5), "QR");
  auto cut = render_qr_svg("ab", "QR");
  ASSERT_TRUE(whole && cut);
  EXPECT_NE(*whole, *cut);
}

TEST(QrSvg, EscapesTheLabel) {
  auto svg = render_qr_svg("x", "a\"b<c>&'d");
  ASSERT_TRUE(svg);
  EXPECT_NE(svg->find("aria-label=\"a&quot;b&lt;c&gt;&amp;&#39;d\""), std::string::npos);
}

TEST(QrSvg, RejectsEmptyAndOversizedText) {
  struct Row {
    std::string text;
    bool valid;
  };
  Row const rows[] = {
      {"", false},
      {std::string(kMaxQrTextBytes, 'a'), true},
      {std::string(kMaxQrTextBytes + 1, 'a'), false},
      {std::string("\xff\xfe\x00 binary", 10), true},
  };
  for (auto const& row : rows) {
    auto svg = render_qr_svg(row.text, "QR");
    EXPECT_EQ(svg.ok(), row.valid) << row.text.size();
    if (!row.valid) {
      EXPECT_EQ(svg.error().code, ErrorCode::InvalidInput);
    }
  }
}

}  // namespace
}  // namespace haven::web
