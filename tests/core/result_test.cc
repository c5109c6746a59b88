#include "core/result.h"

#include <gtest/gtest.h>

#include <memory>

namespace haven {
namespace {

Result<int> parse_positive(int n) {
  if (n <= 0) return make_error(ErrorCode::InvalidInput, "not positive");
  return n;
}

TEST(Result, CarriesValueOrError) {
  auto good = parse_positive(3);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 3);

  auto bad = parse_positive(-1);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::InvalidInput);
  EXPECT_EQ(bad.error().detail, "not positive");
}

TEST(Result, MovesOnlyTypes) {
  Result<std::unique_ptr<int>> r = std::make_unique<int>(7);
  ASSERT_TRUE(r);
  std::unique_ptr<int> p = std::move(r).value();
  EXPECT_EQ(*p, 7);
}

TEST(Result, VoidResult) {
  Result<void> ok;
  EXPECT_TRUE(ok.ok());
  Result<void> failed = make_error(ErrorCode::Unavailable, "db down");
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, ErrorCode::Unavailable);
}

TEST(Result, ErrorCodeNamesAreStableAndDistinct) {
  struct Row {
    ErrorCode code;
    std::string_view name;
  };
  Row const rows[] = {
      {ErrorCode::InvalidInput, "invalid_input"},
      {ErrorCode::NotFound, "not_found"},
      {ErrorCode::PermissionDenied, "permission_denied"},
      {ErrorCode::Unauthenticated, "unauthenticated"},
      {ErrorCode::Conflict, "conflict"},
      {ErrorCode::RateLimited, "rate_limited"},
      {ErrorCode::Unavailable, "unavailable"},
      {ErrorCode::Corruption, "corruption"},
      {ErrorCode::Internal, "internal"},
  };
  for (auto const& row : rows) EXPECT_EQ(to_string(row.code), row.name);
}

}  // namespace
}  // namespace haven
