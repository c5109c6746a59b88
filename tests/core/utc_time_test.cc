#include "core/utc_time.h"

#include <gtest/gtest.h>

namespace haven {
namespace {

using std::chrono::seconds;
using std::chrono::system_clock;

TEST(FormatUtcMinuteTest, PlainAndInUtc) {
  EXPECT_EQ(format_utc_minute(system_clock::time_point{seconds{1'800'000'000}}),
            "2027-01-15 08:00 UTC");
  EXPECT_EQ(format_utc_minute(system_clock::time_point{seconds{59}}), "1970-01-01 00:00 UTC");
}

TEST(FormatUtcSecondTest, KeepsTheSeconds) {
  EXPECT_EQ(format_utc_second(system_clock::time_point{seconds{1'800'000'005}}),
            "2027-01-15 08:00:05");
  EXPECT_EQ(format_utc_second(system_clock::time_point{seconds{59}}), "1970-01-01 00:00:59");
}

}  // namespace
}  // namespace haven
