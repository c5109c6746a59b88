#include "web/public_pages.h"

#include "web/visitor.h"

namespace haven::web {

http::Response show_home(SiteParts const& site, http::Request& request) {
  domain::Language language = visitor_language(request);
  auto response =
      http::Response::html(site.pages->render(Page::Home, language, layout_data(request)));
  response.headers.set("Content-Language", std::string(domain::code(language)));
  return response;
}

http::Response serve_asset(SiteParts const& site, http::Request& request) {
  return site.assets.serve(request, request.param("path"));
}

http::Response serve_favicon(SiteParts const& site, http::Request& request) {
  return site.assets.serve(request, "favicon.svg");
}

}  // namespace haven::web
