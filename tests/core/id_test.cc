#include "core/id.h"

#include <gtest/gtest.h>

#include <set>

#include "seeded_random.h"

namespace haven {
namespace {

struct CaseTag {};
using CaseId = Id<CaseTag>;

TEST(Id, GeneratesDistinct128BitIds) {
  testing::SeededRandom random(7);
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    auto id = CaseId::generate(random);
    EXPECT_EQ(id.str().size(), 32u);
    seen.insert(id.str());
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(Id, ParsesOnlyCanonicalText) {
  struct Row {
    std::string_view text;
    bool valid;
  };
  Row const rows[] = {
      {"0123456789abcdef0123456789abcdef", true},
      {"0123456789ABCDEF0123456789ABCDEF", false},  // one spelling per id
      {"0123456789abcdef0123456789abcde", false},
      {"0123456789abcdef0123456789abcdef0", false},
      {"", false},
      {"../../etc/passwd", false},
      {"0123456789abcdef0123456789abcdeg", false},
  };
  for (auto const& row : rows) {
    EXPECT_EQ(CaseId::parse(row.text).has_value(), row.valid) << row.text;
  }
  auto id = CaseId::parse("0123456789abcdef0123456789abcdef");
  EXPECT_EQ(id->str(), "0123456789abcdef0123456789abcdef");
}

}  // namespace
}  // namespace haven
