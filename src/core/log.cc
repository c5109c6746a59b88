#include "core/log.h"

#include <atomic>
#include <cstdio>
#include <mutex>

namespace haven::log {

namespace {
std::atomic<Level> g_minimum{Level::Info};
Sink& sink() {
  static Sink s = [](Level, std::string_view event, std::string_view fields) {
    static std::mutex m;
    std::lock_guard lock(m);
    std::fprintf(stderr, "%.*s %.*s\n", static_cast<int>(event.size()), event.data(),
                 static_cast<int>(fields.size()), fields.data());
  };
  return s;
}
}  // namespace

void set_sink(Sink s) { sink() = std::move(s); }
void set_level(Level minimum) { g_minimum = minimum; }
bool is_enabled(Level level) { return level >= g_minimum.load(std::memory_order_relaxed); }

std::string json_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  for (unsigned char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          static constexpr char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 0x0f]);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  return out;
}

void write(Level level, std::string_view event, std::initializer_list<Field> fields) {
  if (!is_enabled(level)) return;
  std::string json = "{";
  bool first = true;
  for (auto const& f : fields) {
    if (!first) json += ',';
    first = false;
    json += '"';
    json += json_escape(f.key);
    json += "\":\"";
    json += json_escape(f.value);
    json += '"';
  }
  json += '}';
  sink()(level, event, json);
}

}  // namespace haven::log
