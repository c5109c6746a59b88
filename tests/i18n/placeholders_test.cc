#include "i18n/placeholders.h"

#include <gtest/gtest.h>

namespace haven::i18n {
namespace {

TEST(PlaceholdersTest, ReplacesByName) {
  EXPECT_EQ(fill_placeholders("Error reference: {id}", {{"id", "abc"}}), "Error reference: abc");
  EXPECT_EQ(fill_placeholders("{a} and {b}, {a}", {{"a", "1"}, {"b", "2"}}), "1 and 2, 1");
}

TEST(PlaceholdersTest, LeavesUnknownAndBrokenBracesAlone) {
  EXPECT_EQ(fill_placeholders("{unknown} {id", {{"id", "x"}}), "{unknown} {id");
  EXPECT_EQ(fill_placeholders("}{", {}), "}{");
  EXPECT_EQ(fill_placeholders("", {{"id", "x"}}), "");
}

TEST(PlaceholdersTest, DoesNotExpandInsertedValues) {
  EXPECT_EQ(fill_placeholders("{a}{b}", {{"a", "{b}"}, {"b", "2"}}), "{b}2");
}

}  // namespace
}  // namespace haven::i18n
