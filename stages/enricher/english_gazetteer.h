// Compact tables of well-known English names for the English entity rules
// (english_names.h): places (countries, capitals and major cities, US
// states, UK nations and regions, continents), a few organisations known
// by a bare name (parties, companies, bodies), and all-capital words that
// are not organisations (GDP, CEO, DVD). Immutable; thread-safe.
#pragma once

#include <string_view>

namespace ink::enricher {

// Most words in a name of the tables ("Saint Vincent and the Grenadines").
inline constexpr size_t kMaxGazetteerWords = 6;

// The canonical name of the place written `name` (words separated by one
// space, possessive removed: "UK", "U.S.", "New York"), or "" if the table
// does not know it. Aliases share a canonical name (UK, U.K., Britain ->
// United Kingdom).
std::string_view KnownPlace(std::string_view name);

// The canonical name of an organisation written `name` ("Tories" ->
// Conservative Party, "Nato" -> NATO), or "" if the table does not know it.
std::string_view KnownOrganization(std::string_view name);

// True if `word`, written in capitals, is a common abbreviation that names
// no organisation (GDP, CEO, MPs, DVD, Roman numerals).
bool IsCommonAcronym(std::string_view word);

}  // namespace ink::enricher
