// Sign-in and sessions end to end on the real SQLite store: the answers, the throttles, the
// timeouts, single use of codes, and what a seized database file shows afterwards.
#include "app/sign_in.h"

#include <gtest/gtest.h>

#include "accounts_fixture.h"
#include "vault/base32.h"
#include "vault/recovery_codes.h"
#include "vault/session_secret.h"
#include "vault/user_key.h"

namespace haven::app {
namespace {

using domain::Language;
using namespace std::chrono_literals;
using namespace haven::app::testing;
using SignInTest = AccountsTest;

TEST_F(SignInTest, PasswordAndCodeOpenASessionThatResolvesToTheUser) {
  auto session = sign_in_now();
  ASSERT_TRUE(session.ok()) << session.error().detail;
  EXPECT_EQ(session->user, user_);
  EXPECT_EQ(session->language, Language::Uk);
  EXPECT_EQ(session->secret.size(), vault::kSessionSecretBytes);
  EXPECT_EQ(session->expires_at, clock_.now() + kSessionLifetime);
  EXPECT_FALSE(session->recovery_codes_left.has_value());

  auto staff = sessions_->resolve(cookie_of(*session));
  ASSERT_TRUE(staff.ok()) << staff.error().detail;
  EXPECT_EQ(*staff->actor.user_id(), user_);
  EXPECT_EQ(staff->actor.role_in(org_a_), domain::Role::Counsellor);
  EXPECT_FALSE(staff->actor.role_in(org_b_).has_value());
  EXPECT_EQ(staff->language, Language::Uk);

  auto entries = audit_entries();
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(entries.back().action, AuditAction::SignIn);
  EXPECT_EQ(entries.back().actor_id, user_);
}

// A request unlocks the key of the session it resolved, and only that one: a cookie of
// another session (or a changed secret) gets nothing, as if signed out.
TEST_F(SignInTest, TheKeyUnlocksOnlyWithTheResolvedSessionsCookie) {
  auto first = sign_in_now();
  ASSERT_TRUE(first.ok()) << first.error().detail;
  clock_.advance(30s);
  auto second = attempt(kEmail, kPassword, code_now(totp_), "client-2");
  ASSERT_TRUE(second.ok()) << second.error().detail;
  auto staff = sessions_->resolve(cookie_of(*first));
  ASSERT_TRUE(staff.ok());

  auto keys = sessions_->unlock_user_key(*staff, cookie_of(*first));
  ASSERT_TRUE(keys.ok()) << keys.error().detail;
  auto same = sessions_->unlock_user_key(cookie_of(*first));
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(keys->public_key, same->public_key);

  auto other = sessions_->unlock_user_key(*staff, cookie_of(*second));
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, ErrorCode::Unauthenticated);
  auto wrong_secret = vault::SecretBytes::random(vault::kSessionSecretBytes);
  auto forged = sessions_->unlock_user_key(*staff, session_cookie_value(first->id, wrong_secret));
  EXPECT_FALSE(forged.ok());
  EXPECT_FALSE(sessions_->unlock_user_key(*staff, "not a cookie").ok());
}

TEST_F(SignInTest, AWeakerStoredKeyIsRewrappedWithTheCurrentParameters) {
  auto stronger = vault::PasswordParams::from_stored(2, 16 * 1024);
  ASSERT_TRUE(stronger.ok());
  auto stored_envelope = [&] {
    auto user =
        store_->in_transaction([&](Transaction& tx) { return tx.staff().find_user(user_); });
    EXPECT_TRUE(user.ok());
    return user->key_envelope;
  };
  auto before = stored_envelope();
  {
    vault::PasswordHasher hasher{1, 4};
    SignInService upgraded(*store_, clock_, random_, audit_, pepper_, hasher, *stronger, clients_);
    std::promise<Result<NewSession>> promise;
    upgraded.sign_in(SignInAttempt{.email = kEmail,
                                   .password = secret_of(kPassword),
                                   .second_factor = code_now(totp_),
                                   .client_label = "",
                                   .client_key = ""},
                     [&](Result<NewSession> result) { promise.set_value(std::move(result)); });
    ASSERT_TRUE(promise.get_future().get().ok());
  }
  auto after = stored_envelope();
  ASSERT_NE(after, before);
  auto header = vault::read_wrapped_user_key_header(
      std::span(reinterpret_cast<std::uint8_t const*>(after.data()), after.size()));
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(header->params, *stronger);
  // Same keypair, so grants stay valid; and the password still works.
  clock_.advance(30s);
  EXPECT_TRUE(sign_in_now().ok());
}

TEST_F(SignInTest, EveryRefusalLooksTheSame) {
  auto other = add_member(org_a_, "disabled@example.org", "viewer");
  ASSERT_TRUE(staff_->disable(Actor::system(), other.id).ok());

  std::vector<Result<NewSession>> refusals;
  refusals.push_back(attempt(kEmail, "wrong password here", code_now(totp_)));
  refusals.push_back(attempt("nobody@example.org", kPassword, code_now(totp_)));
  refusals.push_back(attempt("disabled@example.org", kPassword, code_now(other.totp_secret)));
  refusals.push_back(attempt(kEmail, kPassword, "000000"));
  refusals.push_back(attempt(kEmail, kPassword, "abcde-fghjk"));  // not a recovery code
  for (auto const& refusal : refusals) {
    ASSERT_FALSE(refusal.ok());
    EXPECT_EQ(refusal.error().code, ErrorCode::PermissionDenied);
    EXPECT_EQ(refusal.error().detail, kSignInRefused);
  }
}

TEST_F(SignInTest, EmptyFieldsAreInvalidInputAndChangeNothing) {
  EXPECT_EQ(attempt("", kPassword, "123456").error().code, ErrorCode::InvalidInput);
  EXPECT_EQ(attempt(kEmail, "", "123456").error().code, ErrorCode::InvalidInput);
  EXPECT_EQ(attempt(kEmail, kPassword, "").error().code, ErrorCode::InvalidInput);
  // Not a failure of the account: the right code still works at once.
  EXPECT_TRUE(sign_in_now().ok());
}

TEST_F(SignInTest, ACodeWorksOnceAndAnOlderOneNeverAgain) {
  auto code = code_now(totp_);
  ASSERT_TRUE(attempt(kEmail, kPassword, code).ok());
  EXPECT_EQ(attempt(kEmail, kPassword, code).error().code, ErrorCode::PermissionDenied);
  // The previous step's code is inside the window, but older than the one used.
  EXPECT_EQ(attempt(kEmail, kPassword, code_now(totp_, -30s)).error().code,
            ErrorCode::PermissionDenied);
  EXPECT_TRUE(attempt(kEmail, kPassword, code_now(totp_, 30s)).ok());
}

TEST_F(SignInTest, ARecoveryCodeStandsInForTheCodeOnce) {
  auto codes = vault::generate_recovery_codes(pepper_, user_.str());
  ASSERT_TRUE(codes.ok());
  std::vector<std::string> hashes;
  for (auto const& hash : codes->hashes) hashes.emplace_back(hash.begin(), hash.end());
  ASSERT_TRUE(store_
                  ->in_transaction([&](Transaction& tx) {
                    return tx.staff().replace_recovery_codes(user_, hashes, clock_.now());
                  })
                  .ok());
  auto session = attempt(kEmail, kPassword, codes->codes[4]);
  ASSERT_TRUE(session.ok()) << session.error().detail;
  EXPECT_EQ(session->recovery_codes_left, 9);
  EXPECT_EQ(attempt(kEmail, kPassword, codes->codes[4]).error().code, ErrorCode::PermissionDenied);
  auto entries = audit_entries();
  ASSERT_GE(entries.size(), 3u);
  bool used_audited = false;
  for (auto const& entry : entries) used_audited |= entry.action == AuditAction::RecoveryCodeUsed;
  EXPECT_TRUE(used_audited);
}

TEST_F(SignInTest, TheSixthFailureInAMinuteIsThrottledEvenWithTheRightPassword) {
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(attempt(kEmail, "wrong password here", "000000").error().code,
              ErrorCode::PermissionDenied);
  }
  auto throttled = sign_in_now();
  ASSERT_FALSE(throttled.ok());
  EXPECT_EQ(throttled.error().code, ErrorCode::RateLimited);
  // An unknown address is throttled the same way: throttling reveals no accounts.
  for (int i = 0; i < 5; ++i) {
    EXPECT_FALSE(attempt("ghost@example.org", "wrong password here", "000000").ok());
  }
  EXPECT_EQ(attempt("ghost@example.org", kPassword, "000000").error().code, ErrorCode::RateLimited);
  // The real user waits a minute, not longer.
  clock_.advance(kFailureWindow + 1s);
  EXPECT_TRUE(sign_in_now().ok());
}

TEST_F(SignInTest, OneClientIsThrottledAcrossAccounts) {
  for (std::size_t i = 0; i < kFailuresPerClientWindow; ++i) {
    EXPECT_FALSE(
        attempt("guess" + std::to_string(i) + "@example.org", kPassword, "000000", "client-x")
            .ok());
  }
  EXPECT_EQ(attempt(kEmail, kPassword, code_now(totp_), "client-x").error().code,
            ErrorCode::RateLimited);
  EXPECT_TRUE(attempt(kEmail, kPassword, code_now(totp_), "client-y").ok());
}

TEST_F(SignInTest, SessionsEndAfterThirtyIdleMinutesAndTwelveHoursAtMost) {
  auto idle = sign_in_now();
  ASSERT_TRUE(idle.ok());
  clock_.advance(29min);
  EXPECT_TRUE(sessions_->resolve(cookie_of(*idle)).ok());
  clock_.advance(29min);  // used 29 minutes ago: still fine
  EXPECT_TRUE(sessions_->resolve(cookie_of(*idle)).ok());
  clock_.advance(31min);
  EXPECT_EQ(sessions_->resolve(cookie_of(*idle)).error().code, ErrorCode::Unauthenticated);

  clock_.advance(1min);
  auto busy = sign_in_now();
  ASSERT_TRUE(busy.ok());
  for (int i = 0; i < 35; ++i) {  // used every 20 minutes, up to 11 h 40 min
    clock_.advance(20min);
    ASSERT_TRUE(sessions_->resolve(cookie_of(*busy)).ok()) << i;
  }
  clock_.advance(20min);  // 12 h after sign-in, never idle for long
  EXPECT_EQ(sessions_->resolve(cookie_of(*busy)).error().code, ErrorCode::Unauthenticated);
}

TEST_F(SignInTest, AWrongSecretOrAMalformedCookieIsSignedOutAndLeavesTheSession) {
  auto session = sign_in_now();
  ASSERT_TRUE(session.ok());
  auto forged = session->id.str() + "." + std::string(64, 'a');
  EXPECT_EQ(sessions_->resolve(forged).error().code, ErrorCode::Unauthenticated);
  for (std::string bad : {std::string(), std::string("."), std::string("x"), session->id.str(),
                          cookie_of(*session) + "0", std::string(10'000, 'f')}) {
    EXPECT_EQ(sessions_->resolve(bad).error().code, ErrorCode::Unauthenticated) << bad.size();
  }
  EXPECT_TRUE(sessions_->resolve(cookie_of(*session)).ok());
}

TEST_F(SignInTest, SigningOutEndsTheSessionAndIsAudited) {
  auto session = sign_in_now();
  ASSERT_TRUE(session.ok());
  auto staff = sessions_->resolve(cookie_of(*session));
  ASSERT_TRUE(staff.ok());
  ASSERT_TRUE(sessions_->sign_out(*staff).ok());
  EXPECT_EQ(sessions_->resolve(cookie_of(*session)).error().code, ErrorCode::Unauthenticated);
  EXPECT_TRUE(sessions_->sign_out(*staff).ok());
  EXPECT_EQ(audit_entries().back().action, AuditAction::SignOut);
}

TEST_F(SignInTest, OwnSessionsAreListedAndEndedButNobodyElses) {
  auto phone = sign_in_now();
  clock_.advance(30s);
  auto laptop = sign_in_now();
  ASSERT_TRUE(phone.ok() && laptop.ok());
  auto other = add_member(org_a_, "other@example.org", "counsellor");
  auto others_session =
      attempt("other@example.org", kPassword, code_now(other.totp_secret), "client-2");
  ASSERT_TRUE(others_session.ok());

  auto me = sessions_->resolve(cookie_of(*laptop));
  ASSERT_TRUE(me.ok());
  auto listed = sessions_->list_own(*me);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ(listed->front().id, laptop->id);
  EXPECT_TRUE(listed->front().current);
  EXPECT_EQ(listed->front().client_label, "Firefox, Android");

  EXPECT_EQ(sessions_->revoke_own(*me, others_session->id).error().code, ErrorCode::NotFound);
  EXPECT_TRUE(sessions_->resolve(cookie_of(*others_session)).ok());
  ASSERT_TRUE(sessions_->revoke_own(*me, phone->id).ok());
  EXPECT_FALSE(sessions_->resolve(cookie_of(*phone)).ok());

  clock_.advance(30s);
  auto tablet = sign_in_now();
  ASSERT_TRUE(tablet.ok());
  auto ended = sessions_->revoke_other_own(*me);
  ASSERT_TRUE(ended.ok());
  EXPECT_EQ(*ended, 1u);
  EXPECT_FALSE(sessions_->resolve(cookie_of(*tablet)).ok());
  EXPECT_TRUE(sessions_->resolve(cookie_of(*laptop)).ok());
}

TEST_F(SignInTest, ACoordinatorEndsAMembersSessionsAnOutsiderCannotSeeThem) {
  auto coordinator = add_member(org_a_, "coord@example.org", "coordinator");
  auto outsider = add_member(org_b_, "outsider@example.org", "coordinator");
  auto session = sign_in_now();
  ASSERT_TRUE(session.ok());

  auto as_outsider =
      Actor::user(outsider.id, domain::NetworkAdmin::No, {{org_b_, domain::Role::Coordinator}});
  EXPECT_EQ(sessions_->revoke_member_sessions(as_outsider, user_).error().code,
            ErrorCode::NotFound);
  auto as_colleague =
      Actor::user(coordinator.id, domain::NetworkAdmin::No, {{org_a_, domain::Role::Counsellor}});
  EXPECT_EQ(sessions_->revoke_member_sessions(as_colleague, user_).error().code,
            ErrorCode::PermissionDenied);
  EXPECT_TRUE(sessions_->resolve(cookie_of(*session)).ok());

  auto as_coordinator =
      Actor::user(coordinator.id, domain::NetworkAdmin::No, {{org_a_, domain::Role::Coordinator}});
  auto ended = sessions_->revoke_member_sessions(as_coordinator, user_);
  ASSERT_TRUE(ended.ok()) << ended.error().detail;
  EXPECT_EQ(*ended, 1u);
  EXPECT_FALSE(sessions_->resolve(cookie_of(*session)).ok());
  EXPECT_EQ(audit_entries().back().action, AuditAction::SessionsRevoked);
}

TEST_F(SignInTest, DisablingAnAccountEndsItsSessionsAtOnce) {
  auto session = sign_in_now();
  ASSERT_TRUE(session.ok());
  ASSERT_TRUE(staff_->disable(Actor::system(), user_).ok());
  EXPECT_EQ(sessions_->resolve(cookie_of(*session)).error().code, ErrorCode::Unauthenticated);
}

TEST_F(SignInTest, ExpiredSessionsAreSweptAway) {
  auto session = sign_in_now();
  ASSERT_TRUE(session.ok());
  clock_.advance(kSessionIdleTimeout + 1s);
  auto swept = sessions_->remove_expired(100);
  ASSERT_TRUE(swept.ok());
  EXPECT_EQ(*swept, 1u);
}

// Issue 3: after signing in, creating users and signing out, the database file and its WAL
// hold no password, key, TOTP secret, session secret or recovery code in plaintext.
TEST_F(SignInTest, ASeizedDatabaseHoldsNoSecret) {
  auto codes = vault::generate_recovery_codes(pepper_, user_.str());
  ASSERT_TRUE(codes.ok());
  std::vector<std::string> hashes;
  for (auto const& hash : codes->hashes) hashes.emplace_back(hash.begin(), hash.end());
  ASSERT_TRUE(store_
                  ->in_transaction([&](Transaction& tx) {
                    return tx.staff().replace_recovery_codes(user_, hashes, clock_.now());
                  })
                  .ok());
  auto second = add_member(org_a_, "second@example.org", "viewer");
  auto session = sign_in_now();
  ASSERT_TRUE(session.ok());
  auto staff = sessions_->resolve(cookie_of(*session));
  ASSERT_TRUE(staff.ok());
  clock_.advance(30s);
  auto live = sign_in_now();  // stays signed in while the file is read
  ASSERT_TRUE(live.ok());
  clock_.advance(31s);
  auto by_code = attempt(kEmail, kPassword, codes->codes[0]);
  ASSERT_TRUE(by_code.ok());
  ASSERT_TRUE(sessions_->sign_out(*staff).ok());

  // user_sk, to look for it too.
  auto user = store_->in_transaction([&](Transaction& tx) { return tx.staff().find_user(user_); });
  ASSERT_TRUE(user.ok());
  auto envelope = std::span(reinterpret_cast<std::uint8_t const*>(user->key_envelope.data()),
                            user->key_envelope.size());
  auto header = vault::read_wrapped_user_key_header(envelope);
  auto kek = vault::derive_kek(secret_of(kPassword), header->salt, header->params);
  auto user_sk = vault::unwrap_user_key(*kek, envelope);
  ASSERT_TRUE(user_sk.ok());

  std::vector<std::string> texts = {kPassword,
                                    kEmail,
                                    vault::encode_base32(totp_.span()),
                                    vault::encode_base32(second.totp_secret.span()),
                                    vault::session_secret_to_hex(live->secret),
                                    vault::session_secret_to_hex(session->secret)};
  for (auto const& code : codes->codes) {
    texts.push_back(code);
    texts.push_back(code.substr(0, 5) + code.substr(6));
  }
  std::string wal = db_path().string() + "-wal";
  for (auto const& bytes :
       {haven::testing::all_stored_values(db_path()), haven::testing::file_bytes(db_path()),
        haven::testing::file_bytes(wal)}) {
    for (auto const& text : texts) EXPECT_FALSE(contains(bytes, text)) << text.size();
    for (auto const* secret : {&totp_, &second.totp_secret, &live->secret, &session->secret,
                               &*user_sk, &*kek, &by_code->secret}) {
      EXPECT_FALSE(contains_bytes(bytes, secret->span()));
    }
  }
}

}  // namespace
}  // namespace haven::app
