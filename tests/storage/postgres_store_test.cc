#include "storage/postgres/postgres_store.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "test_database.h"

namespace haven::storage::testing {
namespace {

using namespace std::chrono_literals;

// A loopback port nobody listens on: bound, never listened, then closed.
int closed_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

// Needs no server: parameterised only so its name carries the engine like every other.
class PostgresUnreachableTest : public ::testing::TestWithParam<Engine> {};

TEST_P(PostgresUnreachableTest, IsUnavailableWithoutHanging) {
  haven::testing::FakeClock clock;
  haven::testing::SeededRandom random;
  StoreConfig config;
  config.url = "postgresql://haven@127.0.0.1:" + std::to_string(closed_port()) + "/postgres";
  config.clock = &clock;
  config.random = &random;
  config.connect_timeout = 2s;
  auto started = std::chrono::steady_clock::now();
  auto store = open_store(config);
  auto took = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::Unavailable);
  EXPECT_LT(took, 10s);
}

TEST_P(PostgresUnreachableTest, ErrorsNeverCarryThePassword) {
  haven::testing::FakeClock clock;
  haven::testing::SeededRandom random;
  std::string port = std::to_string(closed_port());
  for (std::string url : {"postgresql://haven:s3cretpw@127.0.0.1:" + port + "/postgres",
                          std::string("postgresql://haven:s3cretpw@127.0.0.1:notaport/postgres"),
                          std::string("postgres://haven:s3cretpw@[::1/postgres?sslmode=bogus")}) {
    StoreConfig config;
    config.url = url;
    config.clock = &clock;
    config.random = &random;
    config.connect_timeout = 2s;
    auto store = open_store(config);
    ASSERT_FALSE(store.ok()) << url;
    EXPECT_EQ(store.error().code, ErrorCode::Unavailable) << store.error().detail;
    EXPECT_EQ(store.error().detail.find("s3cretpw"), std::string::npos) << store.error().detail;
  }
}

INSTANTIATE_TEST_SUITE_P(storage, PostgresUnreachableTest, ::testing::Values(Engine::Postgres),
                         EngineName());

class PostgresOnlyTest : public EngineTest {};

TEST_P(PostgresOnlyTest, ReconnectsAfterTheServerDroppedTheConnection) {
  auto config = this->config();
  config.pool_size = 1;
  config.application_name = "haven-test-" + random_hex(random_, 6);
  auto store = open_ok(config);
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->ping().ok());
  // What a server restart or an idle-connection killer does to a pooled connection.
  auto killed = database().query_text(
      "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
      "WHERE application_name = '" +
      config.application_name + "'");
  EXPECT_EQ(killed, "1");
  auto ping = store->ping();
  EXPECT_TRUE(ping.ok()) << ping.error().detail;
  auto version = store->schema_version();
  ASSERT_TRUE(version.ok()) << version.error().detail;
  EXPECT_EQ(*version, kNewestSchemaVersion);
}

INSTANTIATE_TEST_SUITE_P(storage, PostgresOnlyTest, ::testing::Values(Engine::Postgres),
                         EngineName());

}  // namespace
}  // namespace haven::storage::testing
