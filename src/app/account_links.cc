#include "app/account_links.h"

#include <algorithm>
#include <memory>
#include <utility>

#include "app/account_keys.h"
#include "app/staff_service.h"
#include "app/stored_bytes.h"
#include "vault/account_link.h"
#include "vault/base32.h"
#include "vault/keyed_hash.h"
#include "vault/recovery_codes.h"
#include "vault/sealed_box.h"
#include "vault/totp.h"

namespace haven::app {

namespace {

Error no_such_link() { return make_error(ErrorCode::NotFound, "no such account link"); }

struct LinkParts {
  AccountTokenId id;
  vault::SecretBytes secret;
};

Result<LinkParts> parse_link(std::string_view text) {
  auto dot = text.find('.');
  if (dot == std::string_view::npos) return no_such_link();
  auto id = AccountTokenId::parse(text.substr(0, dot));
  if (!id) return no_such_link();
  auto secret = vault::account_link_secret_from_hex(text.substr(dot + 1));
  if (!secret) return no_such_link();
  return LinkParts{.id = std::move(*id), .secret = std::move(secret).value()};
}

AuditEvent about_user(AuditActorKind kind, std::optional<domain::UserId> actor, AuditAction action,
                      domain::UserId const& user) {
  return AuditEvent{.actor_kind = kind,
                    .actor_id = std::move(actor),
                    .action = action,
                    .organisation = std::nullopt,
                    .object_kind = AuditObjectKind::User,
                    .object_id = user.str(),
                    .outcome = AuditOutcome::Ok};
}

}  // namespace

std::string account_link_text(AccountTokenId const& id, vault::SecretBytes const& secret) {
  return id.str() + "." + vault::account_link_secret_to_hex(secret);
}

struct AccountLinks::Opened {
  AccountToken token;
  vault::SecretBytes secret;
};

Result<AccountLinks::Opened> AccountLinks::find_valid(Transaction& tx, std::string_view link_text) {
  auto parts = parse_link(link_text);
  if (!parts) return std::move(parts).error();
  auto token = tx.account_tokens().find(parts->id);
  if (!token) return token.error().code == ErrorCode::NotFound ? no_such_link() : token.error();
  vault::AccountLinkHash stored{};
  if (token->secret_hash.size() != stored.size()) return no_such_link();
  std::copy(token->secret_hash.begin(), token->secret_hash.end(), stored.begin());
  if (!vault::verify_account_link_secret(parts->secret, stored)) return no_such_link();
  if (clock_.now() >= token->expires_at) return no_such_link();
  if (token->kind == AccountTokenKind::PasswordReset) {
    if (!token->user) return no_such_link();
    auto user = tx.staff().find_user(*token->user);
    if (!user) return user.error().code == ErrorCode::NotFound ? no_such_link() : user.error();
    if (user->state != domain::AccountState::Active) return no_such_link();
  }
  return Opened{.token = std::move(token).value(), .secret = std::move(parts->secret)};
}

Result<IssuedLink> AccountLinks::store_link(Transaction& tx, AccountToken token,
                                            vault::SecretBytes secret) {
  auto hash = vault::hash_account_link_secret(secret);
  if (!hash) return std::move(hash).error();
  token.secret_hash = to_stored(*hash);
  if (auto added = tx.account_tokens().add(token); !added) return added.error();
  return IssuedLink{.id = token.id, .secret = std::move(secret), .expires_at = token.expires_at};
}

Result<IssuedLink> AccountLinks::invite(Actor const& actor, domain::OrgId const& org,
                                        std::string_view email, std::string_view role_text,
                                        domain::Language language) {
  auto role = domain::parse_role(role_text);
  if (!role) {
    return make_error(ErrorCode::InvalidInput,
                      "unknown role (coordinator, counsellor, editor, finance or viewer)");
  }
  if (auto allowed = authorise(actor, Action::AddStaff, org); !allowed) return allowed.error();
  // The invitee has no id yet: a fresh one stands for them in the "no self-raise" rule.
  auto invitee = domain::UserId::generate(random_);
  if (auto allowed = authorise_role_change(actor, invitee, org, std::nullopt, *role); !allowed) {
    return allowed.error();
  }
  auto normalised = normalise_staff_email(email);
  if (!normalised) return std::move(normalised).error();
  auto lookup = vault::handle_hash(pepper_, vault::HandleKind::Email, *normalised);
  if (!lookup) return std::move(lookup).error();
  auto now = clock_.now();
  return store_.in_transaction([&](Transaction& tx) -> Result<IssuedLink> {
    auto found = tx.organisations().find(org);
    if (!found) return found.error();
    if (!found->public_key) {
      return make_error(ErrorCode::InvalidInput,
                        "the organisation has no keys yet: add its first member at the console");
    }
    auto org_pk = read_public_key(*found->public_key);
    if (!org_pk) return org_pk.error();
    if (tx.staff().find_user_by_email_lookup(to_stored(*lookup)).ok()) {
      return make_error(ErrorCode::Conflict, "a staff account with this email already exists");
    }
    auto sealed =
        vault::seal_to(*org_pk, vault::SealedPurpose::StaffEmail, stored_bytes(*normalised));
    if (!sealed) return sealed.error();
    AccountToken token{.id = AccountTokenId::generate(random_),
                       .kind = AccountTokenKind::Invitation,
                       .secret_hash = {},
                       .org = org,
                       .user = std::nullopt,
                       .role = *role,
                       .email_lookup = to_stored(*lookup),
                       .email_ciphertext = to_stored(*sealed),
                       .language = language,
                       .issued_by = actor.user_id(),
                       .created_at = now,
                       .expires_at = now + kInvitationLifetime};
    auto issued = store_link(tx, std::move(token), vault::generate_account_link_secret());
    if (!issued) {
      if (issued.error().code == ErrorCode::Conflict) {
        return make_error(ErrorCode::Conflict, "an invitation for this address is pending");
      }
      return issued;
    }
    auto event = AuditEvent::by(actor, AuditAction::InvitationIssued);
    event.organisation = org;
    if (auto audited = audit_.append(tx, event); !audited) return audited.error();
    return issued;
  });
}

Result<IssuedLink> AccountLinks::issue_reset(Actor const& actor, domain::UserId const& user) {
  auto now = clock_.now();
  return store_.in_transaction([&](Transaction& tx) -> Result<IssuedLink> {
    auto found = tx.staff().find_user(user);
    if (!found) return found.error();
    auto memberships = tx.staff().memberships_of(user);
    if (!memberships) return std::move(memberships).error();
    auto allowed = authorise_account_action(
        actor, Action::ResetPassword,
        TargetAccount{
            .id = user, .network_admin = found->network_admin, .memberships = *memberships});
    if (!allowed) return allowed.error();
    if (found->state != domain::AccountState::Active) {
      return make_error(ErrorCode::InvalidInput, "the account is disabled");
    }
    if (memberships->empty()) {
      return make_error(ErrorCode::InvalidInput, "the account belongs to no organisation");
    }
    // Filed under an organisation the issuer coordinates when there is one, else the user's
    // first, so the coordinator who issued it sees it among their organisation's links.
    domain::OrgId filed_under = memberships->front().org;
    for (auto const& membership : *memberships) {
      if (actor.role_in(membership.org)) filed_under = membership.org;
    }
    if (auto removed = tx.account_tokens().remove_resets_for_user(user); !removed) {
      return removed.error();
    }
    AccountToken token{.id = AccountTokenId::generate(random_),
                       .kind = AccountTokenKind::PasswordReset,
                       .secret_hash = {},
                       .org = filed_under,
                       .user = user,
                       .role = std::nullopt,
                       .email_lookup = {},
                       .email_ciphertext = {},
                       .language = found->preferred_language,
                       .issued_by = actor.user_id(),
                       .created_at = now,
                       .expires_at = now + kPasswordResetLifetime};
    auto issued = store_link(tx, std::move(token), vault::generate_account_link_secret());
    if (!issued) return issued;
    auto event = AuditEvent::by(actor, AuditAction::PasswordResetIssued);
    event.organisation = filed_under;
    event.object_kind = AuditObjectKind::User;
    event.object_id = user.str();
    if (auto audited = audit_.append(tx, event); !audited) return audited.error();
    return issued;
  });
}

Result<LinkDetails> AccountLinks::open(std::string_view link_text) {
  return store_.in_transaction(
      [&](Transaction& tx) -> Result<LinkDetails> {
        auto opened = find_valid(tx, link_text);
        if (!opened) return std::move(opened).error();
        auto org = tx.organisations().find(opened->token.org);
        if (!org) return org.error();
        auto totp = vault::enrolment_totp_secret(opened->secret);
        if (!totp) return std::move(totp).error();
        // Labelled with the organisation, not the address: the app's list then says whose
        // code it is without putting the person's email on their phone's screen.
        std::string base32 = vault::encode_base32(totp->span());
        std::string uri = vault::totp_uri(org->details.name, *totp);
        return LinkDetails{.kind = opened->token.kind,
                           .org = opened->token.org,
                           .org_name = org->details.name,
                           .role = opened->token.role,
                           .language = opened->token.language,
                           .expires_at = opened->token.expires_at,
                           .totp_secret = std::move(totp).value(),
                           .totp_secret_base32 = std::move(base32),
                           .totp_uri = std::move(uri)};
      },
      TransactionMode::ReadOnly);
}

Result<AcceptedLink> AccountLinks::accept(std::string_view link_text, vault::SecretBytes password,
                                          std::string_view totp_code) {
  // Cheap checks first, so a bad link or code never costs an Argon2id run.
  auto details = open(link_text);
  if (!details) return std::move(details).error();
  if (auto good = check_new_password(password); !good) return std::move(good).error();
  auto step = vault::verify_totp(details->totp_secret, totp_code, clock_.now(), std::nullopt);
  if (!step) {
    return make_error(ErrorCode::PermissionDenied, "the code does not match the enrolled secret");
  }
  auto keys = make_account_keys(password, params_, std::move(details->totp_secret));
  password.wipe();
  if (!keys) return std::move(keys).error();
  auto now = clock_.now();

  return store_.in_transaction([&](Transaction& tx) -> Result<AcceptedLink> {
    auto opened = find_valid(tx, link_text);
    if (!opened) return std::move(opened).error();
    AccountToken const& token = opened->token;
    if (auto removed = tx.account_tokens().remove(token.id); !removed) {
      return removed.error().code == ErrorCode::NotFound ? no_such_link() : removed.error();
    }
    AcceptedLink accepted{.kind = token.kind,
                          .user = token.user.value_or(domain::UserId::generate(random_)),
                          .language = token.language,
                          .recovery_codes = {}};
    if (token.kind == AccountTokenKind::Invitation) {
      auto user = new_staff_user(accepted.user, token.email_lookup, token.email_ciphertext,
                                 token.language, *keys, now);
      if (auto added = tx.staff().add_user(user); !added) {
        if (added.error().code == ErrorCode::Conflict) {
          return make_error(ErrorCode::Conflict, "a staff account with this email already exists");
        }
        return added.error();
      }
      if (auto joined = tx.staff().add_membership(user.id, token.org, *token.role, now); !joined) {
        return joined.error();
      }
    } else {
      auto replaced = tx.staff().replace_keys(accepted.user, keys->key_envelope,
                                              to_stored(keys->user.public_key), now);
      if (!replaced) return replaced.error();
      if (auto set = tx.staff().set_totp(accepted.user, keys->totp_envelope, now); !set) {
        return set.error();
      }
      if (auto ended = tx.sessions().remove_for_user(accepted.user, std::nullopt); !ended) {
        return ended.error();
      }
    }
    // The code just typed is used up, as at sign-in.
    if (auto used = tx.staff().record_totp_step(accepted.user, static_cast<std::int64_t>(*step));
        !used) {
      return used.error();
    }
    auto codes = vault::generate_recovery_codes(pepper_, accepted.user.str());
    if (!codes) return std::move(codes).error();
    std::vector<std::string> hashes;
    for (auto const& hash : codes->hashes) hashes.push_back(to_stored(hash));
    if (auto stored = tx.staff().replace_recovery_codes(accepted.user, hashes, now); !stored) {
      return stored.error();
    }
    accepted.recovery_codes = std::move(codes->codes);

    auto event =
        about_user(AuditActorKind::User, accepted.user,
                   token.kind == AccountTokenKind::Invitation ? AuditAction::InvitationAccepted
                                                              : AuditAction::PasswordReset,
                   accepted.user);
    event.organisation = token.org;
    if (auto audited = audit_.append(tx, event); !audited) return audited.error();
    if (token.kind == AccountTokenKind::Invitation) {
      event.action = AuditAction::MemberAdded;
      if (auto audited = audit_.append(tx, event); !audited) return audited.error();
    }
    return accepted;
  });
}

void AccountLinks::accept_async(std::string link_text, vault::SecretBytes password,
                                std::string totp_code, AcceptDone done) {
  // Shared, so that when the pool refuses the task the callback is still here to answer.
  struct Pending {
    std::string link_text;
    vault::SecretBytes password;
    std::string totp_code;
    AcceptDone done;
  };
  auto pending = std::make_shared<Pending>(Pending{.link_text = std::move(link_text),
                                                   .password = std::move(password),
                                                   .totp_code = std::move(totp_code),
                                                   .done = std::move(done)});
  auto queued = hasher_.run_async([this, pending] {
    pending->done(accept(pending->link_text, std::move(pending->password), pending->totp_code));
  });
  if (!queued) {
    pending->password.wipe();
    pending->done(std::move(queued).error());
  }
}

}  // namespace haven::app
