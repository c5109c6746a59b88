// Strong 128-bit random identifiers (DESIGN.md §3): what appears in a URL is never
// sequential. Text form: 32 lower-case hex digits. The tag keeps a CaseId from being passed
// where an OrgId is expected.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

#include "core/hex.h"
#include "core/random.h"

namespace haven {

template <class Tag>
class Id {
 public:
  static constexpr std::size_t kBytes = 16;

  static Id generate(Random& random) { return Id(random_hex(random, kBytes)); }
  // nullopt for anything but exactly 32 lower-case hex digits.
  static std::optional<Id> parse(std::string_view text) {
    if (text.size() != kBytes * 2 || !is_lower_hex(text)) return std::nullopt;
    return Id(std::string(text));
  }

  std::string const& str() const { return text_; }
  auto operator<=>(Id const&) const = default;

 private:
  explicit Id(std::string text) : text_(std::move(text)) {}
  std::string text_;
};

}  // namespace haven
