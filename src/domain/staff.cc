#include "domain/staff.h"

namespace haven::domain {

std::string_view to_string(Role role) {
  switch (role) {
    case Role::Coordinator:
      return "coordinator";
    case Role::Counsellor:
      return "counsellor";
    case Role::Editor:
      return "editor";
    case Role::Finance:
      return "finance";
    case Role::Viewer:
      return "viewer";
  }
  return "viewer";
}

std::optional<Role> parse_role(std::string_view text) {
  for (Role role : kRoles) {
    if (to_string(role) == text) return role;
  }
  return std::nullopt;
}

int rank(Role role) {
  switch (role) {
    case Role::Coordinator:
      return 3;
    case Role::Counsellor:
      return 2;
    case Role::Editor:
    case Role::Finance:
      return 1;
    case Role::Viewer:
      return 0;
  }
  return 0;
}

bool is_raise(std::optional<Role> from, Role to) {
  if (!from) return true;
  if (*from == to) return false;
  return rank(to) >= rank(*from);
}

}  // namespace haven::domain
