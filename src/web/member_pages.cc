#include "web/member_pages.h"

#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "app/account_links.h"
#include "app/key_grants.h"
#include "app/policy.h"
#include "app/staff_service.h"
#include "core/utc_time.h"
#include "http/form.h"
#include "i18n/placeholders.h"
#include "web/error_response.h"
#include "web/staff_pages.h"
#include "web/staff_session.h"
#include "web/visitor.h"

namespace haven::web {

namespace {

namespace mustache = kainjow::mustache;
using domain::Language;

// What the list says above itself: a notice after an action, a problem with what was
// asked, and the invitation form as typed (so a mistake costs one field, not three).
struct Feedback {
  std::string notice;
  std::string problem;
  std::string invite_email;
  std::optional<domain::Role> invite_role;
  std::optional<Language> invite_language;
};

// A member named in the URL, found in the organisation named there by app/.
struct MemberTarget {
  domain::OrgId org;
  domain::UserId member;
  bool is_self = false;
};

enum class LinkKind { Invitation, PasswordReset };

bool has_member_services(SiteParts const& site) {
  return site.staff != nullptr && site.account_links != nullptr && site.key_grants != nullptr &&
         site.sessions != nullptr;
}

http::Response not_found() {
  http::Response response;
  response.status = 404;  // empty body: the error renderer writes the 404 page
  return response;
}

std::string members_path(domain::OrgId const& org) {
  return "/staff/orgs/" + org.str() + "/members";
}

http::Response back_to_members(domain::OrgId const& org, std::string const& query) {
  auto response = http::Response::see_other(members_path(org) + "?" + query);
  response.headers.set("Cache-Control", "no-store");
  return response;
}

// A malformed id is a page that does not exist: the same NotFound as another
// organisation's or a missing one.
Result<domain::OrgId> org_in_path(http::Request const& request) {
  auto org = domain::OrgId::parse(request.param("org"));
  if (!org) return make_error(ErrorCode::NotFound, "malformed organisation id");
  return *org;
}

Result<MemberTarget> member_target(SiteParts const& site, http::Request const& request,
                                   app::SignedInStaff const& staff) {
  auto org = org_in_path(request);
  if (!org) return std::move(org).error();
  auto member = domain::UserId::parse(request.param("member"));
  if (!member) return make_error(ErrorCode::NotFound, "malformed member id");
  auto found = site.staff->find_member(staff.actor, *org, *member);
  if (!found) return std::move(found).error();
  return MemberTarget{.org = *org, .member = *member, .is_self = staff.actor.user_id() == *member};
}

std::optional<Language> exact_language(std::string_view code) {
  for (Language language : domain::kLanguages) {
    if (domain::code(language) == code) return language;
  }
  return std::nullopt;
}

// A notice count from the query (?ended=2); nullopt unless a small non-negative number.
std::optional<long> count_in_query(http::Request const& request, std::string_view name) {
  constexpr long kMaxNoticeCount = 1000;
  auto text = request.query_value(name);
  if (!text || text->empty()) return std::nullopt;
  long value = 0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size()) return std::nullopt;
  if (value < 0 || value > kMaxNoticeCount) return std::nullopt;
  return value;
}

std::string notice_in_query(SiteParts const& site, http::Request const& request,
                            Language language) {
  auto done = request.query_value("done");
  if (done == "granted") {
    return translate(site, language,
                     "Access granted. The member can now read what belongs to the organisation.");
  }
  if (done == "disabled") {
    return translate(site, language,
                     "The account is disabled. The member was signed out everywhere.");
  }
  if (auto ended = count_in_query(request, "ended")) {
    return site.catalog.translate_plural(language, "The member was signed out of {count} session.",
                                         "The member was signed out of {count} sessions.", *ended);
  }
  return {};
}

// Short enough to read, long enough to tell members apart when their addresses are hidden.
std::string short_id(domain::UserId const& id) { return id.str().substr(0, 8); }

mustache::list role_options(SiteParts const& site, Language language, domain::Role selected) {
  mustache::list options;
  for (domain::Role role : domain::kRoles) {
    mustache::object option;
    option["value"] = std::string(domain::to_string(role));
    option["name"] = translate(site, language, role_msgid(role));
    option["selected"] = role == selected;
    options.emplace_back(std::move(option));
  }
  return options;
}

mustache::list language_options(Language selected) {
  mustache::list options;
  for (Language language : domain::kLanguages) {
    mustache::object option;
    option["value"] = std::string(domain::code(language));
    option["name"] = std::string(domain::native_name(language));
    option["selected"] = language == selected;
    options.emplace_back(std::move(option));
  }
  return options;
}

mustache::object member_row(SiteParts const& site, Language language,
                            app::SignedInStaff const& staff, app::MemberList const& list,
                            app::MemberWithAddress const& entry) {
  app::StaffMemberSummary const& member = entry.member;
  app::MemberListPermissions const& allowed = list.permissions;
  bool is_self = staff.actor.user_id() == member.id;
  bool is_active = member.state == domain::AccountState::Active;
  bool is_pending = member.org_key == app::OrgKeyStatus::Pending;
  mustache::object row;
  row["id"] = member.id.str();
  row["label"] = entry.email ? *entry.email
                             : i18n::fill_placeholders(translate(site, language, "Member {id}"),
                                                       {{"id", short_id(member.id)}});
  row["self"] = is_self;
  row["role"] = translate(site, language, role_msgid(member.role));
  row["state"] = translate(site, language, is_active ? "Active" : "Disabled");
  row["key"] = translate(site, language, is_pending ? "Access pending" : "Has access");
  // Granting needs the key in hand: a reader who cannot open the addresses cannot either.
  bool can_grant = allowed.can_grant_org_key && list.addresses == app::AddressAccess::Readable &&
                   is_pending && is_active;
  bool can_reset = allowed.can_reset_password && is_active && !is_self;
  bool can_end_sessions = allowed.can_end_sessions && !is_self;
  bool can_disable = allowed.can_disable && is_active && !is_self;
  row["can_grant"] = can_grant;
  row["can_reset"] = can_reset;
  row["can_end_sessions"] = can_end_sessions;
  row["can_disable"] = can_disable;
  row["has_actions"] = can_grant || can_reset || can_end_sessions || can_disable;
  return row;
}

mustache::list invitation_rows(SiteParts const& site, Language language,
                               app::MemberList const& list) {
  mustache::list rows;
  for (app::PendingInvitation const& invitation : list.invitations) {
    mustache::object row;
    row["label"] =
        invitation.email ? *invitation.email : translate(site, language, "Address hidden");
    row["role"] = translate(site, language, role_msgid(invitation.role));
    row["language"] = std::string(domain::native_name(invitation.language));
    row["expires"] = format_utc_minute(invitation.expires_at);
    rows.emplace_back(std::move(row));
  }
  return rows;
}

http::Response render_page(SiteParts const& site, Page page, Language language,
                           mustache::data const& data, unsigned status) {
  auto response = http::Response::html(site.pages->render(page, language, data), status);
  response.headers.set("Content-Language", std::string(domain::code(language)));
  response.headers.set("Cache-Control", "no-store");
  return response;
}

// The list as `staff` may see it, with `feedback` above it; `status` 200 for the page, 4xx
// when it answers a form that changed nothing.
http::Response render_members(SiteParts const& site, http::Request const& request,
                              app::SignedInStaff const& staff, domain::OrgId const& org,
                              Feedback const& feedback, unsigned status) {
  auto cookie = session_cookie(site, request);
  if (!cookie)
    return respond_with_error(request, make_error(ErrorCode::Unauthenticated, "no cookie"));
  auto reader = site.sessions->unlock_user_key(*cookie);
  if (!reader) return respond_with_error(request, reader.error());
  auto list = site.staff->list_members_with_addresses(staff.actor, *reader, org);
  if (!list) return respond_with_error(request, list.error());

  Language language = staff_language(request, staff);
  auto data = layout_data(request);
  // Also after a form: the language switch returns to the list, never to a POST address.
  if (!request.csrf_token.empty()) data.set("next", members_path(org));
  data.set("heading",
           i18n::fill_placeholders(translate(site, language, "Members of {organisation}"),
                                   {{"organisation", organisation_name(site, staff, org)}}));
  if (!feedback.notice.empty()) data.set("notice", feedback.notice);
  if (!feedback.problem.empty()) data.set("problem", feedback.problem);
  data.set("no_org_key", list->addresses == app::AddressAccess::NoOrgKey);
  mustache::list members;
  for (auto const& entry : list->members) {
    members.emplace_back(member_row(site, language, staff, *list, entry));
  }
  data.set("members", members);
  data.set("members_href", members_path(org));
  data.set("can_invite", list->permissions.can_invite);
  data.set("has_invitations", !list->invitations.empty());
  data.set("invitations", invitation_rows(site, language, *list));
  data.set("invite_email", feedback.invite_email);
  data.set("invite_roles",
           role_options(site, language, feedback.invite_role.value_or(domain::Role::Counsellor)));
  data.set("invite_languages", language_options(feedback.invite_language.value_or(language)));
  return render_page(site, Page::Members, language, data, status);
}

http::Response render_problem(SiteParts const& site, http::Request const& request,
                              app::SignedInStaff const& staff, domain::OrgId const& org,
                              std::string_view msgid, unsigned status) {
  Feedback feedback;
  feedback.problem = translate(site, staff_language(request, staff), msgid);
  return render_members(site, request, staff, org, feedback, status);
}

// The link just issued, shown this once.
http::Response render_link(SiteParts const& site, http::Request const& request,
                           app::SignedInStaff const& staff, domain::OrgId const& org, LinkKind kind,
                           app::IssuedLink const& issued) {
  Language language = staff_language(request, staff);
  bool is_invitation = kind == LinkKind::Invitation;
  auto data = layout_data(request);
  if (!request.csrf_token.empty()) data.set("next", members_path(org));
  data.set("title",
           translate(site, language, is_invitation ? "Invitation link" : "Password reset link"));
  data.set(is_invitation ? "invitation" : "reset", true);
  data.set("link", std::string(is_invitation ? "/welcome/" : "/reset/") +
                       app::account_link_text(issued.id, issued.secret));
  data.set("expires", format_utc_minute(issued.expires_at));
  data.set("members_href", members_path(org));
  return render_page(site, Page::MemberLink, language, data, 200);
}

// Which field of an invitation app/ refused as InvalidInput: asked of the same checks
// app/ and domain/ apply, so the message names the field.
std::string_view invitation_problem(std::string_view email, std::string_view role) {
  if (!domain::parse_role(role)) return "Choose a role from the list.";
  if (!app::normalise_staff_email(email)) {
    return "Enter a valid email address: one @, no spaces, at most 254 characters.";
  }
  return "This organisation has no keys yet. Ask the operator to add its first member.";
}

}  // namespace

http::Response show_members(SiteParts const& site, http::Request& request,
                            app::SignedInStaff const& staff) {
  if (!has_member_services(site)) return not_found();
  auto org = org_in_path(request);
  if (!org) return respond_with_error(request, org.error());
  Feedback feedback;
  feedback.notice = notice_in_query(site, request, staff_language(request, staff));
  return render_members(site, request, staff, *org, feedback, 200);
}

http::Response invite_member(SiteParts const& site, http::Request& request,
                             app::SignedInStaff const& staff) {
  if (!has_member_services(site)) return not_found();
  auto org = org_in_path(request);
  if (!org) return respond_with_error(request, org.error());
  auto form = http::parse_form(request);
  if (!form) return respond_with_error(request, form.error());
  std::string email(form->get("email").value_or(""));
  std::string_view role = form->get("role").value_or("");
  auto language = exact_language(form->get("language").value_or(""));
  Feedback feedback{.notice = {},
                    .problem = {},
                    .invite_email = email,
                    .invite_role = domain::parse_role(role),
                    .invite_language = language};
  Language page_language = staff_language(request, staff);
  if (!language) {
    feedback.problem =
        translate(site, page_language, "Choose the language of their pages from the list.");
    return render_members(site, request, staff, *org, feedback, 400);
  }
  auto issued = site.account_links->invite(staff.actor, *org, email, role, *language);
  if (!issued) {
    switch (issued.error().code) {
      case ErrorCode::InvalidInput:
        feedback.problem = translate(site, page_language, invitation_problem(email, role));
        return render_members(site, request, staff, *org, feedback, 400);
      case ErrorCode::Conflict:
        feedback.problem = translate(
            site, page_language,
            "There is already an account with this address, or an invitation to it is waiting.");
        return render_members(site, request, staff, *org, feedback, 409);
      default:
        return respond_with_error(request, issued.error());
    }
  }
  return render_link(site, request, staff, *org, LinkKind::Invitation, *issued);
}

http::Response reset_member_password(SiteParts const& site, http::Request& request,
                                     app::SignedInStaff const& staff) {
  if (!has_member_services(site)) return not_found();
  auto target = member_target(site, request, staff);
  if (!target) return respond_with_error(request, target.error());
  if (target->is_self) {
    return render_problem(
        site, request, staff, target->org,
        "You cannot send yourself a password reset link. Change your password under “Password "
        "and recovery codes” on your start page.",
        403);
  }
  auto issued = site.account_links->issue_reset(staff.actor, target->member);
  if (!issued) {
    if (issued.error().code == ErrorCode::InvalidInput) {
      return render_problem(site, request, staff, target->org,
                            "This account is disabled, so it cannot get a password reset link.",
                            409);
    }
    return respond_with_error(request, issued.error());
  }
  return render_link(site, request, staff, target->org, LinkKind::PasswordReset, *issued);
}

http::Response grant_member_access(SiteParts const& site, http::Request& request,
                                   app::SignedInStaff const& staff) {
  if (!has_member_services(site)) return not_found();
  auto target = member_target(site, request, staff);
  if (!target) return respond_with_error(request, target.error());
  auto cookie = session_cookie(site, request);
  if (!cookie)
    return respond_with_error(request, make_error(ErrorCode::Unauthenticated, "no cookie"));
  auto granter = site.sessions->unlock_user_key(*cookie);
  if (!granter) return respond_with_error(request, granter.error());
  auto granted = site.key_grants->grant(staff.actor, *granter, target->org, target->member);
  if (!granted) {
    switch (granted.error().code) {
      case ErrorCode::Conflict:
        return render_problem(site, request, staff, target->org, "This member already has access.",
                              409);
      case ErrorCode::PermissionDenied:
        // Allowed by the table yet refused: the granter holds no key to seal.
        if (app::authorise(staff.actor, app::Action::GrantOrgKey, target->org)) {
          return render_problem(site, request, staff, target->org,
                                "You do not hold this organisation's key yourself, so you cannot "
                                "grant it. A coordinator who holds it can grant access to you and "
                                "to this member.",
                                403);
        }
        return respond_with_error(request, granted.error());
      default:
        return respond_with_error(request, granted.error());
    }
  }
  return back_to_members(target->org, "done=granted");
}

http::Response end_member_sessions(SiteParts const& site, http::Request& request,
                                   app::SignedInStaff const& staff) {
  if (!has_member_services(site)) return not_found();
  auto target = member_target(site, request, staff);
  if (!target) return respond_with_error(request, target.error());
  if (target->is_self) {
    return render_problem(site, request, staff, target->org,
                          "To end your own sessions, use “Where you are signed in” on your start "
                          "page.",
                          403);
  }
  auto ended = site.sessions->revoke_member_sessions(staff.actor, target->member);
  if (!ended) return respond_with_error(request, ended.error());
  return back_to_members(target->org, "ended=" + std::to_string(*ended));
}

http::Response disable_member(SiteParts const& site, http::Request& request,
                              app::SignedInStaff const& staff) {
  if (!has_member_services(site)) return not_found();
  auto target = member_target(site, request, staff);
  if (!target) return respond_with_error(request, target.error());
  if (target->is_self) {
    return render_problem(site, request, staff, target->org,
                          "You cannot disable your own account. Another coordinator can.", 403);
  }
  if (auto disabled = site.staff->disable(staff.actor, target->member); !disabled) {
    return respond_with_error(request, disabled.error());
  }
  return back_to_members(target->org, "done=disabled");
}

void add_member_list_links(SiteParts const& site, app::SignedInStaff const& staff,
                           mustache::data& data) {
  mustache::list links;
  if (has_member_services(site)) {
    for (domain::Membership const& membership : staff.actor.memberships()) {
      // The organisations whose staff the member manages: the coordinator's row.
      if (!app::authorise(staff.actor, app::Action::AddStaff, membership.org)) continue;
      mustache::object link;
      link["href"] = members_path(membership.org);
      link["name"] = organisation_name(site, staff, membership.org);
      links.emplace_back(std::move(link));
    }
  }
  data.set("has_member_lists", !links.empty());
  data.set("member_lists", links);
}

}  // namespace haven::web
