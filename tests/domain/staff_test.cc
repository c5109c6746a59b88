#include "domain/staff.h"

#include <gtest/gtest.h>

namespace haven::domain {
namespace {

TEST(Staff, RolesParseAndPrint) {
  for (Role role : kRoles) EXPECT_EQ(parse_role(to_string(role)), role);
  for (auto text : {"", "Coordinator", "admin", "network-admin", "counselor", " viewer"}) {
    EXPECT_EQ(parse_role(text), std::nullopt) << text;
  }
}

TEST(Staff, RanksOrderPowers) {
  EXPECT_GT(rank(Role::Coordinator), rank(Role::Counsellor));
  EXPECT_GT(rank(Role::Counsellor), rank(Role::Editor));
  EXPECT_EQ(rank(Role::Editor), rank(Role::Finance));
  EXPECT_GT(rank(Role::Finance), rank(Role::Viewer));
}

TEST(Staff, WhatCountsAsARaise) {
  struct Row {
    std::optional<Role> from;
    Role to;
    bool want;
  };
  Row const rows[] = {
      {std::nullopt, Role::Viewer, true},  // joining grants powers
      {Role::Viewer, Role::Viewer, false},
      {Role::Viewer, Role::Coordinator, true},
      {Role::Counsellor, Role::Coordinator, true},
      {Role::Editor, Role::Finance, true},  // sideways: different powers
      {Role::Finance, Role::Editor, true},
      {Role::Coordinator, Role::Counsellor, false},
      {Role::Coordinator, Role::Viewer, false},
      {Role::Counsellor, Role::Editor, false},
      {Role::Finance, Role::Viewer, false},
  };
  for (auto const& row : rows) {
    EXPECT_EQ(is_raise(row.from, row.to), row.want)
        << (row.from ? to_string(*row.from) : "none") << " -> " << to_string(row.to);
  }
}

}  // namespace
}  // namespace haven::domain
