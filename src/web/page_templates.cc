#include "web/page_templates.h"

#include <utility>
#include <vector>

namespace haven::web {
namespace {

using domain::Language;
using Slots = std::vector<std::pair<std::string_view, std::string>>;

struct PageSpec {
  Page page;
  std::string_view body_file;
  std::string_view title;  // a template fragment: a msgid or a per-request Mustache value
};

constexpr PageSpec kPages[kPageCount] = {
    {Page::Home, "home.html",
     "[[Counselling and support for conscientious objectors and deserters]]"},
    {Page::Error, "error.html", "{{title}}"},
    {Page::SignIn, "sign_in.html", "[[Sign in]]"},
    {Page::StaffHome, "staff_home.html", "[[Signed in]]"},
    {Page::StaffSessions, "staff_sessions.html", "[[Where you are signed in]]"},
    {Page::AccountLink, "account_link.html", "{{title}}"},
    {Page::AccountLinkDone, "account_link_done.html", "[[Your recovery codes]]"},
    {Page::OwnAccount, "own_account.html", "[[Your account]]"},
    {Page::RecoveryCodes, "recovery_codes.html", "[[Your new recovery codes]]"},
    {Page::AuditLog, "audit_log.html", "[[Audit log]]"},
    {Page::Members, "members.html", "[[Members]]"},
    {Page::MemberLink, "member_link.html", "{{title}}"},
    {Page::Cases, "cases.html", "[[Cases]]"},
    {Page::NewCase, "new_case.html", "[[New case]]"},
    {Page::Case, "case.html", "{{number}}"},
    {Page::NewCall, "new_call.html", "[[Log a call]]"},
};

std::string escape_html(std::string_view text) {
  return kainjow::mustache::html_escape<std::string>(std::string(text));
}

Result<std::string_view> find_template(std::string_view name) {
  for (auto const& file : embedded_templates()) {
    if (file.name == name) return file.content;
  }
  return make_error(ErrorCode::Internal, "missing template " + std::string(name));
}

// One button per language, each labelled in its own language so a visitor who cannot read
// the current one still finds theirs.
std::string language_buttons(Language current) {
  std::string html;
  for (Language language : domain::kLanguages) {
    std::string code(domain::code(language));
    html += "<button type=\"submit\" name=\"lang\" value=\"" + code + "\" lang=\"" + code + "\"";
    if (language == current) html += " aria-current=\"true\"";
    html += ">" + escape_html(domain::native_name(language)) + "</button>\n";
  }
  return html;
}

// Replaces each `[[<prefix>name]]` by `resolve(name)`; text outside markers is kept.
template <class Resolve>
Result<std::string> replace_markers(std::string_view source, std::string_view prefix,
                                    Resolve resolve) {
  std::string out;
  out.reserve(source.size() * 2);
  std::string opener = "[[" + std::string(prefix);
  std::size_t pos = 0;
  while (true) {
    std::size_t open = source.find(opener, pos);
    if (open == std::string_view::npos) break;
    std::size_t close = source.find("]]", open + opener.size());
    if (close == std::string_view::npos) {
      return make_error(ErrorCode::Internal,
                        "template: unclosed [[ at byte " + std::to_string(open));
    }
    out.append(source.substr(pos, open - pos));
    auto value = resolve(source.substr(open + opener.size(), close - open - opener.size()));
    if (!value.ok()) return value.error();
    out.append(value.value());
    pos = close + 2;
  }
  out.append(source.substr(pos));
  return out;
}

}  // namespace

Result<std::string> resolve_template(
    std::string_view source, Language language, i18n::Catalog const& catalog,
    std::span<std::pair<std::string_view, std::string> const> slots) {
  auto with_slots = replace_markers(source, "=", [&](std::string_view name) -> Result<std::string> {
    for (auto const& [slot, value] : slots) {
      if (slot == name) return value;
    }
    return make_error(ErrorCode::Internal, "template: unknown slot " + std::string(name));
  });
  if (!with_slots.ok()) return with_slots.error();
  return replace_markers(
      with_slots.value(), "", [&](std::string_view msgid) -> Result<std::string> {
        if (msgid.empty() || msgid.front() == '=') {
          return make_error(ErrorCode::Internal, "template: bad marker [[" + std::string(msgid));
        }
        return escape_html(catalog.translate(language, msgid));
      });
}

std::vector<std::string> msgids_in(std::string_view source) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while ((pos = source.find("[[", pos)) != std::string_view::npos) {
    std::size_t close = source.find("]]", pos + 2);
    if (close == std::string_view::npos) break;
    std::string_view inside = source.substr(pos + 2, close - pos - 2);
    if (!inside.empty() && inside.front() != '=') out.emplace_back(inside);
    pos = close + 2;
  }
  return out;
}

Result<PageTemplates> PageTemplates::compile(i18n::Catalog const& catalog,
                                             std::string_view stylesheet_href) {
  auto layout = find_template("layout.html");
  if (!layout.ok()) return layout.error();
  PageTemplates templates;
  for (PageSpec const& spec : kPages) {
    auto body = find_template(spec.body_file);
    if (!body.ok()) return body.error();
    for (Language language : domain::kLanguages) {
      Slots const slots = {
          {"main", std::string(body.value())},
          {"title", std::string(spec.title)},
          {"lang", std::string(domain::code(language))},
          {"stylesheet", escape_html(stylesheet_href)},
          {"languages", language_buttons(language)},
      };
      auto source = resolve_template(layout.value(), language, catalog, slots);
      if (!source.ok()) return source.error();
      auto compiled = std::make_unique<kainjow::mustache::mustache>(source.value());
      if (!compiled->is_valid()) {
        return make_error(ErrorCode::Internal,
                          std::string(spec.body_file) + ": " + compiled->error_message());
      }
      templates.pages_[static_cast<std::size_t>(spec.page)][static_cast<std::size_t>(language)] =
          std::move(compiled);
    }
  }
  return templates;
}

// kainjow 4.1's render() is not const, but for templates without partials or lambdas (ours
// have neither) it only reads the parsed tree and keeps all state in a per-call context, so
// concurrent renders of one compiled template are safe.
std::string PageTemplates::render(Page page, Language language,
                                  kainjow::mustache::data const& data) const {
  auto& compiled = *pages_[static_cast<std::size_t>(page)][static_cast<std::size_t>(language)];
  std::string out;
  out.reserve(8 * 1024);
  compiled.render(data, [&out](std::string const& chunk) { out += chunk; });
  return out;
}

}  // namespace haven::web
