// THE route table of the product (CONVENTIONS example 5): every URL Haven answers, with
// who may call it, its CSRF and audit policy and its body cap, in one table. make_router
// turns it into an http::Router.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string_view>

#include "app/session_service.h"
#include "http/message.h"
#include "http/router.h"
#include "web/site_parts.h"

namespace haven::web {

// Who may call a route. Public: anyone. Staff: a valid session is required; make_router
// resolves it once, before the handler, and sends anyone without one to /sign-in (303, for
// GET and POST alike). What a signed-in member may then do is app/'s business, never a
// handler's.
enum class Access { Public, Staff };
// What the audit log records for a route: nothing yet, case data comes later.
enum class Audit { None };

// A public page or endpoint, answered on the I/O thread.
using SiteHandler = http::Response (*)(SiteParts const& site, http::Request& request);
// A staff page: runs only for a resolved session (Access::Staff).
using StaffHandler = http::Response (*)(SiteParts const& site, http::Request& request,
                                        app::SignedInStaff const& staff);
// A public route whose answer comes later from another thread (http::DeferredHandler): the
// handler copies what it needs from `request` and keeps `site` alive through the shared_ptr.
using DeferredSiteHandler = void (*)(std::shared_ptr<SiteParts const> const& site,
                                     http::Request& request, http::Respond respond);
// A staff route answered later from another thread (Argon2id on the password hasher): the
// session is resolved first, exactly as for a StaffHandler; `respond` adds no-store.
using DeferredStaffHandler = void (*)(std::shared_ptr<SiteParts const> const& site,
                                      http::Request& request, app::SignedInStaff const& staff,
                                      http::Respond respond);

// One of the four handler kinds; converts implicitly from each, so the table below names
// its handler functions directly.
class RouteHandler {
 public:
  constexpr RouteHandler(SiteHandler handler) : site_(handler) {}              // NOLINT: implicit
  constexpr RouteHandler(StaffHandler handler) : staff_(handler) {}            // NOLINT: implicit
  constexpr RouteHandler(DeferredSiteHandler handler) : deferred_(handler) {}  // NOLINT
  constexpr RouteHandler(DeferredStaffHandler handler) : deferred_staff_(handler) {}  // NOLINT

  constexpr SiteHandler site() const { return site_; }
  constexpr StaffHandler staff() const { return staff_; }
  constexpr DeferredSiteHandler deferred() const { return deferred_; }
  constexpr DeferredStaffHandler deferred_staff() const { return deferred_staff_; }
  constexpr bool is_set() const {
    return site_ != nullptr || staff_ != nullptr || deferred_ != nullptr ||
           deferred_staff_ != nullptr;
  }
  // Whether the handler wants a resolved session: the row must then be Access::Staff.
  constexpr bool is_staff() const { return staff_ != nullptr || deferred_staff_ != nullptr; }
  // Whether the answer comes later (an http::DeferredHandler).
  constexpr bool is_deferred() const { return deferred_ != nullptr || deferred_staff_ != nullptr; }

 private:
  SiteHandler site_ = nullptr;
  StaffHandler staff_ = nullptr;
  DeferredSiteHandler deferred_ = nullptr;
  DeferredStaffHandler deferred_staff_ = nullptr;
};

struct RouteRow {
  http::Method method;
  std::string_view pattern;
  RouteHandler handler;
  Access access;
  http::Csrf csrf;
  Audit audit;
  std::size_t max_body_bytes;
  // Why a state-changing route does without a CSRF token; empty for every other route.
  std::string_view csrf_exemption = {};
};

std::span<RouteRow const> route_table();

// The router for `site`; the handlers keep `site` alive. A StaffHandler or
// DeferredStaffHandler row must be Access::Staff and every other row Access::Public
// (asserted).
http::Router make_router(std::shared_ptr<SiteParts const> site);

}  // namespace haven::web
