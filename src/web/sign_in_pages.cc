#include "web/sign_in_pages.h"

#include <exception>
#include <string>
#include <utility>

#include "app/sign_in.h"
#include "core/log.h"
#include "http/form.h"
#include "web/client_label.h"
#include "web/error_response.h"
#include "web/staff_session.h"
#include "web/visitor.h"

namespace haven::web {

namespace {

// Seconds a throttled visitor is told to wait: the failure window of app/sign_in.h.
constexpr auto kRetryAfterSeconds = std::chrono::seconds(app::kFailureWindow).count();

// What the sign-in form says above its fields. One Refused for every refusal.
enum class Notice { None, SignedOut, Refused, RateLimited, Incomplete };

// What the form needs to be drawn again once the request itself is gone (the answer to a
// POST arrives on a hasher thread).
struct FormState {
  domain::Language language = domain::kDefaultLanguage;
  std::string csrf;   // the token the page's forms carry
  std::string email;  // as typed, shown again; the password and code never are
};

http::Response render_form(SiteParts const& site, FormState const& form, Notice notice,
                           unsigned status) {
  kainjow::mustache::data data;
  if (!form.csrf.empty()) {
    data.set("csrf", form.csrf);
    data.set("next", "/sign-in");
  }
  data.set("email", form.email);
  switch (notice) {
    case Notice::None:
      break;
    case Notice::SignedOut:
      data.set("signed_out", true);
      break;
    case Notice::Refused:
      data.set("refused", true);
      break;
    case Notice::RateLimited:
      data.set("rate_limited", true);
      break;
    case Notice::Incomplete:
      data.set("incomplete", true);
      break;
  }
  auto response =
      http::Response::html(site.pages->render(Page::SignIn, form.language, data), status);
  response.headers.set("Content-Language", std::string(domain::code(form.language)));
  response.headers.set("Cache-Control", "no-store");
  if (notice == Notice::RateLimited) {
    response.headers.set("Retry-After", std::to_string(kRetryAfterSeconds));
  }
  return response;
}

http::Response not_found() {
  http::Response response;
  response.status = 404;  // empty body: the error renderer writes the 404 page
  return response;
}

bool has_sign_in(SiteParts const& site) {
  return site.sign_in != nullptr && site.sessions != nullptr;
}

// Overwrites `text` in place: the password must not linger in the request's buffers.
void wipe(std::string& text) {
  vault::wipe_bytes({reinterpret_cast<std::uint8_t*>(text.data()), text.size()});
  text.clear();
}

// Ends the session an older cookie of this browser names, so every sign-in starts a new
// session id and no earlier one lives on beside it. Errors are logged, not shown: the new
// session is already valid.
void end_previous_session(SiteParts const& site, std::string const& old_cookie,
                          app::SessionId const& new_session, std::string const& request_id) {
  if (old_cookie.empty()) return;
  auto previous = site.sessions->resolve(old_cookie);
  if (!previous || previous->session == new_session) return;
  if (auto ended = site.sessions->sign_out(*previous); !ended) {
    log::warn("sign_in_previous_session_kept",
              {{"request_id", request_id}, {"detail", ended.error().detail}});
  }
}

// Everything the answer needs, copied out of the request before the hasher takes over.
struct PendingAnswer {
  std::shared_ptr<SiteParts const> site;
  http::Respond respond;
  FormState form;
  std::string old_cookie;
  http::Request trace;  // request id, route and path only: for logging an error
};

http::Response answer(PendingAnswer const& pending, Result<app::NewSession> result) {
  SiteParts const& site = *pending.site;
  if (result) {
    end_previous_session(site, pending.old_cookie, result->id, pending.trace.request_id);
    std::string target = "/staff";
    if (result->recovery_codes_left) {
      target += "?recovery-codes-left=" + std::to_string(*result->recovery_codes_left);
    }
    auto response = http::Response::see_other(std::move(target));
    set_session_cookie(site, response, app::session_cookie_value(result->id, result->secret));
    response.headers.set("Cache-Control", "no-store");
    return response;
  }
  switch (result.error().code) {
    case ErrorCode::PermissionDenied:
      log::info("sign_in_refused", {{"request_id", pending.trace.request_id}});
      return render_form(site, pending.form, Notice::Refused, 403);
    case ErrorCode::RateLimited:
      log::info("sign_in_throttled",
                {{"request_id", pending.trace.request_id}, {"detail", result.error().detail}});
      return render_form(site, pending.form, Notice::RateLimited, 429);
    case ErrorCode::InvalidInput:
      return render_form(site, pending.form, Notice::Incomplete, 400);
    default:
      return respond_with_error(pending.trace, result.error());
  }
}

}  // namespace

http::Response show_sign_in(SiteParts const& site, http::Request& request) {
  if (!has_sign_in(site)) return not_found();
  bool stale_cookie = false;
  if (session_cookie(site, request)) {
    auto staff = resolve_staff(site, request);
    if (staff) {
      auto response = http::Response::see_other("/staff");
      response.headers.set("Cache-Control", "no-store");
      return response;
    }
    stale_cookie = staff.error().code == ErrorCode::Unauthenticated;
  }
  Notice notice = request.query_value("signed-out") == "1" ? Notice::SignedOut : Notice::None;
  FormState form{.language = visitor_language(request), .csrf = request.csrf_token, .email = {}};
  auto response = render_form(site, form, notice, 200);
  if (stale_cookie) expire_session_cookie(site, response);
  return response;
}

void sign_in(std::shared_ptr<SiteParts const> const& site, http::Request& request,
             http::Respond respond) {
  if (!has_sign_in(*site)) return respond(not_found());
  PendingAnswer pending{
      .site = site,
      .respond = std::move(respond),
      .form = {.language = visitor_language(request), .csrf = request.csrf_token, .email = {}},
      .old_cookie = std::string(session_cookie(*site, request).value_or("")),
      .trace = {}};
  pending.trace.request_id = request.request_id;
  pending.trace.route_name = request.route_name;
  pending.trace.path = request.path;

  auto form = http::parse_form(request);
  wipe(request.body);
  if (!form) return pending.respond(render_form(*site, pending.form, Notice::Incomplete, 400));
  app::SignInAttempt attempt;
  for (auto& [name, value] : form->fields) {
    if (name == "email" && attempt.email.empty()) {
      attempt.email = value;
    } else if (name == "password" && attempt.password.empty()) {
      attempt.password = vault::SecretBytes::copy_of(
          {reinterpret_cast<std::uint8_t const*>(value.data()), value.size()});
    } else if (name == "code" && attempt.second_factor.empty()) {
      attempt.second_factor = value;
    }
    wipe(value);
  }
  pending.form.email = attempt.email;
  attempt.client_label = client_label(request.header("User-Agent").value_or(""));
  attempt.client_key = request.client_key;  // opaque keyed hash; empty: no per-client throttle

  site->sign_in->sign_in(std::move(attempt), [pending = std::move(pending)](auto result) {
    // On a hasher thread (or this one, for input errors and throttling): nothing may escape.
    http::Response response;
    try {
      response = answer(pending, std::move(result));
    } catch (std::exception const&) {
      log::error("sign_in_answer_failed", {{"request_id", pending.trace.request_id}});
      response = http::Response{};
      response.status = 500;
    }
    pending.respond(std::move(response));
  });
}

http::Response sign_out(SiteParts const& site, http::Request& request,
                        app::SignedInStaff const& staff) {
  if (auto ended = site.sessions->sign_out(staff); !ended) {
    return respond_with_error(request, ended.error());
  }
  auto response = http::Response::see_other("/sign-in?signed-out=1");
  expire_session_cookie(site, response);
  response.headers.set("Clear-Site-Data", "\"cache\", \"cookies\", \"storage\"");
  response.headers.set("Cache-Control", "no-store");
  return response;
}

}  // namespace haven::web
