// Staff of the network: the roles a user holds per organisation and the network-admin
// flag that sits on the user. Who may do what with them is app/policy.h's business; this
// module only names the roles and orders them for the "never raise your own role" rule.
#pragma once

#include <array>
#include <optional>
#include <string_view>

#include "domain/ids.h"

namespace haven::domain {

// Per organisation. A user holds at most one role in each organisation.
enum class Role { Coordinator, Counsellor, Editor, Finance, Viewer };

inline constexpr std::array<Role, 5> kRoles = {Role::Coordinator, Role::Counsellor, Role::Editor,
                                               Role::Finance, Role::Viewer};

// On the user, not per organisation: enum, not bool (CONVENTIONS "Do / not this" 2).
enum class NetworkAdmin { No, Yes };
enum class AccountState { Active, Disabled };

// "coordinator", "counsellor", "editor", "finance", "viewer".
std::string_view to_string(Role role);
// Exactly one of the words above (lower case); nullopt otherwise.
std::optional<Role> parse_role(std::string_view text);

// How much a role may see and change, for comparisons only: Coordinator 3 (manages staff),
// Counsellor 2 (reads case data), Editor and Finance 1 (articles, money: different, neither
// above the other), Viewer 0. Moving to a different role of the same rank counts as a raise
// (it grants powers the holder did not have), see is_raise.
int rank(Role role);
// True when going from `from` (nullopt: not a member) to `to` gives powers not held before:
// joining, a higher rank, or a sideways move between different roles of equal rank.
bool is_raise(std::optional<Role> from, Role to);

struct Membership {
  OrgId org;
  Role role = Role::Viewer;
};

}  // namespace haven::domain
