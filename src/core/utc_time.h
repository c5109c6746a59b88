// Times as staff read them: plain UTC, the same in every language, no time zone guessing.
#pragma once

#include <chrono>
#include <string>

namespace haven {

// "2027-01-15 08:00 UTC"
std::string format_utc_minute(std::chrono::system_clock::time_point when);
// "2027-01-15 08:00:05", for tables whose heading says UTC.
std::string format_utc_second(std::chrono::system_clock::time_point when);

}  // namespace haven
