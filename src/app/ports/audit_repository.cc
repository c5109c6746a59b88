#include "app/ports/audit_repository.h"

#include <utility>

namespace haven::app {

namespace {

// The stored codes. Appending rows is fine; changing one breaks every chain that used it.
constexpr std::pair<AuditAction, std::string_view> kActions[] = {
    {AuditAction::SignIn, "sign_in"},
    {AuditAction::SignInFailed, "sign_in_failed"},
    {AuditAction::SignOut, "sign_out"},
    {AuditAction::RoleChanged, "role_changed"},
    {AuditAction::MemberAdded, "member_added"},
    {AuditAction::MemberRemoved, "member_removed"},
    {AuditAction::UserDisabled, "user_disabled"},
    {AuditAction::PasswordReset, "password_reset"},
    {AuditAction::OrgKeyGranted, "org_key_granted"},
    {AuditAction::OrgKeyRevoked, "org_key_revoked"},
    {AuditAction::OrganisationAdded, "organisation_added"},
    {AuditAction::SessionsRevoked, "sessions_revoked"},
    {AuditAction::PasswordChanged, "password_changed"},
    {AuditAction::TotpEnrolled, "totp_enrolled"},
    {AuditAction::RecoveryCodesRenewed, "recovery_codes_renewed"},
    {AuditAction::RecoveryCodeUsed, "recovery_code_used"},
    {AuditAction::InvitationIssued, "invitation_issued"},
    {AuditAction::InvitationAccepted, "invitation_accepted"},
    {AuditAction::PasswordResetIssued, "password_reset_issued"},
    {AuditAction::CaseCreated, "case_created"},
    {AuditAction::CaseOpened, "case_opened"},
    {AuditAction::CaseNoteAdded, "case_note_added"},
    {AuditAction::CaseStatusChanged, "case_status_changed"},
    {AuditAction::CaseAssigned, "case_assigned"},
    {AuditAction::DocumentAdded, "document_added"},
    {AuditAction::DocumentRead, "document_read"},
    {AuditAction::PersonChanged, "person_changed"},
    {AuditAction::ContactLookedUp, "contact_looked_up"},
    {AuditAction::DeadlineSet, "deadline_set"},
    {AuditAction::DeadlineDone, "deadline_done"},
};
constexpr std::pair<AuditActorKind, std::string_view> kActorKinds[] = {
    {AuditActorKind::User, "user"},
    {AuditActorKind::System, "system"},
    {AuditActorKind::Anonymous, "anonymous"},
};
constexpr std::pair<AuditObjectKind, std::string_view> kObjectKinds[] = {
    {AuditObjectKind::None, ""},
    {AuditObjectKind::Organisation, "organisation"},
    {AuditObjectKind::User, "user"},
    {AuditObjectKind::Case, "case"},
};
constexpr std::pair<AuditOutcome, std::string_view> kOutcomes[] = {
    {AuditOutcome::Ok, "ok"},
    {AuditOutcome::Denied, "denied"},
};

template <class E, std::size_t N>
std::string_view code_of(std::pair<E, std::string_view> const (&table)[N], E value) {
  for (auto const& [v, code] : table) {
    if (v == value) return code;
  }
  return "?";
}

template <class E, std::size_t N>
std::optional<E> value_of(std::pair<E, std::string_view> const (&table)[N], std::string_view code) {
  for (auto const& [v, c] : table) {
    if (c == code) return v;
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(AuditAction action) { return code_of(kActions, action); }
std::optional<AuditAction> parse_audit_action(std::string_view code) {
  return value_of(kActions, code);
}
std::string_view to_string(AuditActorKind kind) { return code_of(kActorKinds, kind); }
std::optional<AuditActorKind> parse_audit_actor_kind(std::string_view code) {
  return value_of(kActorKinds, code);
}
std::string_view to_string(AuditObjectKind kind) { return code_of(kObjectKinds, kind); }
std::optional<AuditObjectKind> parse_audit_object_kind(std::string_view code) {
  return value_of(kObjectKinds, code);
}
std::string_view to_string(AuditOutcome outcome) { return code_of(kOutcomes, outcome); }
std::optional<AuditOutcome> parse_audit_outcome(std::string_view code) {
  return value_of(kOutcomes, code);
}

}  // namespace haven::app
