#include "core/log.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace haven {
namespace {

struct Captured {
  log::Level level;
  std::string event;
  std::string fields;
};

class LogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log::set_sink([this](log::Level level, std::string_view event, std::string_view fields) {
      lines_.push_back({level, std::string(event), std::string(fields)});
    });
    log::set_level(log::Level::Debug);
  }
  void TearDown() override {
    log::set_sink([](log::Level, std::string_view, std::string_view) {});
    log::set_level(log::Level::Info);
  }
  std::vector<Captured> lines_;
};

TEST_F(LogTest, RendersFieldsAsJson) {
  log::info("request", {{"id", "abc"}, {"status", "200"}});
  ASSERT_EQ(lines_.size(), 1u);
  EXPECT_EQ(lines_[0].event, "request");
  EXPECT_EQ(lines_[0].fields, R"({"id":"abc","status":"200"})");
}

TEST_F(LogTest, EscapesControlCharactersSoALineCannotBeForged) {
  log::warn("x", {{"detail", "a\"b\\c\nfake line\x01"}});
  ASSERT_EQ(lines_.size(), 1u);
  EXPECT_EQ(lines_[0].fields, R"({"detail":"a\"b\\c\nfake line\u0001"})");
}

TEST_F(LogTest, DropsBelowMinimumLevel) {
  log::set_level(log::Level::Warn);
  EXPECT_FALSE(log::is_enabled(log::Level::Info));
  EXPECT_TRUE(log::is_enabled(log::Level::Warn));
  log::info("quiet");
  log::error("loud");
  ASSERT_EQ(lines_.size(), 1u);
  EXPECT_EQ(lines_[0].event, "loud");
  EXPECT_EQ(lines_[0].level, log::Level::Error);
}

}  // namespace
}  // namespace haven
