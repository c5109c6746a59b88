#include "web/qr_svg.h"

#include <qrencode.h>

#include <memory>
#include <string>

namespace haven::web {

namespace {

constexpr int kQuietZone = 4;

struct QrFree {
  void operator()(QRcode* code) const { QRcode_free(code); }
};

std::string escape_xml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

bool is_dark(QRcode const& code, int x, int y) { return (code.data[y * code.width + x] & 1) != 0; }

// One horizontal run per subpath keeps the path a few KB even for a 57-module code.
std::string dark_module_path(QRcode const& code) {
  std::string d;
  for (int y = 0; y < code.width; ++y) {
    for (int x = 0; x < code.width;) {
      if (!is_dark(code, x, y)) {
        ++x;
        continue;
      }
      int run = 1;
      while (x + run < code.width && is_dark(code, x + run, y)) ++run;
      d += "M" + std::to_string(x + kQuietZone) + "," + std::to_string(y + kQuietZone) + "h" +
           std::to_string(run) + "v1h-" + std::to_string(run) + "z";
      x += run;
    }
  }
  return d;
}

}  // namespace

Result<std::string> render_qr_svg(std::string_view text, std::string_view label) {
  if (text.empty()) return make_error(ErrorCode::InvalidInput, "QR text is empty");
  if (text.size() > kMaxQrTextBytes) return make_error(ErrorCode::InvalidInput, "QR text too long");
  // 8-bit mode over the exact bytes: a string API would stop at an embedded NUL.
  std::unique_ptr<QRcode, QrFree> code(
      QRcode_encodeData(static_cast<int>(text.size()),
                        reinterpret_cast<unsigned char const*>(text.data()), 0, QR_ECLEVEL_M));
  if (!code) return make_error(ErrorCode::Internal, "libqrencode could not encode the text");
  auto size = std::to_string(code->width + 2 * kQuietZone);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" viewBox=\"0 0 " + size + " " +
         size + "\" role=\"img\" aria-label=\"" + escape_xml(label) +
         "\" shape-rendering=\"crispEdges\"><rect width=\"" + size + "\" height=\"" + size +
         "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + dark_module_path(*code) + "\"/></svg>";
}

}  // namespace haven::web
