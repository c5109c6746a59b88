// Contact handles as people type them, turned into one canonical form each, so the same
// number or address always gives the same keyed hash (DESIGN.md §3: "this number called
// before" without storing it). Phones through libphonenumber, confined to this module.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "domain/person.h"
#include "vault/keyed_hash.h"
#include "vault/secret_bytes.h"

namespace haven::app {

// The most bytes of raw input looked at; anything longer is refused before parsing.
inline constexpr std::size_t kMaxRawHandleBytes = 256;

// The canonical form of `raw` as a handle of `kind`, or InvalidInput with a message for the
// person who typed it (never echoing the value):
//  - Phone: E.164 ("+79991234567") via libphonenumber; a number without "+" or an
//    international prefix ("00", "810", …) is read as a number of `default_region` (the
//    organisation's ISO 3166-1 country, "8 (999) …" with "RU"); a number libphonenumber does
//    not hold valid (wrong length, unassigned range) is refused.
//  - Email: trimmed, lower-cased, shaped like an address (normalise_staff_email's rules).
//  - Telegram: an optional leading "@" or "t.me/" link stripped, lower-cased, 5..32 of
//    [a-z0-9_] starting with a letter.
//  - Signal: a phone number (as Phone) when it starts with "+" or holds only digits and
//    phone punctuation, otherwise a username: optional "@" stripped, lower-cased,
//    "nickname.NN" with a nickname of 3..32 of [a-z0-9_] not starting with a digit and a
//    discriminator of 2..9 digits ("00" and longer ones with a leading zero refused).
// Surrounding white space is ignored for every kind. Thread-safe.
Result<std::string> normalise_handle(domain::ContactKind kind, std::string_view raw,
                                     std::string_view default_region);

// The key under which a normalised handle is hashed. A Signal handle that is a phone number
// hashes as a Phone, so a call from the number someone used on Signal shows as "contacted
// us before" too; Signal usernames keep their own kind.
vault::HandleKind hash_kind(domain::ContactKind kind, std::string_view normalised);

// vault::handle_hash of a normalised handle under hash_kind.
Result<vault::HandleHash> hash_handle(vault::SecretBytes const& pepper, domain::ContactKind kind,
                                      std::string_view normalised);

// How a normalised handle is shown: phones in international format ("+7 999 123-45-67"),
// Telegram names with "@", everything else as stored.
std::string display_handle(domain::ContactKind kind, std::string_view normalised);

}  // namespace haven::app
