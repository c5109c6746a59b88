#include "cli/instance.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "cli/exit_code.h"
#include "seeded_random.h"
#include "temp_dir.h"

namespace haven::cli {
namespace {

namespace fs = std::filesystem;

mode_t mode_of(fs::path const& path) {
  struct stat info {};
  EXPECT_EQ(::stat(path.c_str(), &info), 0);
  return info.st_mode & 0777;
}

void write(fs::path const& path, std::string_view text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
}

class InstanceTest : public ::testing::Test {
 protected:
  fs::path dir() const { return temp_.path() / "data"; }
  testing::TempDir temp_;
  testing::SeededRandom random_{3};
};

TEST_F(InstanceTest, CreatesPrivateDirectoryAndFiles) {
  ASSERT_TRUE(create_instance(dir(), random_));
  EXPECT_EQ(mode_of(dir()), 0700u);
  EXPECT_EQ(mode_of(dir() / kSecretsFile), 0600u);
  EXPECT_EQ(mode_of(dir() / kConfigFile), 0600u);

  auto instance = load_instance(dir(), std::nullopt);
  ASSERT_TRUE(instance) << instance.error().detail;
  EXPECT_EQ(instance->config.listen.host, "127.0.0.1");
  EXPECT_EQ(instance->config.listen.port, 8080);
  EXPECT_EQ(instance->config.database_url, (dir() / kDefaultDatabaseFile).string());
  EXPECT_EQ(instance->secrets.csrf_key.size(), 32u);
  EXPECT_EQ(instance->secrets.handle_pepper.size(), 32u);
  EXPECT_EQ(instance->secrets.audit_key.size(), 32u);
  EXPECT_FALSE(instance->secrets.handle_pepper.equals(instance->secrets.audit_key));
  EXPECT_GE(instance->secrets.metrics_token.size(), 32u);
}

TEST_F(InstanceTest, RefusesToOverwriteAnInstanceOrForeignFiles) {
  ASSERT_TRUE(create_instance(dir(), random_));
  auto again = create_instance(dir(), random_);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::Conflict);

  fs::create_directory(temp_.path() / "other");
  write(temp_.path() / "other" / "notes.txt", "x");
  auto foreign = create_instance(temp_.path() / "other", random_);
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().code, ErrorCode::Conflict);
  EXPECT_TRUE(fs::exists(temp_.path() / "other" / "notes.txt"));
}

TEST_F(InstanceTest, MissingDirectoryOrConfigIsNotFoundWithAHint) {
  auto missing = load_instance(temp_.path() / "nowhere", std::nullopt);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
  EXPECT_NE(missing.error().detail.find("haven init --data"), std::string::npos);
  EXPECT_EQ(exit_code_for(missing.error().code), 66);

  fs::create_directory(dir());
  auto empty = load_instance(dir(), std::nullopt);
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, ErrorCode::NotFound);
}

TEST_F(InstanceTest, EnvironmentDatabaseUrlWins) {
  ASSERT_TRUE(create_instance(dir(), random_));
  auto instance = load_instance(dir(), std::string("postgresql://haven@127.0.0.1:5432/x"));
  ASSERT_TRUE(instance);
  EXPECT_EQ(instance->config.database_url, "postgresql://haven@127.0.0.1:5432/x");
  auto relative = load_instance(dir(), std::string("sqlite:other.db"));
  EXPECT_EQ(relative->config.database_url, (dir() / "other.db").string());
}

TEST_F(InstanceTest, RelativeDataDirectoryGivesAnAbsoluteDatabasePath) {
  auto previous = fs::current_path();
  fs::current_path(temp_.path());
  ASSERT_TRUE(create_instance("data", random_));
  auto instance = load_instance("data", std::nullopt);
  fs::current_path(previous);
  ASSERT_TRUE(instance) << instance.error().detail;
  EXPECT_EQ(instance->config.database_url, (temp_.path() / "data" / kDefaultDatabaseFile).string());
}

TEST_F(InstanceTest, SecretsReadableByOthersAreRefused) {
  ASSERT_TRUE(create_instance(dir(), random_));
  ::chmod((dir() / kSecretsFile).c_str(), 0644);
  auto loaded = load_instance(dir(), std::nullopt);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, ErrorCode::PermissionDenied);
  EXPECT_NE(loaded.error().detail.find("chmod 600"), std::string::npos);
}

TEST_F(InstanceTest, MalformedConfigurationNamesTheProblem) {
  struct Row {
    std::string_view name;
    std::string_view config;
    std::string_view mentions;
  };
  Row const rows[] = {
      {"syntax", "[server\nlisten = 1", "line"},
      {"unknown key", "[server]\nlisten = \"127.0.0.1:1\"\nlisen = 2\n[database]\nurl = \"x\"",
       "server.lisen"},
      {"unknown section", "[srever]\nlisten = 1", "srever"},
      {"bad listen", "[server]\nlisten = \"example.org:80\"\n[database]\nurl = \"x\"",
       "server.listen"},
      {"wrong type", "[server]\nlisten = 8080\n[database]\nurl = \"x\"", "server.listen"},
      {"bad threads", "[server]\nlisten = \"127.0.0.1:1\"\nthreads = -3\n[database]\nurl = \"x\"",
       "threads"},
      {"no database", "[server]\nlisten = \"127.0.0.1:1\"", "database.url"},
      {"bad level",
       "[server]\nlisten = \"127.0.0.1:1\"\n[database]\nurl = \"x\"\n[log]\nlevel = \"loud\"",
       "log.level"},
      {"not utf-8", "[server]\nlisten = \"\xff\xfe\"", "haven.toml"},
  };
  ASSERT_TRUE(create_instance(dir(), random_));
  for (auto const& row : rows) {
    write(dir() / kConfigFile, row.config);
    auto loaded = load_instance(dir(), std::nullopt);
    ASSERT_FALSE(loaded.ok()) << row.name;
    EXPECT_EQ(loaded.error().code, ErrorCode::InvalidInput) << row.name;
    EXPECT_NE(loaded.error().detail.find(row.mentions), std::string::npos)
        << row.name << ": " << loaded.error().detail;
  }
}

TEST_F(InstanceTest, DamagedSecretsAreRefused) {
  ASSERT_TRUE(create_instance(dir(), random_));
  write(dir() / kSecretsFile, "[secrets]\ncsrf_key = \"abcd\"\nmetrics_token = \"x\"\n");
  ::chmod((dir() / kSecretsFile).c_str(), 0600);
  auto loaded = load_instance(dir(), std::nullopt);
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.error().detail.find("csrf_key"), std::string::npos);
}

}  // namespace
}  // namespace haven::cli
