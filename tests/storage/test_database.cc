#include "test_database.h"

#include <libpq-fe.h>
#include <sqlite3.h>

#include <cstdlib>
#include <random>
#include <string>

#include "core/hex.h"

namespace haven::storage::testing {

namespace {

struct PgDeleter {
  void operator()(PGconn* c) const { PQfinish(c); }
};
using PgPtr = std::unique_ptr<PGconn, PgDeleter>;

PgPtr connect_admin() {
  auto base = postgres_base_url();
  PgPtr conn(PQconnectdb(base->c_str()));
  EXPECT_EQ(PQstatus(conn.get()), CONNECTION_OK) << PQerrorMessage(conn.get());
  return conn;
}

std::string pg_query(PGconn* conn, std::string const& sql) {
  PGresult* r = PQexec(conn, sql.c_str());
  auto status = PQresultStatus(r);
  EXPECT_TRUE(status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
      << sql << ": " << PQerrorMessage(conn);
  std::string out;
  if (status == PGRES_TUPLES_OK && PQntuples(r) > 0) out = PQgetvalue(r, 0, 0);
  PQclear(r);
  return out;
}

std::string sqlite_query(std::string const& path, std::string const& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
  std::string out;
  auto collect = [](void* target, int columns, char** values, char**) {
    auto& text = *static_cast<std::string*>(target);
    if (columns > 0 && values[0] != nullptr && text.empty()) text = values[0];
    return 0;
  };
  char* error = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), collect, &out, &error);
  EXPECT_EQ(rc, SQLITE_OK) << sql << ": " << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
  return out;
}

}  // namespace

std::string engine_name(Engine engine) {
  return engine == Engine::Sqlite ? "sqlite" : "postgresql";
}

std::optional<std::string> postgres_base_url() {
  char const* url = std::getenv("HAVEN_TEST_POSTGRES_URL");
  if (url == nullptr || *url == '\0') return std::nullopt;
  return std::string(url);
}

bool postgres_required() {
  char const* required = std::getenv("HAVEN_REQUIRE_POSTGRES");
  return required != nullptr && std::string_view(required) == "1";
}

TestDatabase::TestDatabase(Engine engine) : engine_(engine) {
  if (engine == Engine::Sqlite) {
    dir_.emplace();
    url_ = "sqlite://" + (dir_->path() / "haven.db").string();
    return;
  }
  // Every test runs in its own process (gtest_discover_tests): the name must differ per run.
  std::random_device device;
  haven::testing::SeededRandom seed((std::uint64_t{device()} << 32) | device());
  schema_ = "haven_test_" + random_hex(seed, 8);
  auto admin = connect_admin();
  pg_query(admin.get(), "CREATE SCHEMA " + schema_);
  std::string base = *postgres_base_url();
  url_ = base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
         schema_;
}

TestDatabase::~TestDatabase() {
  if (engine_ == Engine::Postgres && !schema_.empty()) {
    auto admin = connect_admin();
    pg_query(admin.get(), "DROP SCHEMA " + schema_ + " CASCADE");
  }
}

void TestDatabase::execute(std::string const& sql) { (void)query_text(sql); }

std::string TestDatabase::query_text(std::string const& sql) {
  if (engine_ == Engine::Sqlite) return sqlite_query((dir_->path() / "haven.db").string(), sql);
  auto admin = connect_admin();
  pg_query(admin.get(), "SET search_path TO " + schema_);
  return pg_query(admin.get(), sql);
}

void roll_back_to(TestDatabase& database, int version) {
  ASSERT_EQ(kNewestSchemaVersion, 10) << "teach roll_back_to the newest migration";
  auto forget = [&](int applied) {
    database.execute("DELETE FROM schema_migrations WHERE version = " + std::to_string(applied));
  };
  if (version < 10) {
    database.execute("ALTER TABLE case_entries DROP COLUMN sealed_entry_key");
    forget(10);
  }
  if (version < 9) {
    for (char const* index : {"cases_org_assignee_open", "cases_org_open_updated",
                              "cases_org_urgent_open", "cases_org_waiting", "cases_org_status"}) {
      database.execute(std::string("DROP INDEX ") + index);
    }
    forget(9);
  }
  if (version < 8) {
    database.execute("DROP TABLE case_document_chunks");
    database.execute("DROP TABLE case_documents");
    database.execute("DROP INDEX audit_entries_object");
    forget(8);
  }
  if (version < 7) {
    database.execute("DROP TABLE case_deadlines");
    forget(7);
  }
  if (version < 6) {
    database.execute("DROP TABLE case_handles");
    database.execute("DROP TABLE case_people");
    forget(6);
  }
  if (version < 5) {
    for (auto table : {"case_entries", "cases", "case_sequences"}) {
      database.execute(std::string("DROP TABLE ") + table);
    }
    forget(5);
  }
  if (version < 4) {
    for (auto table : {"account_tokens", "sign_in_failures", "staff_sessions"}) {
      database.execute(std::string("DROP TABLE ") + table);
    }
    forget(4);
  }
  if (version < 3) {
    database.execute("DROP TABLE audit_entries");
    database.execute("DROP TABLE audit_chain_head");
    if (database.engine() == Engine::Postgres) {
      database.execute("DROP FUNCTION audit_entries_refuse_change()");
    }
    forget(3);
  }
  if (version < 2) {
    for (auto table :
         {"recovery_codes", "org_key_grants", "memberships", "users", "organisations"}) {
      database.execute(std::string("DROP TABLE ") + table);
    }
    forget(2);
  }
}

void EngineTest::SetUp() {
  if (GetParam() == Engine::Postgres && !postgres_base_url()) {
    if (postgres_required()) {
      FAIL() << "HAVEN_REQUIRE_POSTGRES=1 but HAVEN_TEST_POSTGRES_URL is not set; "
                "run the tests under scripts/with-postgres";
    }
    GTEST_SKIP() << "HAVEN_TEST_POSTGRES_URL is not set; PostgreSQL tests skipped "
                    "(run under scripts/with-postgres)";
  }
  database_ = std::make_unique<TestDatabase>(GetParam());
}

StoreConfig EngineTest::config() {
  StoreConfig config;
  config.url = database_->url();
  config.clock = &clock_;
  config.random = &random_;
  config.connect_timeout = std::chrono::seconds{5};
  config.pool_size = 4;
  return config;
}

Result<std::unique_ptr<app::Store>> EngineTest::open(StoreConfig const& config) {
  return open_store(config);
}

std::unique_ptr<app::Store> EngineTest::open_ok(StoreConfig const& config) {
  auto store = open_store(config);
  if (!store.ok()) {
    ADD_FAILURE() << "open_store: " << to_string(store.error().code) << ": "
                  << store.error().detail;
    return nullptr;
  }
  return std::move(store).value();
}

}  // namespace haven::storage::testing
