// `haven user add|list|disable|invite|reset` through the real binary, as an operator runs it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "app/account_links.h"
#include "app/audit_log.h"
#include "cli/instance_store.h"
#include "process.h"
#include "temp_dir.h"
#include "vault/base32.h"
#include "vault/password_hasher.h"
#include "vault/totp.h"

namespace haven::cli {
namespace {

using testing::ProgramInput;
using testing::run_program;

std::string const kHaven = HAVEN_BINARY;
constexpr char kPassword[] = "correct horse battery staple";
constexpr char kEmail[] = "Counsellor@Example.org";

bool contains(std::string const& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

std::string file_bytes(std::filesystem::path const& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// The value after `label` up to the end of its line in `text`; empty when absent.
std::string line_value(std::string const& text, std::string_view label) {
  auto at = text.find(label);
  if (at == std::string::npos) return {};
  at += label.size();
  return text.substr(at, text.find('\n', at) - at);
}

class UserCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(run_program({kHaven, "init", "--data", data_}).exit_code, 0);
    auto org = run_program({kHaven, "org", "add", "--data", data_, "--name", "Connection e.V.",
                            "--country", "DE", "--city", "Offenbach", "--languages", "ru"});
    ASSERT_EQ(org.exit_code, 0) << org.err;
    org_ = org.out.substr(13, 32);
  }

  testing::Finished user(std::vector<std::string> args, std::string stdin_text = "") {
    std::vector<std::string> argv = {kHaven, "user"};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--data", data_});
    return run_program(argv, ProgramInput{.stdin_text = std::move(stdin_text),
                                          .extra_env = {"HAVEN_TEST_WEAK_ARGON2=1"}});
  }

  testing::Finished add(std::string email, std::string role, std::string password,
                        std::string org = "") {
    return user({"add", "--org", org.empty() ? org_ : org, "--role", role, "--email", email,
                 "--password-stdin", "--language", "ru"},
                password + "\n");
  }

  testing::TempDir temp_;
  std::string data_ = (temp_.path() / "data").string();
  std::string org_;
};

TEST_F(UserCommandTest, AddsListsAndDisablesUsers) {
  auto added = add(kEmail, "coordinator", kPassword);
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_TRUE(contains(added.err, "HAVEN_TEST_WEAK_ARGON2")) << added.err;
  std::string id = line_value(added.out, "Added user ");
  ASSERT_EQ(id.size(), 32u) << added.out;
  EXPECT_TRUE(contains(added.out, "holds the organisation key")) << added.out;
  EXPECT_TRUE(contains(added.out, "will not be shown again")) << added.out;
  std::string secret = line_value(added.out, "TOTP secret: ");
  ASSERT_EQ(secret.size(), 32u) << added.out;
  std::string uri = line_value(added.out, "TOTP URI: ");
  EXPECT_TRUE(uri.starts_with("otpauth://totp/Haven:")) << uri;
  EXPECT_TRUE(contains(uri, "secret=" + secret)) << uri;

  // oathtool agrees with vault on the code for the printed secret.
  auto oath = run_program(
      {"/usr/bin/oathtool", "--totp", "-b", "--now", "2026-01-01 00:00:00 UTC", secret});
  ASSERT_EQ(oath.exit_code, 0) << oath.err;
  auto decoded = vault::decode_base32(secret);
  ASSERT_TRUE(decoded.ok());
  auto code = vault::totp_code(*decoded, 1767225600 / 30);
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(oath.out, *code + "\n");

  auto second = add("second@example.org", "counsellor", kPassword);
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_TRUE(contains(second.out, "pending")) << second.out;
  std::string second_id = line_value(second.out, "Added user ");

  auto duplicate = add(" counsellor@example.ORG ", "viewer", kPassword);
  EXPECT_EQ(duplicate.exit_code, 73) << duplicate.err;
  EXPECT_TRUE(contains(duplicate.err, "already exists")) << duplicate.err;
  EXPECT_FALSE(contains(duplicate.err, "example")) << duplicate.err;

  auto disabled = user({"disable", "--user", second_id});
  ASSERT_EQ(disabled.exit_code, 0) << disabled.err;

  auto listed = user({"list", "--org", org_});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_TRUE(contains(listed.out, id + "  coordinator  active    granted")) << listed.out;
  EXPECT_TRUE(contains(listed.out, second_id + "  counsellor   disabled  pending")) << listed.out;
  EXPECT_FALSE(contains(listed.out, "example")) << listed.out;

  auto verified = run_program({kHaven, "audit", "verify", "--data", data_});
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;

  // Nothing readable on disk: neither the password, the email nor the TOTP secret.
  auto db = std::filesystem::path(data_) / "haven.db";
  for (auto const& path : {db, std::filesystem::path(db.string() + "-wal")}) {
    std::string bytes = file_bytes(path);
    EXPECT_FALSE(contains(bytes, kPassword)) << path;
    EXPECT_FALSE(contains(bytes, "counsellor@example.org")) << path;
    EXPECT_FALSE(contains(bytes, "second@example.org")) << path;
    EXPECT_FALSE(contains(bytes, secret)) << path;
  }
  for (auto const* out : {&added, &second, &listed, &disabled}) {
    EXPECT_FALSE(contains(out->err, "xample")) << out->err;
    EXPECT_FALSE(contains(out->err, kPassword)) << out->err;
  }
}

TEST_F(UserCommandTest, BadInputIsAClearError) {
  struct Row {
    std::string_view name;
    std::string email, role, password;
    int want;
    std::string_view message;
  };
  Row const rows[] = {
      {"empty password", "a@example.org", "viewer", "", 64, "the password is empty"},
      {"short password", "a@example.org", "viewer", "short", 64, "at least 12 characters"},
      {"long password", "a@example.org", "viewer", std::string(2000, 'x'), 64, "1024 bytes"},
      {"bad email", "not-an-email", "viewer", kPassword, 64, "email address is not valid"},
      {"unknown role", "a@example.org", "boss", kPassword, 64, "unknown role"},
  };
  for (auto const& row : rows) {
    SCOPED_TRACE(row.name);
    auto result = add(row.email, row.role, row.password);
    EXPECT_EQ(result.exit_code, row.want) << result.err;
    EXPECT_TRUE(contains(result.err, row.message)) << result.err;
  }
  auto unknown_org = add("a@example.org", "viewer", kPassword, std::string(32, 'a'));
  EXPECT_EQ(unknown_org.exit_code, 66) << unknown_org.err;
  auto no_stdin = user({"add", "--org", org_, "--role", "viewer", "--email", "a@example.org"});
  EXPECT_EQ(no_stdin.exit_code, 64) << no_stdin.err;
  EXPECT_TRUE(contains(no_stdin.err, "--password-stdin")) << no_stdin.err;
  auto help = run_program({kHaven, "user", "list", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_TRUE(contains(help.out, "cannot show them")) << help.out;
}

// The link a command printed, opened the way the web page opens it: the instance's own
// store and secrets.
Result<app::LinkDetails> open_printed_link(std::string const& data_dir, std::string const& link) {
  // As open_instance does, without installing a second log sink in this process.
  if (auto ready = vault::initialise(); !ready) return ready.error();
  auto instance = load_instance(data_dir, database_url_from_environment());
  if (!instance) return instance.error();
  SystemClock clock;
  vault::SystemRandom random;
  auto store = open_instance_store(*instance, clock, random);
  if (!store) return store.error();
  app::AuditLog audit(clock, instance->secrets.audit_key);
  vault::PasswordHasher hasher(1, 1);
  app::AccountLinks links(**store, clock, random, audit, instance->secrets.handle_pepper, hasher,
                          vault::PasswordParams::for_tests());
  return links.open(link);
}

TEST_F(UserCommandTest, InviteAndResetPrintLinksThatOpen) {
  auto first = add(kEmail, "coordinator", kPassword);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  std::string id = line_value(first.out, "Added user ");

  auto invited = user({"invite", "--org", org_, "--role", "counsellor", "--email",
                       "new.person@example.org", "--language", "uk"});
  ASSERT_EQ(invited.exit_code, 0) << invited.err;
  std::string path = line_value(invited.out, "Link: ");
  ASSERT_TRUE(path.starts_with("/welcome/")) << invited.out;
  EXPECT_EQ(path.size(), 9u + 32 + 1 + 64) << "token id, '.', 64 hex digits";
  EXPECT_TRUE(line_value(invited.out, "Expires: ").ends_with(" UTC")) << invited.out;
  EXPECT_TRUE(contains(invited.out, "will not be shown again")) << invited.out;
  EXPECT_FALSE(contains(invited.err, path.substr(9))) << "the link never reaches the log";
  auto invitation = open_printed_link(data_, path.substr(9));
  ASSERT_TRUE(invitation.ok()) << invitation.error().detail;
  EXPECT_EQ(invitation->kind, app::AccountTokenKind::Invitation);
  EXPECT_EQ(invitation->org_name, "Connection e.V.");
  EXPECT_EQ(invitation->role, domain::Role::Counsellor);
  EXPECT_EQ(invitation->language, domain::Language::Uk);

  auto reset = user({"reset", "--user", id});
  ASSERT_EQ(reset.exit_code, 0) << reset.err;
  std::string reset_path = line_value(reset.out, "Link: ");
  ASSERT_TRUE(reset_path.starts_with("/reset/")) << reset.out;
  EXPECT_TRUE(line_value(reset.out, "Expires: ").ends_with(" UTC")) << reset.out;
  auto details = open_printed_link(data_, reset_path.substr(7));
  ASSERT_TRUE(details.ok()) << details.error().detail;
  EXPECT_EQ(details->kind, app::AccountTokenKind::PasswordReset);
  EXPECT_EQ(details->language, domain::Language::Ru) << "the user's preferred language";

  auto verified = run_program({kHaven, "audit", "verify", "--data", data_});
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
}

TEST_F(UserCommandTest, BadInvitationsAndResetsAreClearErrors) {
  ASSERT_EQ(add(kEmail, "coordinator", kPassword).exit_code, 0);
  struct Row {
    std::string_view name;
    std::vector<std::string> args;
    int want;
    std::string_view message;
  };
  Row const rows[] = {
      {"unknown role",
       {"invite", "--org", org_, "--role", "boss", "--email", "a@example.org"},
       64,
       "unknown role"},
      {"bad email",
       {"invite", "--org", org_, "--role", "viewer", "--email", "not-an-email"},
       64,
       "email address is not valid"},
      {"existing account",
       {"invite", "--org", org_, "--role", "viewer", "--email", kEmail},
       73,
       "already exists"},
      {"unknown language",
       {"invite", "--org", org_, "--role", "viewer", "--email", "a@example.org", "--language",
        "fr"},
       64,
       "unknown --language"},
      {"unknown organisation",
       {"invite", "--org", std::string(32, 'a'), "--role", "viewer", "--email", "a@example.org"},
       66,
       ""},
      {"bad user id", {"reset", "--user", "nobody"}, 64, "--user must be a user id"},
      {"unknown user", {"reset", "--user", std::string(32, 'b')}, 66, ""},
  };
  for (auto const& row : rows) {
    SCOPED_TRACE(row.name);
    auto result = user(row.args);
    EXPECT_EQ(result.exit_code, row.want) << result.err;
    EXPECT_TRUE(contains(result.err, row.message)) << result.err;
    EXPECT_FALSE(contains(result.out, "Link: ")) << result.out;
  }
}

}  // namespace
}  // namespace haven::cli
