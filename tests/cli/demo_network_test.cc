// `haven init --demo` through the real binary: the demo network exists, its printed
// credentials open the stored accounts, and nothing printed is readable on disk.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <set>
#include <sstream>
#include <vector>

#include "process.h"
#include "temp_dir.h"
#include "vault/base32.h"
#include "vault/keypair.h"
#include "vault/password_kek.h"
#include "vault/sealed_box.h"
#include "vault/system_random.h"
#include "vault/totp.h"
#include "vault/user_key.h"

namespace haven::cli {
namespace {

using testing::ProgramInput;
using testing::run_program;

std::string const kHaven = HAVEN_BINARY;
std::vector<std::string> const kWeakArgon2 = {"HAVEN_TEST_WEAK_ARGON2=1"};

bool contains(std::string const& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

std::string file_bytes(std::filesystem::path const& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

std::vector<std::string> words(std::string const& line) {
  std::istringstream in(line);
  return {std::istream_iterator<std::string>(in), {}};
}

// One row of the printed credentials table.
struct Printed {
  std::string role, email, password, totp_secret;
};

// The rows of every organisation's table in `out`: "  ROLE  EMAIL  PASSWORD  SECRET [...]".
std::vector<Printed> printed_accounts(std::string const& out) {
  std::vector<Printed> accounts;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    auto w = words(line);
    if (w.size() < 4 || (w[0] != "coordinator" && w[0] != "counsellor")) continue;
    accounts.push_back({w[0], w[1], w[2], w[3]});
  }
  return accounts;
}

// The line of a `haven org list` naming `name`; empty when absent.
std::string org_line(std::string const& listing, std::string_view name) {
  std::istringstream lines(listing);
  for (std::string line; std::getline(lines, line);) {
    if (contains(line, name)) return line;
  }
  return {};
}

// The organisation id of that line (its first column).
std::string org_id(std::string const& listing, std::string_view name) {
  return org_line(listing, name).substr(0, 32);
}

// The stored account of the coordinator of `org`: its key envelope, public key and sealed
// TOTP secret, read straight from the SQLite file.
struct StoredAccount {
  std::vector<std::uint8_t> key_envelope, public_key, totp_envelope;
};

std::vector<std::uint8_t> blob(sqlite3_stmt* statement, int column) {
  auto const* data = static_cast<std::uint8_t const*>(sqlite3_column_blob(statement, column));
  return {data, data + sqlite3_column_bytes(statement, column)};
}

std::optional<StoredAccount> stored_coordinator(std::filesystem::path const& db,
                                                std::string const& org) {
  sqlite3* handle = nullptr;
  if (sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(handle);
    return std::nullopt;
  }
  sqlite3_stmt* statement = nullptr;
  sqlite3_prepare_v2(handle,
                     "SELECT u.key_envelope, u.public_key, u.totp_envelope FROM users u "
                     "JOIN memberships m ON m.user_id = u.id "
                     "WHERE m.org_id = ? AND m.role = 'coordinator'",
                     -1, &statement, nullptr);
  sqlite3_bind_text(statement, 1, org.c_str(), -1, SQLITE_TRANSIENT);
  std::optional<StoredAccount> found;
  if (sqlite3_step(statement) == SQLITE_ROW) {
    found = StoredAccount{blob(statement, 0), blob(statement, 1), blob(statement, 2)};
  }
  sqlite3_finalize(statement);
  sqlite3_close(handle);
  return found;
}

vault::SecretBytes secret_of(std::string const& text) {
  return vault::SecretBytes::copy_of(
      {reinterpret_cast<std::uint8_t const*>(text.data()), text.size()});
}

// The TOTP secret sealed in `stored`, opened with the printed `password` as a login would.
Result<vault::SecretBytes> open_stored_totp(StoredAccount const& stored,
                                            std::string const& password) {
  auto header = vault::read_wrapped_user_key_header(stored.key_envelope);
  if (!header) return header.error();
  auto kek = vault::derive_kek(secret_of(password), header->salt, header->params);
  if (!kek) return kek.error();
  auto user_sk = vault::unwrap_user_key(*kek, stored.key_envelope);
  if (!user_sk) return user_sk.error();
  vault::Keypair keypair{.public_key = {}, .secret_key = std::move(user_sk).value()};
  if (stored.public_key.size() != keypair.public_key.size()) {
    return make_error(ErrorCode::Corruption, "public key size");
  }
  std::copy(stored.public_key.begin(), stored.public_key.end(), keypair.public_key.begin());
  return vault::open_sealed(keypair, vault::SealedPurpose::TotpSecret, stored.totp_envelope);
}

class DemoNetworkTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(vault::initialise().ok()); }

  testing::Finished init_demo() {
    return run_program({kHaven, "init", "--demo", "--data", data_},
                       ProgramInput{.stdin_text = "", .extra_env = kWeakArgon2},
                       std::chrono::seconds(120));
  }

  testing::TempDir temp_;
  std::string data_ = (temp_.path() / "data").string();
};

TEST_F(DemoNetworkTest, CreatesTheOrganisationsAndTheirStaff) {
  auto init = init_demo();
  ASSERT_EQ(init.exit_code, 0) << init.out << init.err;
  EXPECT_TRUE(contains(init.err, "HAVEN_TEST_WEAK_ARGON2")) << init.err;
  EXPECT_TRUE(contains(init.out, "Start it with: haven serve --data " + data_)) << init.out;

  auto orgs = run_program({kHaven, "org", "list", "--data", data_});
  ASSERT_EQ(orgs.exit_code, 0) << orgs.err;
  struct Row {
    std::string_view name, kind, country, languages;
    int counsellors;
  };
  Row const rows[] = {
      {"Netzwerkbüro Offenbach (Demo)", "member", "DE", "ru,en,de", 2},
      {"Objectors' Movement in Exile, Riga (Demo)", "member", "LV", "ru,en", 2},
      {"Belarusian Refusers' Rights House, Vilnius (Demo)", "member", "LT", "ru,en", 2},
      {"Contact Point Tbilisi (Demo)", "contact-point", "GE", "ru,en", 1},
      {"Київська пацифістська ініціатива (Demo)", "member", "UA", "uk,ru,en", 2},
  };
  std::istringstream listing(orgs.out);
  std::string header;
  std::getline(listing, header);
  int org_rows = 0;
  for (std::string line; std::getline(listing, line);) ++org_rows;
  EXPECT_EQ(org_rows, 5) << orgs.out;
  for (auto const& row : rows) {
    SCOPED_TRACE(row.name);
    std::string id = org_id(orgs.out, row.name);
    ASSERT_EQ(id.size(), 32u) << orgs.out;
    auto w = words(org_line(orgs.out, row.name));
    EXPECT_EQ(w.at(1), row.kind);
    EXPECT_EQ(w.at(2), row.country);
    EXPECT_TRUE(contains(org_line(orgs.out, row.name), " " + std::string(row.languages) + " "));

    auto staff = run_program({kHaven, "user", "list", "--org", id, "--data", data_});
    ASSERT_EQ(staff.exit_code, 0) << staff.err;
    int coordinators = 0, counsellors = 0;
    std::istringstream lines(staff.out);
    for (std::string line; std::getline(lines, line);) {
      auto cells = words(line);
      if (cells.size() != 4 || cells[0] == "ID") continue;
      EXPECT_EQ(cells[2], "active") << line;
      if (cells[1] == "coordinator") {
        ++coordinators;
        EXPECT_EQ(cells[3], "granted") << line;
      } else if (cells[1] == "counsellor") {
        ++counsellors;
        EXPECT_EQ(cells[3], "pending") << line;
      } else {
        ADD_FAILURE() << "unexpected role: " << line;
      }
    }
    EXPECT_EQ(coordinators, 1) << staff.out;
    EXPECT_EQ(counsellors, row.counsellors) << staff.out;
  }

  auto verified = run_program({kHaven, "audit", "verify", "--data", data_});
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
}

TEST_F(DemoNetworkTest, PrintedCredentialsOpenTheStoredAccountAndAreNotOnDisk) {
  auto init = init_demo();
  ASSERT_EQ(init.exit_code, 0) << init.out << init.err;
  EXPECT_TRUE(contains(init.out, "not stored anywhere in plaintext")) << init.out;
  auto accounts = printed_accounts(init.out);
  ASSERT_EQ(accounts.size(), 14u) << init.out;

  std::set<std::string> passwords, secrets, emails;
  for (auto const& account : accounts) {
    SCOPED_TRACE(account.email);
    EXPECT_TRUE(account.email.ends_with(".demo.invalid")) << account.email;
    EXPECT_GE(account.password.size(), 12u);
    auto decoded = vault::decode_base32(account.totp_secret);
    ASSERT_TRUE(decoded.ok()) << account.totp_secret;
    EXPECT_EQ(decoded->size(), vault::kTotpSecretBytes);
    EXPECT_TRUE(contains(init.out, "otpauth://totp/Haven:")) << init.out;
    EXPECT_TRUE(contains(init.out, "secret=" + account.totp_secret)) << init.out;
    passwords.insert(account.password);
    secrets.insert(account.totp_secret);
    emails.insert(account.email);
  }
  EXPECT_EQ(passwords.size(), accounts.size());
  EXPECT_EQ(secrets.size(), accounts.size());
  EXPECT_EQ(emails.size(), accounts.size());

  // oathtool and vault agree on the first account's codes: at a fixed time, and now.
  auto const& first = accounts.front();
  ASSERT_EQ(first.email, "coordinator@offenbach.demo.invalid");
  auto decoded = vault::decode_base32(first.totp_secret);
  ASSERT_TRUE(decoded.ok());
  auto fixed = run_program(
      {"/usr/bin/oathtool", "--totp", "-b", "--now", "2026-01-01 00:00:00 UTC", first.totp_secret});
  ASSERT_EQ(fixed.exit_code, 0) << fixed.err;
  auto expected = vault::totp_code(*decoded, 1767225600 / 30);
  ASSERT_TRUE(expected.ok());
  EXPECT_EQ(fixed.out, *expected + "\n");
  auto now = run_program({"/usr/bin/oathtool", "--totp", "-b", first.totp_secret});
  ASSERT_EQ(now.exit_code, 0) << now.err;
  std::string code = now.out.substr(0, now.out.find('\n'));
  ASSERT_EQ(code.size(), 6u) << now.out;
  EXPECT_EQ(code.find_first_not_of("0123456789"), std::string::npos) << code;

  // The printed password opens the stored account, whose sealed TOTP secret is the printed
  // one and accepts oathtool's code.
  auto orgs = run_program({kHaven, "org", "list", "--data", data_});
  ASSERT_EQ(orgs.exit_code, 0) << orgs.err;
  auto db = std::filesystem::path(data_) / "haven.db";
  auto stored = stored_coordinator(db, org_id(orgs.out, "Netzwerkbüro Offenbach (Demo)"));
  ASSERT_TRUE(stored.has_value());
  auto totp = open_stored_totp(*stored, first.password);
  ASSERT_TRUE(totp.ok()) << totp.error().detail;
  EXPECT_TRUE(totp->equals(*decoded));
  EXPECT_TRUE(vault::verify_totp(*totp, code, std::chrono::system_clock::now(), std::nullopt).ok());
  EXPECT_FALSE(open_stored_totp(*stored, accounts[1].password).ok());

  // Nothing printed is readable in the database, its WAL or the log on stderr.
  for (auto const& path : {db, std::filesystem::path(db.string() + "-wal")}) {
    std::string bytes = file_bytes(path);
    for (auto const& account : accounts) {
      EXPECT_FALSE(contains(bytes, account.password)) << path;
      EXPECT_FALSE(contains(bytes, account.totp_secret)) << path;
      EXPECT_FALSE(contains(bytes, account.email)) << path;
    }
  }
  for (auto const& account : accounts) {
    EXPECT_FALSE(contains(init.err, account.password)) << init.err;
    EXPECT_FALSE(contains(init.err, account.totp_secret)) << init.err;
  }
}

TEST_F(DemoNetworkTest, AnExistingInstanceIsRefused) {
  auto plain = run_program({kHaven, "init", "--data", data_});
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  auto again = init_demo();
  EXPECT_EQ(again.exit_code, 73) << again.err;
  EXPECT_TRUE(contains(again.err, "already holds a Haven instance")) << again.err;
  EXPECT_FALSE(contains(again.out, "PASSWORD")) << again.out;
  auto orgs = run_program({kHaven, "org", "list", "--data", data_});
  EXPECT_TRUE(contains(orgs.out, "No organisations yet")) << orgs.out;

  testing::TempDir other;
  std::string demo_dir = (other.path() / "data").string();
  ASSERT_EQ(run_program({kHaven, "init", "--demo", "--data", demo_dir},
                        ProgramInput{.stdin_text = "", .extra_env = kWeakArgon2},
                        std::chrono::seconds(120))
                .exit_code,
            0);
  auto twice = run_program({kHaven, "init", "--demo", "--data", demo_dir},
                           ProgramInput{.stdin_text = "", .extra_env = kWeakArgon2});
  EXPECT_EQ(twice.exit_code, 73) << twice.err;
  EXPECT_TRUE(contains(twice.err, "already holds a Haven instance")) << twice.err;
}

}  // namespace
}  // namespace haven::cli
