#include "vault/password_hasher.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <mutex>
#include <set>
#include <string_view>
#include <thread>
#include <vector>

#include "vault/sodium_support.h"
#include "vault/user_key.h"

namespace haven::vault {
namespace {

using namespace std::chrono_literals;

SecretBytes password_of(std::string_view text) { return SecretBytes::copy_of(as_bytes(text)); }

TEST(PasswordParams, ProductionMeetsTheDesignFloor) {
  auto production = PasswordParams::production();
  EXPECT_GE(production.opslimit(), 3u);                 // DESIGN.md §3: t ≥ 3
  EXPECT_GE(production.memlimit(), 64u * 1024 * 1024);  // ≥ 64 MiB
  EXPECT_TRUE(production.is_at_least(PasswordParams::for_tests()));
  EXPECT_FALSE(PasswordParams::for_tests().is_at_least(production));
}

TEST(PasswordParams, StoredValuesOutsideTheBoundsAreCorruption) {
  EXPECT_TRUE(PasswordParams::from_stored(3, 64u << 20));
  EXPECT_EQ(PasswordParams::from_stored(0, 64u << 20).error().code, ErrorCode::Corruption);
  EXPECT_EQ(PasswordParams::from_stored(17, 64u << 20).error().code, ErrorCode::Corruption);
  EXPECT_EQ(PasswordParams::from_stored(3, 1024).error().code, ErrorCode::Corruption);
  EXPECT_EQ(PasswordParams::from_stored(3, std::uint64_t{1} << 40).error().code,
            ErrorCode::Corruption);
}

TEST(DeriveKek, IsDeterministicPerPasswordAndSalt) {
  auto params = PasswordParams::for_tests();
  auto salt = generate_password_salt();
  auto a = derive_kek(password_of("correct horse"), salt, params);
  auto b = derive_kek(password_of("correct horse"), salt, params);
  auto c = derive_kek(password_of("correct horsf"), salt, params);
  auto d = derive_kek(password_of("correct horse"), generate_password_salt(), params);
  ASSERT_TRUE(a && b && c && d);
  EXPECT_EQ(a->size(), kKekBytes);
  EXPECT_TRUE(a->equals(*b));
  EXPECT_FALSE(a->equals(*c));
  EXPECT_FALSE(a->equals(*d));
  EXPECT_TRUE(derive_kek(SecretBytes(), salt, params));  // empty password: still a KEK
  EXPECT_EQ(derive_kek(SecretBytes(5000), salt, params).error().code, ErrorCode::InvalidInput);
}

TEST(DeriveKek, RunsWithProductionParameters) {
  // One real 64 MiB derivation, so the production preset is known to be accepted.
  auto kek = derive_kek(password_of("pw"), generate_password_salt(), PasswordParams::production());
  ASSERT_TRUE(kek);
  EXPECT_EQ(kek->size(), kKekBytes);
}

TEST(UserKey, WrapsAndUnwrapsWithTheRightPasswordOnly) {
  auto params = PasswordParams::for_tests();
  auto salt = generate_password_salt();
  auto kek = derive_kek(password_of("pw"), salt, params);
  auto user = generate_keypair();
  auto envelope = wrap_user_key(*kek, params, salt, user.secret_key);
  ASSERT_TRUE(envelope);
  EXPECT_EQ(envelope->size(), kWrappedUserKeyBytes);

  // Login: read the header, re-derive, unwrap.
  auto header = read_wrapped_user_key_header(*envelope);
  ASSERT_TRUE(header);
  EXPECT_EQ(header->params, params);
  EXPECT_EQ(header->salt, salt);
  auto again = derive_kek(password_of("pw"), header->salt, header->params);
  auto user_sk = unwrap_user_key(*again, *envelope);
  ASSERT_TRUE(user_sk);
  EXPECT_TRUE(user_sk->equals(user.secret_key));

  auto wrong = derive_kek(password_of("pW"), header->salt, header->params);
  auto refused = unwrap_user_key(*wrong, *envelope);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::Corruption);
  EXPECT_EQ(wrap_user_key(*kek, params, salt, SecretBytes(31)).error().code,
            ErrorCode::InvalidInput);
}

TEST(UserKey, NeedsRehashWhenStoredParametersAreWeaker) {
  auto test_params = PasswordParams::for_tests();
  auto salt = generate_password_salt();
  auto kek = derive_kek(password_of("pw"), salt, test_params);
  auto envelope = wrap_user_key(*kek, test_params, salt, generate_keypair().secret_key);
  EXPECT_TRUE(*needs_rehash(*envelope, PasswordParams::production()));
  EXPECT_FALSE(*needs_rehash(*envelope, test_params));
  EXPECT_FALSE(needs_rehash(std::vector<std::uint8_t>{1, 1}, test_params));
}

TEST(PasswordHasher, DerivesOffTheCallersThread) {
  PasswordHasher hasher(2, 8);
  auto salt = generate_password_salt();
  auto future = hasher.derive_kek(password_of("pw"), salt, PasswordParams::for_tests());
  ASSERT_TRUE(future);
  auto kek = future->get();
  ASSERT_TRUE(kek);
  auto direct = derive_kek(password_of("pw"), salt, PasswordParams::for_tests());
  EXPECT_TRUE(kek->equals(*direct));
}

TEST(PasswordHasher, RefusesWhenTheQueueIsFull) {
  std::promise<void> release;
  auto gate = release.get_future().share();
  std::promise<void> started;
  std::atomic<bool> first{true};
  // The first derivation holds the only derivation thread, so the queue fills
  // deterministically.
  PasswordHasher hasher(
      1, 2,
      [&started, &first, gate](SecretBytes const& password, PasswordSalt const& salt,
                               PasswordParams const& params) {
        if (first.exchange(false)) {
          started.set_value();
          gate.wait();
        }
        return derive_kek(password, salt, params);
      });
  auto salt = generate_password_salt();
  auto params = PasswordParams::for_tests();
  auto running = hasher.derive_kek(password_of("a"), salt, params);
  ASSERT_TRUE(running);
  started.get_future().wait();
  auto q1 = hasher.derive_kek(password_of("b"), salt, params);
  auto q2 = hasher.derive_kek(password_of("c"), salt, params);
  auto q3 = hasher.derive_kek(password_of("d"), salt, params);
  ASSERT_TRUE(q1 && q2);
  ASSERT_FALSE(q3);
  EXPECT_EQ(q3.error().code, ErrorCode::RateLimited);
  release.set_value();
  EXPECT_TRUE(running->get());
  EXPECT_TRUE(q1->get());
  EXPECT_TRUE(q2->get());
}

// Callbacks take database locks: behind a slow derivation they would stall every request
// waiting for the same lock, so they run elsewhere.
TEST(PasswordHasher, RunsCallbacksAndTasksOffTheDerivationThreads) {
  std::mutex mutex;
  std::set<std::thread::id> derivation_threads;
  PasswordHasher hasher(
      2, 8,
      [&](SecretBytes const& password, PasswordSalt const& salt, PasswordParams const& params) {
        {
          std::lock_guard lock(mutex);
          derivation_threads.insert(std::this_thread::get_id());
        }
        return derive_kek(password, salt, params);
      });
  auto salt = generate_password_salt();
  std::vector<std::future<std::thread::id>> callback_threads;
  for (int i = 0; i < 4; ++i) {
    auto promise = std::make_shared<std::promise<std::thread::id>>();
    callback_threads.push_back(promise->get_future());
    ASSERT_TRUE(hasher.derive_kek_async(password_of("pw"), salt, PasswordParams::for_tests(),
                                        [promise](Result<SecretBytes> kek) {
                                          EXPECT_TRUE(kek);
                                          promise->set_value(std::this_thread::get_id());
                                        }));
  }
  std::promise<std::thread::id> task_thread;
  ASSERT_TRUE(hasher.run_async([&] { task_thread.set_value(std::this_thread::get_id()); }));
  auto task_id = task_thread.get_future().get();
  std::vector<std::thread::id> ids{task_id};
  for (auto& future : callback_threads) ids.push_back(future.get());
  std::lock_guard lock(mutex);
  EXPECT_FALSE(derivation_threads.empty());
  for (auto id : ids) {
    EXPECT_FALSE(derivation_threads.contains(id));
    EXPECT_NE(id, std::this_thread::get_id());
  }
}

TEST(PasswordHasher, RefusesTasksBeyondTheQueueLimit) {
  std::atomic<int> ran{0};  // outlives the hasher, whose destructor runs the queued tasks
  PasswordHasher hasher(1, 2);
  std::promise<void> release;
  auto gate = release.get_future().share();
  std::promise<void> started;
  ASSERT_TRUE(hasher.run_async([&started, gate] {
    started.set_value();
    gate.wait();
  }));
  started.get_future().wait();
  EXPECT_TRUE(hasher.run_async([&ran] { ++ran; }));
  EXPECT_TRUE(hasher.run_async([&ran] { ++ran; }));
  auto refused = hasher.run_async([&ran] { ++ran; });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::RateLimited);
  release.set_value();
}

TEST(PasswordHasher, CompletesManyParallelDerivationsInBoundedTime) {
  constexpr int kJobs = 16;
  PasswordHasher hasher(4, kJobs);
  auto salt = generate_password_salt();
  std::vector<std::future<Result<SecretBytes>>> futures;
  for (int i = 0; i < kJobs; ++i) {
    auto posted =
        hasher.derive_kek(password_of("pw" + std::to_string(i)), salt, PasswordParams::for_tests());
    ASSERT_TRUE(posted);
    futures.push_back(std::move(*posted));
  }
  for (auto& future : futures) {
    ASSERT_EQ(future.wait_for(20s), std::future_status::ready);
    EXPECT_TRUE(future.get());
  }
}

}  // namespace
}  // namespace haven::vault
