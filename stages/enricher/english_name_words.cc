#include "stages/enricher/english_name_words.h"

#include <algorithm>
#include <initializer_list>

namespace ink::enricher {
namespace {

bool OneOf(std::string_view s, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), s) != set.end();
}

}  // namespace

bool IsTitle(std::string_view w) {
  // The short titles, and those that also start common names (General
  // Motors, Leader of the House).
  return IsShortTitle(w) ||
         OneOf(w, {"Chairman", "Chairwoman", "Coach", "Captain", "Capt",
                   "General", "Gen", "Colonel", "Col", "Lieutenant", "Justice",
                   "Speaker", "Leader", "Director", "Executive"});
}

bool IsTitleModifier(std::string_view w) {
  return OneOf(w,
               {"Vice",        "Deputy",    "Shadow",   "Prime",    "Foreign",
                "Home",        "Chief",     "Attorney", "Health",   "Defence",
                "Defense",     "Education", "Culture",  "Trade",    "Transport",
                "Environment", "Interior",  "Finance",  "Economy",  "Industry",
                "Treasury",    "State",     "Works",    "Pensions", "Energy",
                "Sports",      "Lord"});
}

bool IsShortTitle(std::string_view w) {
  return OneOf(
      w, {"Mr",        "Mrs",        "Ms",           "Miss",      "Dr",
          "Sir",       "Dame",       "Lord",         "Lady",      "Baroness",
          "President", "Senator",    "Sen",          "Rep",       "Governor",
          "Gov",       "Mayor",      "Chancellor",   "Minister",  "Secretary",
          "Professor", "Prof",       "Pope",         "King",      "Queen",
          "Prince",    "Princess",   "Archbishop",   "Bishop",    "Rev",
          "Reverend",  "Ambassador", "Commissioner", "Inspector", "Detective",
          "Sergeant",  "Sgt",        "Premier",      "Judge"});
}

bool IsRole(std::string_view w) {
  return OneOf(w, {"spokesman",    "spokeswoman",    "spokesperson",
                   "chairman",     "chairwoman",     "chief",
                   "executive",    "director",       "leader",
                   "secretary",    "minister",       "chancellor",
                   "president",    "manager",        "coach",
                   "boss",         "head",           "founder",
                   "analyst",      "economist",      "professor",
                   "lecturer",     "author",         "writer",
                   "novelist",     "singer",         "actor",
                   "actress",      "star",           "striker",
                   "midfielder",   "defender",       "goalkeeper",
                   "captain",      "winger",         "batsman",
                   "bowler",       "skipper",        "deputy",
                   "candidate",    "campaigner",     "lawyer",
                   "prosecutor",   "detective",      "producer",
                   "presenter",    "journalist",     "correspondent",
                   "editor",       "reporter",       "designer",
                   "researcher",   "scientist",      "comedian",
                   "musician",     "rapper",         "guitarist",
                   "drummer",      "frontman",       "film-maker",
                   "filmmaker",    "premier",        "governor",
                   "mayor",        "senator",        "owner",
                   "commissioner", "vice-president", "chief-executive",
                   "spokesmen",    "champion",       "player",
                   "ambassador",   "envoy",          "veteran",
                   "chairperson",  "adviser",        "advisor",
                   "officer",      "inspector",      "conductor",
                   "composer",     "architect",      "artist",
                   "photographer", "chef",           "boxer",
                   "golfer",       "sprinter",       "athlete",
                   "cyclist",      "jockey",         "trainer",
                   "referee",      "pianist",        "poet",
                   "playwright",   "historian",      "entrepreneur",
                   "tycoon",       "businessman",    "businesswoman",
                   "banker",       "investor",       "activist",
                   "priest",       "cardinal",       "coordinator",
                   "painter",      "sculptor",       "broadcaster"});
}

bool IsSpeech(std::string_view w) {
  return OneOf(w, {"said",    "says",     "told",     "added",     "admitted",
                   "argued",  "warned",   "wrote",    "explained", "insisted",
                   "claimed", "believes", "thinks",   "stressed",  "urged",
                   "asked",   "replied",  "revealed", "confirmed", "denied"});
}

bool IsOrgSuffix(std::string_view w) {
  return OneOf(w, {"Inc",
                   "Corp",
                   "Corporation",
                   "Co",
                   "Ltd",
                   "Limited",
                   "plc",
                   "PLC",
                   "LLC",
                   "AG",
                   "GmbH",
                   "Group",
                   "Holdings",
                   "Bank",
                   "Ministry",
                   "Department",
                   "Party",
                   "University",
                   "College",
                   "School",
                   "Academy",
                   "Council",
                   "Commission",
                   "Committee",
                   "Agency",
                   "Association",
                   "Federation",
                   "Confederation",
                   "Union",
                   "League",
                   "Society",
                   "Institute",
                   "Institution",
                   "Foundation",
                   "Trust",
                   "Fund",
                   "Organisation",
                   "Organization",
                   "Authority",
                   "Board",
                   "Bureau",
                   "Office",
                   "Service",
                   "Services",
                   "Police",
                   "Army",
                   "Navy",
                   "Force",
                   "Forces",
                   "Corps",
                   "Court",
                   "Tribunal",
                   "Parliament",
                   "Assembly",
                   "Senate",
                   "Congress",
                   "Company",
                   "Airlines",
                   "Airways",
                   "Motors",
                   "Industries",
                   "Systems",
                   "Technologies",
                   "Networks",
                   "Communications",
                   "Telecom",
                   "Entertainment",
                   "Studios",
                   "Pictures",
                   "Records",
                   "Broadcasting",
                   "Press",
                   "Times",
                   "Post",
                   "Journal",
                   "Herald",
                   "Telegraph",
                   "News",
                   "Club",
                   "FC",
                   "United",
                   "Rovers",
                   "Athletic",
                   "Wanderers",
                   "Hotspur",
                   "Albion",
                   "Exchange",
                   "Reserve",
                   "Hospital",
                   "Museum",
                   "Gallery",
                   "Orchestra",
                   "Church",
                   "Commons",
                   "Executive",
                   "Cabinet",
                   "Government",
                   "Treasury",
                   "Railways",
                   "Electronics"});
}

bool IsOrgHead(std::string_view w) {
  return OneOf(w, {"Bank",      "Ministry",    "Department",   "University",
                   "Institute", "Association", "Federation",   "Confederation",
                   "Chamber",   "Chambers",    "Council",      "Commission",
                   "Office",    "Society",     "Organisation", "Organization",
                   "Church",    "College",     "Academy",      "School",
                   "Museum",    "Union",       "League",       "Bureau",
                   "Board",     "Court",       "Agency",       "Fund",
                   "Committee", "Party",       "Centre",       "Center",
                   "Royal",     "Friends",     "Federal"});
}

bool IsNotPersonWord(std::string_view w) {
  return OneOf(
      w, {"Street",   "Road",         "Avenue",        "Lane",       "Square",
          "Yard",     "House",        "Hall",          "Park",       "Bridge",
          "Palace",   "Castle",       "Island",        "Islands",    "River",
          "Lake",     "Valley",       "Airport",       "Station",    "Stadium",
          "Arena",    "Cup",          "Games",         "League",     "Awards",
          "Festival", "Day",          "Week",          "Year",       "Online",
          "Magazine", "Daily",        "Weekly",        "Show",       "Series",
          "Prize",    "Championship", "Championships", "Open",       "Tour",
          "Grand",    "Act",          "Bill",          "Treaty",     "War",
          "God",      "Christmas",    "Easter",        "English",    "British",
          "American", "French",       "German",        "European",   "Chinese",
          "Japanese", "Russian",      "Indian",        "Scottish",   "Irish",
          "Welsh",    "Italian",      "Spanish",       "Government", "Internet",
          "Web",      "Net"});
}

bool IsWeekday(std::string_view w) {
  return OneOf(w, {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                   "Saturday", "Sunday"});
}
bool IsMonth(std::string_view w) {
  return OneOf(w,
               {"January", "February", "March", "April", "May", "June", "July",
                "August", "September", "October", "November", "December"});
}

bool IsConnector(std::string_view w) {
  return OneOf(w, {"of", "for", "de", "du", "da", "del", "van", "von", "der",
                   "bin", "al", "le", "la", "&"});
}

bool IsOpener(std::string_view w) {
  return OneOf(w,
               {"However",   "Meanwhile", "Last",      "Former",   "Many",
                "Several",   "Other",     "Most",      "Both",     "Each",
                "Every",     "Such",      "Even",      "Still",    "Despite",
                "Although",  "Yet",       "Now",       "Then",     "Also",
                "Further",   "Earlier",   "Later",     "Today",    "Yesterday",
                "Tomorrow",  "Like",      "Unlike",    "Among",    "Without",
                "Within",    "Under",     "Following", "During",   "Speaking",
                "Asked",     "Whether",   "Where",     "What",     "Why",
                "How",       "Who",       "Which",     "Recently", "Previously",
                "Currently", "Instead",   "Indeed",    "Perhaps",  "Overall",
                "Nearly",    "Almost",    "About",     "Around",   "Only",
                "Just",      "Next",      "New",       "Because",  "Can",
                "Could",     "Should",    "Would",     "Our",      "Your",
                "Here",      "There",     "This",      "These",    "Those",
                "That"});
}

bool IsInstitutionSuffix(std::string_view w) {
  return OneOf(
      w, {"University", "College",    "Academy",     "School",     "Bank",
          "Inc",        "Corp",       "Corporation", "Ltd",        "Limited",
          "plc",        "PLC",        "LLC",         "AG",         "GmbH",
          "Party",      "Ministry",   "Council",     "Commission", "Agency",
          "Institute",  "Foundation", "FC"});
}

bool IsClubPrefix(std::string_view w) {
  return OneOf(w, {"Real",     "Atletico",  "Inter",     "AC",        "Bayern",
                   "Borussia", "Sporting",  "Dynamo",    "Dinamo",    "Spartak",
                   "CSKA",     "Lokomotiv", "Olympique", "Hertha",    "Werder",
                   "Bayer",    "Eintracht", "Racing",    "Deportivo", "Steaua",
                   "Ajax"});
}

bool IsClubSuffix(std::string_view w) {
  return OneOf(w, {"United", "City", "Rovers", "Athletic", "Wanderers",
                   "Albion", "Hotspur", "Rangers", "Villa", "Thistle", "Argyle",
                   "Orient", "Alexandra", "Celtic", "FC", "AFC"});
}

bool IsSportRole(std::string_view w) {
  return OneOf(w, {"striker", "midfielder", "defender", "goalkeeper", "keeper",
                   "winger", "skipper", "captain", "boss", "manager", "coach",
                   "full-back", "centre-back", "fly-half", "scrum-half",
                   "batsman", "bowler", "fans", "supporters"});
}

bool IsWebHeadingWord(std::string_view w) {
  return OneOf(
      w,
      {"Related",   "Topics",      "Topic",       "Share",    "This",
       "Page",      "Most",        "Read",        "Popular",  "Latest",
       "News",      "Top",         "Stories",     "Story",    "More",
       "From",      "Follow",      "Us",          "Sign",     "Up",
       "Subscribe", "Newsletter",  "Newsletters", "Comments", "Comment",
       "Contact",   "Privacy",     "Policy",      "Terms",    "Cookies",
       "Cookie",    "Help",        "Menu",        "Search",   "Video",
       "Videos",    "Watch",       "Listen",      "Live",     "Updates",
       "Trending",  "Recommended", "Features",    "Sections", "Section",
       "Links",     "Tags",        "Categories",  "Archive",  "Advertisement",
       "Sponsored", "Content",     "Back",        "Next",     "Previous",
       "Print",     "Email",       "Skip",        "Main",     "Site",
       "Map",       "Feedback",    "Login",       "Register", "Account",
       "Articles",  "Article",     "Headlines",   "See",      "Also",
       "You",       "May",         "Like",        "Editor's", "Picks",
       "Explore",   "Breaking",    "Services",    "Service",  "Use",
       "Of",        "And",         "On",          "Our",      "Your"});
}

}  // namespace ink::enricher
