// The word lists of the English name rules (english_names.h): titles,
// roles, verbs of speech, the words that end or start organisation names,
// and the capitalised words that open sentences rather than names. Each
// predicate takes one word as written (case matters) and says whether it
// is in its list. Immutable; thread-safe.
#pragma once

#include <string_view>

namespace ink::enricher {

// Titles before a name (Mr, President, Secretary). A title on its own (the
// Chancellor said) names no one: a name must follow it.
bool IsTitle(std::string_view w);

// Words that make a title of the title after them (Home Secretary, Prime
// Minister, Deputy Leader) and are none alone (Home Gym Setup).
bool IsTitleModifier(std::string_view w);

// Titles that may stand before a single name (Mr Blair); the others, which
// also start common names (General Motors, Leader of the House), need a
// first name and a surname after them.
bool IsShortTitle(std::string_view w);

// Lower-case words that name a role just before a name (chief executive
// Terry Leahy) or after ", the" (Patricia Hewitt, the trade secretary).
bool IsRole(std::string_view w);

// Verbs of speech after or before a person's name (Ann Lee said).
bool IsSpeech(std::string_view w);

// Last words of organisation names (Inc, Bank, Party, United).
bool IsOrgSuffix(std::string_view w);

// Words that start an organisation name before "of"/"for" (Bank of
// England, Department for Education, Chambers of Commerce).
bool IsOrgHead(std::string_view w);

// Last words of names of other things (streets, buildings, events) that
// a cue like "said" would otherwise take for a person.
bool IsNotPersonWord(std::string_view w);

// Monday ... Sunday.
bool IsWeekday(std::string_view w);

// January ... December.
bool IsMonth(std::string_view w);

// Lower-case words that may join capitalised words of one name (Bank of
// England, Jaap de Hoop Scheffer).
bool IsConnector(std::string_view w);

// Capitalised words that open sentences rather than names (However,
// Former, This); with the stop words (But, The, May), they start no name
// but may continue one (Theresa May).
bool IsOpener(std::string_view w);

// Last words of organisation names that name an institution whatever
// comes before them (Academy, University, Bank, Inc, Party), unlike
// Services, Systems or News: a subset of IsOrgSuffix().
bool IsInstitutionSuffix(std::string_view w);

// Words before a city's name that make a sports club of it (Real Madrid,
// Bayern Munich, AC Milan).
bool IsClubPrefix(std::string_view w);

// Words after a city's name that make a sports club of it (Manchester
// United, Aston Villa, Bristol City).
bool IsClubSuffix(std::string_view w);

// Lower-case roles in a sports team that, between a place and a name
// (Liverpool striker Djibril Cisse, England coach Sven-Goran Eriksson),
// make a team of the place.
bool IsSportRole(std::string_view w);

// Capitalised words of a web page's headings and section labels (Related
// Topics, Share This Page, Most Read, Latest News): a run made of these
// alone names nothing.
bool IsWebHeadingWord(std::string_view w);

}  // namespace ink::enricher
