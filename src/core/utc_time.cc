#include "core/utc_time.h"

#include <ctime>

namespace haven {
namespace {

std::string format_utc(std::chrono::system_clock::time_point when, char const* pattern) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(when);
  std::tm utc{};
  gmtime_r(&seconds, &utc);  // not std::gmtime: request threads format at the same time
  char text[32];
  std::size_t length = std::strftime(text, sizeof text, pattern, &utc);
  return std::string(text, length);
}

}  // namespace

std::string format_utc_minute(std::chrono::system_clock::time_point when) {
  return format_utc(when, "%Y-%m-%d %H:%M UTC");
}

std::string format_utc_second(std::chrono::system_clock::time_point when) {
  return format_utc(when, "%Y-%m-%d %H:%M:%S");
}

}  // namespace haven
