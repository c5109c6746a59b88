#include "web/error_pages.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "site_fixture.h"
#include "web/error_response.h"

namespace haven::web {
namespace {

using testing::contains;

http::ErrorRenderer const& render_error() {
  static http::ErrorRenderer const renderer = testing::make_site().error_renderer();
  return renderer;
}

http::ErrorContext context(unsigned status, std::string accept_language, bool is_api = false) {
  http::ErrorContext context;
  context.status = status;
  context.is_api = is_api;
  context.accept_language = std::move(accept_language);
  context.request_id = "5f0c6a1e9d3b47e2a8c4f1b2d6e9a037";
  return context;
}

struct PageRow {
  unsigned status;
  std::string_view accept_language;
  std::string_view lang;
  std::string_view title;
};

TEST(ErrorPagesTest, HtmlPageInTheVisitorsLanguageForEveryStatus) {
  PageRow const rows[] = {
      {400, "en", "en", "The request could not be read"},
      {403, "ru", "ru", "Действие заблокировано"},
      {404, "de", "de", "Seite nicht gefunden"},
      {404, "uk", "uk", "Сторінку не знайдено"},
      {404, "ru", "ru", "Страница не найдена"},
      {405, "de", "de", "Diese Aktion ist hier nicht möglich"},
      {413, "uk", "uk", "Забагато даних"},
      {431, "ru", "ru", "Запрос слишком большой"},
      {500, "de", "de", "Etwas ist schiefgegangen"},
      {503, "en", "en", "Temporarily unavailable"},
      {418, "de", "de", "Die Anfrage konnte nicht bearbeitet werden"},
      {599, "ru", "ru", "Что-то пошло не так"},
  };
  for (auto const& row : rows) {
    auto response = render_error()(context(row.status, std::string(row.accept_language)));
    EXPECT_EQ(response.status, row.status);
    EXPECT_TRUE(response.content_type.starts_with("text/html")) << row.status;
    EXPECT_TRUE(contains(response.body, "<html lang=\"" + std::string(row.lang) + "\">"))
        << row.status;
    EXPECT_TRUE(contains(response.body, "<h1>" + std::string(row.title) + "</h1>"))
        << row.status << " " << row.lang;
    EXPECT_TRUE(contains(response.body, "<title>" + std::string(row.title) + " – Haven</title>"));
    EXPECT_TRUE(contains(response.body, "<a href=\"/\">")) << row.status;
    EXPECT_TRUE(contains(response.body, "5f0c6a1e9d3b47e2a8c4f1b2d6e9a037")) << row.status;
    // No token in an error context: no language form that would fail its CSRF check.
    EXPECT_FALSE(contains(response.body, "action=\"/language\"")) << row.status;
  }
}

TEST(ErrorPagesTest, EveryStatusWithWordingHasAPageInEveryLanguage) {
  for (unsigned status : statuses_with_wording()) {
    for (std::string_view lang : {"en", "ru", "uk", "de"}) {
      auto response = render_error()(context(status, std::string(lang)));
      EXPECT_EQ(response.status, status);
      EXPECT_FALSE(contains(response.body, "{{")) << status;
      EXPECT_FALSE(contains(response.body, "[[")) << status;
    }
  }
}

TEST(ErrorPagesTest, CookieWinsAndReferenceIsTranslated) {
  auto ctx = context(404, "de");
  ctx.language_cookie = "ru";
  auto response = render_error()(ctx);
  EXPECT_TRUE(contains(response.body, "<html lang=\"ru\">"));
  EXPECT_TRUE(contains(response.body, "Код ошибки: 5f0c6a1e9d3b47e2a8c4f1b2d6e9a037"));
}

TEST(ErrorPagesTest, WithoutRequestIdNoReference) {
  auto ctx = context(500, "en");
  ctx.request_id.clear();
  EXPECT_FALSE(contains(render_error()(ctx).body, "Error reference"));
}

struct ApiRow {
  unsigned status;
  std::string_view accept_language;
  std::string_view code;
  std::string_view message;
};

TEST(ErrorPagesTest, ApiErrorsAreJsonInTheNegotiatedLanguage) {
  ApiRow const rows[] = {
      {404, "", "not_found", "Page not found"},
      {404, "ru", "not_found", "Страница не найдена"},
      {400, "de", "invalid_input", "Die Anfrage konnte nicht gelesen werden"},
      {413, "uk", "payload_too_large", "Забагато даних"},
      {405, "en", "method_not_allowed", "This action is not possible here"},
      {503, "ru", "unavailable", "Временно недоступно"},
  };
  for (auto const& row : rows) {
    auto response = render_error()(context(row.status, std::string(row.accept_language), true));
    EXPECT_EQ(response.status, row.status);
    EXPECT_TRUE(response.content_type.starts_with("application/json")) << response.content_type;
    auto json = nlohmann::json::parse(response.body);
    EXPECT_EQ(json["error"]["code"], row.code);
    EXPECT_EQ(json["error"]["message"], row.message);
    EXPECT_EQ(json.size(), 1u);
  }
}

TEST(ErrorResponseTest, MapsEveryErrorCodeToOneStatus) {
  struct Row {
    ErrorCode code;
    unsigned status;
  };
  Row const rows[] = {
      {ErrorCode::InvalidInput, 400},     {ErrorCode::Unauthenticated, 401},
      {ErrorCode::PermissionDenied, 403}, {ErrorCode::NotFound, 404},
      {ErrorCode::Conflict, 409},         {ErrorCode::RateLimited, 429},
      {ErrorCode::Unavailable, 503},      {ErrorCode::Corruption, 500},
      {ErrorCode::Internal, 500},
  };
  for (auto const& row : rows) {
    EXPECT_EQ(status_for(row.code), row.status) << to_string(row.code);
    // Each mapped status has its own wording, not the generic one.
    EXPECT_NE(wording_for(row.status).api_code, "bad_request") << row.status;
  }
}

TEST(ErrorResponseTest, RespondsWithAnEmptyBodyForTheRenderer) {
  http::Request request = testing::make_request(http::Method::Get, "/x");
  auto response = respond_with_error(request, make_error(ErrorCode::NotFound, "case gone"));
  EXPECT_EQ(response.status, 404u);
  EXPECT_TRUE(response.body.empty());
  EXPECT_FALSE(contains(response.body, "case gone"));
}

}  // namespace
}  // namespace haven::web
