#include "storage/sql_connection.h"

namespace haven::storage {

bool SqlRow::is_null(std::size_t i) const {
  return i >= cells_.size() || std::holds_alternative<std::monostate>(cells_[i]);
}

std::int64_t SqlRow::int64(std::size_t i) const {
  if (i >= cells_.size()) return 0;
  auto const* value = std::get_if<std::int64_t>(&cells_[i]);
  return value ? *value : 0;
}

std::string const& SqlRow::text(std::size_t i) const {
  static std::string const kEmpty;
  if (i >= cells_.size()) return kEmpty;
  auto const* value = std::get_if<std::string>(&cells_[i]);
  return value ? *value : kEmpty;
}

}  // namespace haven::storage
