#include "web/own_account_pages.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "app/own_account.h"
#include "app/staff_service.h"
#include "core/log.h"
#include "http/form.h"
#include "web/error_response.h"
#include "web/staff_session.h"
#include "web/visitor.h"

namespace haven::web {

namespace {

constexpr std::string_view kAccountPath = "/staff/account";
// Seconds a member is told to wait when every password hasher thread is busy: a queue
// that full drains within a few seconds.
constexpr int kBusyRetryAfterSeconds = 5;

// The one message above the password form after a refused change.
enum class Problem { None, Incomplete, Mismatch, Weak, Refused, Busy };

// What the page needs once the request is gone (a change is answered from a hasher thread).
struct AccountView {
  app::SignedInStaff staff;
  domain::Language language = domain::kDefaultLanguage;
  std::string csrf;
  http::Request trace;  // request id, route and path only: for logging an error
};

AccountView view_of(http::Request const& request, app::SignedInStaff const& staff) {
  AccountView view{.staff = staff,
                   .language = staff_language(request, staff),
                   .csrf = request.csrf_token,
                   .trace = {}};
  view.trace.request_id = request.request_id;
  view.trace.route_name = request.route_name;
  view.trace.path = request.path;
  return view;
}

http::Response not_found() {
  http::Response response;
  response.status = 404;  // empty body: the error renderer writes the 404 page
  return response;
}

// Overwrites `text` in place: a password must not linger in the request's buffers.
void wipe(std::string& text) {
  vault::wipe_bytes({reinterpret_cast<std::uint8_t*>(text.data()), text.size()});
  text.clear();
}

// A notice count from the query (?password-changed=2); nullopt unless a small number.
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

kainjow::mustache::data page_data(AccountView const& view) {
  kainjow::mustache::data data;
  if (!view.csrf.empty()) {
    data.set("csrf", view.csrf);
    data.set("next", std::string(kAccountPath));  // the language switch returns to the page
  }
  return data;
}

http::Response render_page(SiteParts const& site, Page page, AccountView const& view,
                           kainjow::mustache::data const& data, unsigned status) {
  auto response = http::Response::html(site.pages->render(page, view.language, data), status);
  response.headers.set("Content-Language", std::string(domain::code(view.language)));
  response.headers.set("Cache-Control", "no-store");
  return response;
}

unsigned status_of(Problem problem) {
  switch (problem) {
    case Problem::None:
      return 200;
    case Problem::Incomplete:
    case Problem::Mismatch:
    case Problem::Weak:
      return 400;
    case Problem::Refused:
      return 403;
    case Problem::Busy:
      return 429;
  }
  return 400;
}

std::string_view problem_key(Problem problem) {
  switch (problem) {
    case Problem::None:
      return "";
    case Problem::Incomplete:
      return "incomplete";
    case Problem::Mismatch:
      return "mismatch";
    case Problem::Weak:
      return "weak";
    case Problem::Refused:
      return "refused";
    case Problem::Busy:
      return "busy";
  }
  return "";
}

// The account page; `changed` is the ?password-changed=N notice. Safe on any thread.
http::Response render_account(SiteParts const& site, AccountView const& view, Problem problem,
                              std::optional<long> changed) {
  auto left = site.own_account->unused_recovery_codes(view.staff);
  if (!left) return respond_with_error(view.trace, left.error());
  auto const& catalog = site.catalog;
  auto data = page_data(view);
  data.set("language", std::string(domain::native_name(view.staff.language)));
  data.set("codes_left", catalog.translate_plural(view.language, "{count} unused code left.",
                                                  "{count} unused codes left.", *left));
  data.set("password_hint", catalog.translate_plural(view.language, "At least {count} character.",
                                                     "At least {count} characters.",
                                                     static_cast<long>(app::kMinPasswordChars)));
  if (changed) {
    data.set("changed_notice",
             catalog.translate_plural(
                 view.language, "Your password is changed. {count} other session was ended.",
                 "Your password is changed. {count} other sessions were ended.", *changed));
  }
  if (problem != Problem::None) data.set(std::string(problem_key(problem)), true);
  auto response = render_page(site, Page::OwnAccount, view, data, status_of(problem));
  if (problem == Problem::Busy) {
    response.headers.set("Retry-After", std::to_string(kBusyRetryAfterSeconds));
  }
  return response;
}

http::Response answer_change(SiteParts const& site, AccountView const& view,
                             Result<std::size_t> result) {
  if (result) {
    auto response = http::Response::see_other(std::string(kAccountPath) +
                                              "?password-changed=" + std::to_string(*result));
    response.headers.set("Cache-Control", "no-store");
    return response;
  }
  switch (result.error().code) {
    case ErrorCode::PermissionDenied:
      log::info("password_change_refused", {{"request_id", view.trace.request_id}});
      return render_account(site, view, Problem::Refused, std::nullopt);
    case ErrorCode::InvalidInput:
      return render_account(site, view, Problem::Weak, std::nullopt);
    case ErrorCode::RateLimited:
      log::info("password_change_busy", {{"request_id", view.trace.request_id}});
      return render_account(site, view, Problem::Busy, std::nullopt);
    default:
      return respond_with_error(view.trace, result.error());
  }
}

vault::SecretBytes secret_of(std::string const& text) {
  return vault::SecretBytes::copy_of(
      {reinterpret_cast<std::uint8_t const*>(text.data()), text.size()});
}

}  // namespace

http::Response show_own_account(SiteParts const& site, http::Request& request,
                                app::SignedInStaff const& staff) {
  if (site.own_account == nullptr) return not_found();
  return render_account(site, view_of(request, staff), Problem::None,
                        count_in_query(request, "password-changed"));
}

void change_own_password(std::shared_ptr<SiteParts const> const& site, http::Request& request,
                         app::SignedInStaff const& staff, http::Respond respond) {
  if (site->own_account == nullptr) return respond(not_found());
  AccountView view = view_of(request, staff);
  auto form = http::parse_form(request);
  wipe(request.body);
  if (!form) return respond(render_account(*site, view, Problem::Incomplete, std::nullopt));
  std::optional<vault::SecretBytes> current;
  std::optional<vault::SecretBytes> replacement;
  std::optional<vault::SecretBytes> again;
  for (auto& [name, value] : form->fields) {
    if (name == "current" && !current) {
      current = secret_of(value);
    } else if (name == "new" && !replacement) {
      replacement = secret_of(value);
    } else if (name == "again" && !again) {
      again = secret_of(value);
    }
    wipe(value);
  }
  if (!current || !replacement || !again || current->empty() || replacement->empty()) {
    return respond(render_account(*site, view, Problem::Incomplete, std::nullopt));
  }
  // Constant time is not needed here: both are the member's own new password, typed twice.
  if (!std::ranges::equal(replacement->span(), again->span())) {
    return respond(render_account(*site, view, Problem::Mismatch, std::nullopt));
  }
  again->wipe();
  site->own_account->change_password_async(
      staff, std::move(*current), std::move(*replacement),
      [site, view = std::move(view), respond = std::move(respond)](auto result) {
        // On a hasher thread (or this one when the queue is full): nothing may escape.
        http::Response response;
        try {
          response = answer_change(*site, view, std::move(result));
        } catch (std::exception const&) {
          log::error("password_change_answer_failed", {{"request_id", view.trace.request_id}});
          response = http::Response{};
          response.status = 500;
        }
        respond(std::move(response));
      });
}

http::Response renew_own_recovery_codes(SiteParts const& site, http::Request& request,
                                        app::SignedInStaff const& staff) {
  if (site.own_account == nullptr) return not_found();
  auto codes = site.own_account->renew_recovery_codes(staff);
  if (!codes) return respond_with_error(request, codes.error());
  AccountView view = view_of(request, staff);
  auto data = page_data(view);
  kainjow::mustache::list items;
  for (std::string const& code : *codes) {
    kainjow::mustache::object item;
    item["code"] = code;
    items.emplace_back(std::move(item));
  }
  data.set("codes", items);
  return render_page(site, Page::RecoveryCodes, view, data, 200);
}

}  // namespace haven::web
