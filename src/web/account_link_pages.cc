#include "web/account_link_pages.h"

#include <exception>
#include <optional>
#include <string>
#include <utility>

#include "app/account_links.h"
#include "core/log.h"
#include "core/utc_time.h"
#include "http/form.h"
#include "web/error_response.h"
#include "web/qr_svg.h"
#include "web/staff_pages.h"
#include "web/visitor.h"

namespace haven::web {

namespace {

// Seconds a visitor refused because every password worker is busy is told to wait.
constexpr int kRetryAfterSeconds = 5;
constexpr std::size_t kBase32Group = 4;

// What the form says above its fields when it comes back.
enum class Notice { None, Mismatch, WeakPassword, WrongCode, Incomplete, Busy };

// Everything the form needs to be drawn again once the request is gone (the answer to a
// POST arrives on a hasher thread). The key and URI are the enrolment secret: they only
// ever go into this one page.
struct LinkPage {
  app::AccountTokenKind kind = app::AccountTokenKind::Invitation;
  domain::Language language = domain::kDefaultLanguage;
  std::string csrf;
  std::string path;  // where the form posts and the language switch returns to
  std::string org_name;
  std::optional<domain::Role> role;
  std::chrono::system_clock::time_point expires_at;
  std::string totp_secret_base32;
  std::string totp_uri;
};

// The link secret is in the URL: keep it out of caches and out of Referer headers.
void keep_private(http::Response& response, domain::Language language) {
  response.headers.set("Content-Language", std::string(domain::code(language)));
  response.headers.set("Cache-Control", "no-store");
  response.headers.set("Referrer-Policy", "no-referrer");
}

http::Response not_found() {
  http::Response response;
  response.status = 404;  // empty body: the error renderer writes the 404 page
  return response;
}

// "ABCD EFGH …": the key as an app asks for it, easier to copy by hand in groups.
std::string grouped(std::string_view key) {
  std::string out;
  for (std::size_t i = 0; i < key.size(); i += kBase32Group) {
    if (i > 0) out += ' ';
    out += key.substr(i, kBase32Group);
  }
  return out;
}

std::string_view notice_msgid(Notice notice) {
  switch (notice) {
    case Notice::None:
      return {};
    case Notice::Mismatch:
      return "The two passwords are not the same. Type the new password twice.";
    case Notice::WeakPassword:
      return "The password needs at least 12 characters (and at most 1024 bytes).";
    case Notice::WrongCode:
      return "The code is not right. Check that the app shows a code for this account and "
             "type the code it shows now.";
    case Notice::Incomplete:
      return "Fill in both passwords and the code.";
    case Notice::Busy:
      return "Many people are setting passwords right now. Try again in a moment.";
  }
  return {};
}

http::Response render_form(SiteParts const& site, LinkPage const& page, Notice notice,
                           unsigned status) {
  auto const& catalog = site.catalog;
  kainjow::mustache::data data;
  if (!page.csrf.empty()) {
    data.set("csrf", page.csrf);
    data.set("next", encode_path(page.path));
  }
  data.set("action", encode_path(page.path));
  bool invitation = page.kind == app::AccountTokenKind::Invitation;
  data.set(invitation ? "invitation" : "reset", true);
  data.set("title", catalog.translate(page.language,
                                      invitation ? "Set up your account" : "Set a new password"));
  data.set("organisation", page.org_name);
  if (page.role) data.set("role", catalog.translate(page.language, role_msgid(*page.role)));
  data.set("expires", format_utc_minute(page.expires_at));
  auto qr = render_qr_svg(page.totp_uri,
                          catalog.translate(page.language, "QR code for your authenticator app"));
  if (qr) data.set("qr", *qr);
  data.set("key", grouped(page.totp_secret_base32));
  if (notice != Notice::None) {
    data.set("problem", catalog.translate(page.language, notice_msgid(notice)));
  }
  auto response =
      http::Response::html(site.pages->render(Page::AccountLink, page.language, data), status);
  keep_private(response, page.language);
  if (notice == Notice::Busy) {
    response.headers.set("Retry-After", std::to_string(kRetryAfterSeconds));
  }
  return response;
}

http::Response render_codes(SiteParts const& site, app::AccountTokenKind kind,
                            domain::Language language, std::vector<std::string> const& codes) {
  kainjow::mustache::data data;  // no csrf: no language switch, the link is used up
  data.set(kind == app::AccountTokenKind::Invitation ? "invitation" : "reset", true);
  kainjow::mustache::list list;
  for (auto const& code : codes) {
    kainjow::mustache::data item;
    item.set("code", code);
    list.push_back(item);
  }
  data.set("codes", list);
  auto response = http::Response::html(site.pages->render(Page::AccountLinkDone, language, data));
  keep_private(response, language);
  return response;
}

// The link in the path, opened, as a page of the expected kind; nullopt for any link that
// is not one (the caller answers 404 like any missing page).
Result<std::optional<LinkPage>> open_link(SiteParts const& site, http::Request const& request,
                                          app::AccountTokenKind kind) {
  if (site.account_links == nullptr) return std::optional<LinkPage>{};
  auto details = site.account_links->open(request.param("link"));
  if (!details) {
    if (details.error().code == ErrorCode::NotFound) return std::optional<LinkPage>{};
    return std::move(details).error();
  }
  if (details->kind != kind) return std::optional<LinkPage>{};
  return std::optional<LinkPage>(
      LinkPage{.kind = details->kind,
               .language = chosen_language(request).value_or(details->language),
               .csrf = request.csrf_token,
               .path = request.path,
               .org_name = std::move(details->org_name),
               .role = details->role,
               .expires_at = details->expires_at,
               .totp_secret_base32 = std::move(details->totp_secret_base32),
               .totp_uri = std::move(details->totp_uri)});
}

http::Response show_link(SiteParts const& site, http::Request& request,
                         app::AccountTokenKind kind) {
  auto page = open_link(site, request, kind);
  if (!page) return respond_with_error(request, page.error());
  if (!*page) return not_found();
  return render_form(site, **page, Notice::None, 200);
}

// Overwrites `text` in place: a password must not linger in the request's buffers.
void wipe(std::string& text) {
  vault::wipe_bytes({reinterpret_cast<std::uint8_t*>(text.data()), text.size()});
  text.clear();
}

// Everything the answer needs, copied out of the request before the hasher takes over.
struct PendingAnswer {
  std::shared_ptr<SiteParts const> site;
  http::Respond respond;
  LinkPage page;
  http::Request trace;  // request id, route and path only: for logging an error
};

http::Response answer(PendingAnswer const& pending, Result<app::AcceptedLink> result) {
  SiteParts const& site = *pending.site;
  if (result) {
    log::info("account_link_followed", {{"request_id", pending.trace.request_id}});
    return render_codes(site, result->kind, pending.page.language, result->recovery_codes);
  }
  switch (result.error().code) {
    case ErrorCode::NotFound:  // used by a concurrent request, or expired meanwhile
      return not_found();
    case ErrorCode::InvalidInput:
      return render_form(site, pending.page, Notice::WeakPassword, 422);
    case ErrorCode::PermissionDenied:
      return render_form(site, pending.page, Notice::WrongCode, 403);
    case ErrorCode::RateLimited:
      log::info("account_link_busy", {{"request_id", pending.trace.request_id}});
      return render_form(site, pending.page, Notice::Busy, 429);
    default:
      return respond_with_error(pending.trace, result.error());
  }
}

// The three fields, each wiped in the form as soon as it is copied; nullopt when one is
// missing or empty.
struct Typed {
  std::string password;
  std::string password_again;
  std::string code;
};

std::optional<Typed> take_fields(http::Form& form) {
  Typed typed;
  for (auto& [name, value] : form.fields) {
    if (name == "password" && typed.password.empty()) {
      typed.password = value;
    } else if (name == "password_again" && typed.password_again.empty()) {
      typed.password_again = value;
    } else if (name == "code" && typed.code.empty()) {
      // Apps show "123 456": the space is not part of the code.
      for (char c : value) {
        if (c != ' ') typed.code.push_back(c);
      }
    }
    wipe(value);
  }
  if (typed.password.empty() || typed.password_again.empty() || typed.code.empty()) {
    wipe(typed.password);
    wipe(typed.password_again);
    return std::nullopt;
  }
  return typed;
}

void accept_link(std::shared_ptr<SiteParts const> const& site, http::Request& request,
                 http::Respond respond, app::AccountTokenKind kind) {
  auto form = http::parse_form(request);
  wipe(request.body);
  auto opened = open_link(*site, request, kind);
  if (!opened) return respond(respond_with_error(request, opened.error()));
  if (!*opened) return respond(not_found());
  LinkPage& page = **opened;
  if (!form) return respond(render_form(*site, page, Notice::Incomplete, 400));
  auto typed = take_fields(*form);
  if (!typed) return respond(render_form(*site, page, Notice::Incomplete, 400));
  bool same = typed->password == typed->password_again;
  auto password = vault::SecretBytes::copy_of(
      {reinterpret_cast<std::uint8_t const*>(typed->password.data()), typed->password.size()});
  wipe(typed->password);
  wipe(typed->password_again);
  if (!same) return respond(render_form(*site, page, Notice::Mismatch, 422));

  PendingAnswer pending{
      .site = site, .respond = std::move(respond), .page = std::move(page), .trace = {}};
  pending.trace.request_id = request.request_id;
  pending.trace.route_name = request.route_name;
  pending.trace.path = request.route_name;  // never the path: it holds the link secret
  std::string link(request.param("link"));
  site->account_links->accept_async(
      std::move(link), std::move(password), std::move(typed->code),
      [pending = std::move(pending)](Result<app::AcceptedLink> result) {
        // On a hasher thread (or this one when the queue is full): nothing may escape.
        http::Response response;
        try {
          response = answer(pending, std::move(result));
        } catch (std::exception const&) {
          log::error("account_link_answer_failed", {{"request_id", pending.trace.request_id}});
          response = http::Response{};
          response.status = 500;
        }
        pending.respond(std::move(response));
      });
}

}  // namespace

http::Response show_invitation(SiteParts const& site, http::Request& request) {
  return show_link(site, request, app::AccountTokenKind::Invitation);
}

http::Response show_reset(SiteParts const& site, http::Request& request) {
  return show_link(site, request, app::AccountTokenKind::PasswordReset);
}

void accept_invitation(std::shared_ptr<SiteParts const> const& site, http::Request& request,
                       http::Respond respond) {
  accept_link(site, request, std::move(respond), app::AccountTokenKind::Invitation);
}

void accept_reset(std::shared_ptr<SiteParts const> const& site, http::Request& request,
                  http::Respond respond) {
  accept_link(site, request, std::move(respond), app::AccountTokenKind::PasswordReset);
}

}  // namespace haven::web
