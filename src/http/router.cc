#include "http/router.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <compare>
#include <cstdint>
#include <stdexcept>

namespace haven::http {

namespace {

enum class SegmentKind { Literal, Param, Rest };

struct Segment {
  SegmentKind kind;
  std::string_view text;  // the literal, or the parameter's name
};

// Splits "/a/{b}" into segments; "/" has none. Empty segments ("/a/") are kept so that
// they never match a parameter.
std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> segments;
  if (path.size() <= 1) return segments;
  path.remove_prefix(1);
  while (true) {
    auto slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

Segment classify(std::string_view text) {
  if (text.size() > 5 && text.front() == '{' && text.ends_with("...}")) {
    return {SegmentKind::Rest, text.substr(1, text.size() - 5)};
  }
  if (text.size() > 2 && text.front() == '{' && text.back() == '}') {
    return {SegmentKind::Param, text.substr(1, text.size() - 2)};
  }
  return {SegmentKind::Literal, text};
}

constexpr std::size_t kMaxPatternSegments = 32;

bool is_valid_pattern(std::string_view pattern) {
  if (pattern.empty() || pattern.front() != '/') return false;
  auto segments = split_path(pattern);
  if (segments.size() > kMaxPatternSegments) return false;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    auto segment = classify(segments[i]);
    if (segments[i].empty()) return false;
    if (segment.kind == SegmentKind::Rest && i + 1 != segments.size()) return false;
    if (segment.kind == SegmentKind::Literal &&
        segments[i].find_first_of("{}") != std::string_view::npos) {
      return false;
    }
  }
  return true;
}

// Specificity of a match, compared lexicographically: literals (2) beat parameters (1) beat
// the rest segment (0). Fixed size so that matching allocates nothing but the parameters.
struct Score {
  std::array<std::uint8_t, kMaxPatternSegments> ranks{};
  std::size_t size = 0;
  auto operator<=>(Score const& other) const {
    return std::lexicographical_compare_three_way(
        ranks.begin(), ranks.begin() + size, other.ranks.begin(), other.ranks.begin() + other.size);
  }
  bool operator==(Score const&) const = default;
};

// Matches `pattern` against the path's segments; fills `params` and `score` on success.
bool match_pattern(std::string_view pattern, std::vector<std::string_view> const& path,
                   std::string_view full_path,
                   std::vector<std::pair<std::string, std::string>>* params, Score* score) {
  params->clear();
  score->size = 0;
  std::size_t i = 0;
  std::string_view rest = pattern.size() <= 1 ? std::string_view{} : pattern.substr(1);
  while (!rest.empty()) {
    auto slash = rest.find('/');
    auto segment = classify(rest.substr(0, slash));
    rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
    if (segment.kind == SegmentKind::Rest) {
      if (i >= path.size() || path[i].empty()) return false;
      // The rest of the decoded path; safe to join because "%2f" never decodes into a segment.
      auto start = static_cast<std::size_t>(path[i].data() - full_path.data());
      params->emplace_back(std::string(segment.text), std::string(full_path.substr(start)));
      score->ranks[score->size++] = 0;
      return true;
    }
    if (i >= path.size()) return false;
    if (segment.kind == SegmentKind::Param) {
      if (path[i].empty()) return false;
      params->emplace_back(std::string(segment.text), std::string(path[i]));
      score->ranks[score->size++] = 1;
    } else {
      if (path[i] != segment.text) return false;
      score->ranks[score->size++] = 2;
    }
    ++i;
  }
  return i == path.size();
}

void add_allowed(std::vector<Method>& allowed, Method method) {
  for (auto m : allowed) {
    if (m == method) return;
  }
  allowed.push_back(method);
}

}  // namespace

void Router::add(Route route) {
  assert(is_valid_pattern(route.pattern) && "malformed route pattern");
  bool has_one_handler = static_cast<bool>(route.handler) != static_cast<bool>(route.deferred);
  assert(has_one_handler && "a route needs exactly one of handler and deferred");
  for (auto const& existing : routes_) {
    bool duplicate = existing.method == route.method && existing.pattern == route.pattern;
    assert(!duplicate && "duplicate route");
    (void)duplicate;
  }
  if (!is_valid_pattern(route.pattern)) throw std::logic_error("malformed route pattern");
  if (!has_one_handler) throw std::logic_error("route needs exactly one of handler, deferred");
  routes_.push_back(std::move(route));
}

RouteMatch Router::match(Method method, std::string_view path) const {
  auto segments = split_path(path);
  RouteMatch result;
  Route const* get_fallback = nullptr;
  std::vector<std::pair<std::string, std::string>> params, fallback_params;
  Score score, best_score, fallback_score;
  for (auto const& route : routes_) {
    if (!match_pattern(route.pattern, segments, path, &params, &score)) continue;
    add_allowed(result.allowed, route.method);
    if (route.method == Method::Get) add_allowed(result.allowed, Method::Head);
    if (route.method == method && (result.route == nullptr || score > best_score)) {
      result.route = &route;
      result.params = params;
      best_score = score;
    } else if (method == Method::Head && route.method == Method::Get &&
               (get_fallback == nullptr || score > fallback_score)) {
      get_fallback = &route;
      fallback_params = params;
      fallback_score = score;
    }
  }
  if (result.route == nullptr && get_fallback != nullptr) {
    result.route = get_fallback;
    result.params = std::move(fallback_params);
  }
  if (result.route != nullptr) {
    result.kind = RouteMatch::Kind::Found;
    result.allowed.clear();
  } else if (!result.allowed.empty()) {
    result.kind = RouteMatch::Kind::MethodNotAllowed;
  }
  return result;
}

}  // namespace haven::http
