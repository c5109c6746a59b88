// Lower-case hexadecimal encoding, used for random ids and digests in text form.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace haven {

std::string to_hex(std::span<std::uint8_t const> bytes);
// nullopt unless `text` is an even number of hex digits (either case).
std::optional<std::vector<std::uint8_t>> from_hex(std::string_view text);
bool is_lower_hex(std::string_view text);
// The value of one hex digit (either case), or -1 for any other character.
int hex_digit_value(char c);

}  // namespace haven
