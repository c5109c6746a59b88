// `haven audit verify` through the real binary: an intact log, then a log tampered with
// directly in the SQLite file (after dropping the append-only triggers, as an attacker
// holding the database would).
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "process.h"
#include "temp_dir.h"

namespace haven::cli {
namespace {

using testing::run_program;

std::string const kHaven = HAVEN_BINARY;

class AuditCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto init = run_program({kHaven, "init", "--data", data_});
    ASSERT_EQ(init.exit_code, 0) << init.err;
  }

  void add_org(std::string const& name) {
    auto added = run_program({kHaven, "org", "add", "--name", name, "--country", "DE", "--city",
                              "Berlin", "--languages", "ru", "--data", data_});
    ASSERT_EQ(added.exit_code, 0) << added.err;
  }

  testing::Finished verify() { return run_program({kHaven, "audit", "verify", "--data", data_}); }

  // Runs `sql` on the instance's SQLite file, outside Haven.
  void tamper(std::string const& sql) {
    sqlite3* db = nullptr;
    auto path = data_ + "/haven.db";
    ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
    char* error = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    EXPECT_EQ(rc, SQLITE_OK) << (error ? error : "");
    sqlite3_free(error);
    sqlite3_close(db);
  }

  static constexpr char kDropTriggers[] =
      "DROP TRIGGER audit_entries_no_update; DROP TRIGGER audit_entries_no_delete;";

  testing::TempDir temp_;
  std::string data_ = (temp_.path() / "data").string();
};

TEST_F(AuditCommandTest, EmptyLogIsIntact) {
  auto result = verify();
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "audit log intact: 0 entries\n");
}

TEST_F(AuditCommandTest, OrgAddsAreAuditedAndVerify) {
  add_org("First");
  add_org("Second");
  auto result = verify();
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "audit log intact: 2 entries\n");
}

TEST_F(AuditCommandTest, TriggersRefuseEditsThroughSql) {
  add_org("First");
  sqlite3* db = nullptr;
  auto path = data_ + "/haven.db";
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
  EXPECT_NE(
      sqlite3_exec(db, "UPDATE audit_entries SET action = 'sign_in'", nullptr, nullptr, nullptr),
      SQLITE_OK);
  EXPECT_NE(sqlite3_exec(db, "DELETE FROM audit_entries", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  EXPECT_EQ(verify().exit_code, 0);
}

TEST_F(AuditCommandTest, ChangedEntryIsReportedBySequence) {
  add_org("First");
  add_org("Second");
  add_org("Third");
  tamper(std::string(kDropTriggers) +
         "UPDATE audit_entries SET action = 'sign_in' WHERE sequence = 2;");
  auto result = verify();
  EXPECT_EQ(result.exit_code, 65) << result.err;
  EXPECT_EQ(result.out, "audit log broken at entry 2: link does not match the entry's contents\n");
}

TEST_F(AuditCommandTest, DeletedMiddleEntryIsAGap) {
  add_org("First");
  add_org("Second");
  add_org("Third");
  tamper(std::string(kDropTriggers) + "DELETE FROM audit_entries WHERE sequence = 2;");
  auto result = verify();
  EXPECT_EQ(result.exit_code, 65) << result.err;
  EXPECT_EQ(result.out, "audit log broken at entry 2: sequence gap\n");
}

TEST_F(AuditCommandTest, DeletedLastEntryIsCaughtByTheHead) {
  add_org("First");
  add_org("Second");
  tamper(std::string(kDropTriggers) + "DELETE FROM audit_entries WHERE sequence = 2;");
  auto result = verify();
  EXPECT_EQ(result.exit_code, 65) << result.err;
  EXPECT_EQ(result.out, "audit log broken at entry 2: sequence gap\n");
}

}  // namespace
}  // namespace haven::cli
