// `haven org add|list` through the real binary, as an operator runs it.
#include <gtest/gtest.h>

#include "process.h"
#include "temp_dir.h"

namespace haven::cli {
namespace {

using testing::run_program;

std::string const kHaven = HAVEN_BINARY;

bool contains(std::string const& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

class OrgCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto init = run_program({kHaven, "init", "--data", data_});
    ASSERT_EQ(init.exit_code, 0) << init.err;
  }

  testing::Finished org(std::vector<std::string> args) {
    std::vector<std::string> argv = {kHaven, "org"};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--data", data_});
    return run_program(argv);
  }

  testing::TempDir temp_;
  std::string data_ = (temp_.path() / "data").string();
};

TEST_F(OrgCommandTest, AddsAndListsOrganisations) {
  auto empty = org({"list"});
  EXPECT_EQ(empty.exit_code, 0) << empty.err;
  EXPECT_TRUE(contains(empty.out, "No organisations yet")) << empty.out;

  auto added = org({"add", "--name", "Connection e.V.", "--country", "de", "--city", "Offenbach",
                    "--languages", "ru,en,de", "--kind", "member"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  ASSERT_TRUE(added.out.starts_with("Added member ")) << added.out;
  std::string id = added.out.substr(13, 32);
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;

  auto point = org({"add", "--name", "Контактный пункт", "--country", "GE", "--city", "Тбилиси",
                    "--languages", "ru", "--kind", "contact-point"});
  ASSERT_EQ(point.exit_code, 0) << point.err;

  auto listed = org({"list"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_TRUE(listed.out.starts_with("ID ")) << listed.out;
  EXPECT_TRUE(contains(listed.out, id));
  EXPECT_TRUE(contains(listed.out, "Connection e.V."));
  EXPECT_TRUE(contains(listed.out, "ru,en,de"));
  EXPECT_TRUE(contains(listed.out, " DE "));
  EXPECT_TRUE(contains(listed.out, "contact-point"));
  EXPECT_TRUE(contains(listed.out, "Тбилиси"));
  // Names never reach the log.
  EXPECT_FALSE(contains(listed.err, "Connection")) << listed.err;
  EXPECT_FALSE(contains(added.err, "Connection")) << added.err;
}

TEST_F(OrgCommandTest, BadInputIsAClearUsageError) {
  struct Row {
    std::vector<std::string> args;
    std::string_view message;
  };
  Row const rows[] = {
      {{"--country", "XX", "--kind", "member"}, "country"},
      {{"--country", "DE", "--kind", "partner"}, "--kind must be member or contact-point"},
      {{"--country", "DE", "--languages", "fr"}, "languages"},
      {{"--country", "DE", "--city", "Ber\nlin"}, "city"},
  };
  for (auto const& row : rows) {
    std::vector<std::string> args = {"add", "--name", "N", "--city", "Berlin", "--languages", "ru"};
    args.insert(args.end(), row.args.begin(), row.args.end());
    auto result = org(args);
    EXPECT_EQ(result.exit_code, 64) << row.message << ": " << result.err;
    EXPECT_TRUE(contains(result.err, row.message)) << result.err;
  }
  auto missing = run_program({kHaven, "org", "add", "--data", data_, "--name", "N"});
  EXPECT_EQ(missing.exit_code, 64);
  EXPECT_TRUE(contains(missing.err, "--country")) << missing.err;
  auto bare = run_program({kHaven, "org"});
  EXPECT_EQ(bare.exit_code, 64);
}

TEST_F(OrgCommandTest, DuplicateNameIsRefused) {
  std::vector<std::string> args = {"add",    "--name",  "Nash Dom",    "--country", "LT",
                                   "--city", "Vilnius", "--languages", "ru,uk"};
  ASSERT_EQ(org(args).exit_code, 0);
  auto again = org(args);
  EXPECT_EQ(again.exit_code, 73) << again.err;
  EXPECT_TRUE(contains(again.err, "exists")) << again.err;
}

TEST(OrgCommand, WithoutAnInstanceExplainsWhatToDo) {
  testing::TempDir temp;
  auto result = run_program({kHaven, "org", "list", "--data", (temp.path() / "none").string()});
  EXPECT_EQ(result.exit_code, 66);
  EXPECT_TRUE(contains(result.err, "haven init --data")) << result.err;
}

}  // namespace
}  // namespace haven::cli
