#include "stages/enricher/english_names.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "stages/enricher/english_gazetteer.h"
#include "stages/enricher/english_name_words.h"
#include "stages/enricher/field_tokens.h"

namespace ink::enricher {
namespace {

using Words = std::vector<const v1::Token*>;

bool OneOf(std::string_view s, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), s) != set.end();
}

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }

// A word written like a name: a capital, then small letters, with an
// apostrophe or an inner capital after Mc/Mac/O' (McDonald, O'Neill), and
// hyphenated parts each written so (Smith-Jones).
bool NameShaped(std::string_view w) {
  if (w.size() < 2) return false;
  size_t part = 0;
  for (size_t i = 0; i < w.size(); ++i) {
    char c = w[i];
    if (i == part) {
      if (!IsUpper(c)) return false;
      continue;
    }
    if (c == '-') {
      if (i + 1 >= w.size()) return false;
      part = i + 1;
      continue;
    }
    if (c == '\'' && i + 1 < w.size() && IsUpper(w[i + 1])) {
      ++i;  // O'Neill
      continue;
    }
    if (IsUpper(c)) {
      std::string_view before = w.substr(part, i - part);
      if (before != "Mc" && before != "Mac" && before != "De" &&
          before != "Di" && before != "La" && before != "Le") {
        return false;
      }
      continue;
    }
    if (!IsLower(c) && c != '\'') return false;
  }
  return true;
}

// An initial: one capital, perhaps with its full stop (George W. Bush).
bool IsInitial(std::string_view w) {
  return (w.size() == 1 && IsUpper(w[0])) ||
         (w.size() == 2 && IsUpper(w[0]) && w[1] == '.');
}

// Lower-case form of an ASCII word.
std::string Lower(std::string_view w) {
  std::string s(w);
  for (char& c : s) {
    if (IsUpper(c)) c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

// Capitals with full stops between them, the last one's still to come:
// "W", "U.S" (of W., U.S.).
bool DottedCapitals(std::string_view w) {
  if (w.empty() || w.size() % 2 == 0) return false;
  for (size_t i = 0; i < w.size(); ++i) {
    if (i % 2 == 0 ? !IsUpper(w[i]) : w[i] != '.') return false;
  }
  return true;
}

// Capitals only, 2-6 letters, or dotted capitals (U.N.).
bool IsAcronym(std::string_view w) {
  size_t letters = 0;
  bool dotted = false;
  for (size_t i = 0; i < w.size(); ++i) {
    if (IsUpper(w[i])) {
      ++letters;
    } else if (w[i] == '.' && i > 0 && IsUpper(w[i - 1])) {
      dotted = true;
    } else if (!(w[i] == 's' && i + 1 == w.size() && letters >= 2)) {
      return false;  // Only a plural s (MPs) may be small.
    }
  }
  if (dotted) return letters >= 2 && w.back() == '.';
  return letters >= 2 && letters <= 6 && w.back() != 's';
}

// One English word after joining: a token, or tokens written without a
// space (Coca-Cola, U.S.), without a possessive 's.
struct Word {
  std::string_view text;
  uint32_t begin = 0, end = 0;  // Code points; end before the 's.
  bool possessive = false;
  bool joined = false;      // The next word follows after one space.
  bool capital = false;     // Starts with a capital.
  std::string_view before;  // The punctuation token right before, if any.
  std::string_view after;   // The punctuation token right after, if any.
  bool taken = false;       // Part of a mention already.
  bool opener = false;      // A capitalised function word (But, May, The).
  bool stop = false;        // A stop word.
  bool sentence_start = false;
};

std::vector<Word> JoinWords(const CodePoints& cps, const Words& tokens,
                            const CharSpans& spans) {
  std::vector<Word> out;
  std::string_view punct_before;
  uint32_t last_end = 0;
  bool last_was_word = false;
  // Tokens are in order of offsets: each span's are found by bisection,
  // the others never looked at.
  size_t span = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const v1::Token& t = *tokens[i];
    if (t.char_begin() < spans[span].first ||
        t.char_end() > spans[span].second) {
      last_was_word = false;
      punct_before = {};
      if (t.char_end() > spans[span].second && ++span == spans.size()) break;
      const uint32_t next = spans[span].first;
      i = static_cast<size_t>(
              std::partition_point(
                  tokens.begin() + i, tokens.end(),
                  [&](const v1::Token* x) { return x->char_begin() < next; }) -
              tokens.begin()) -
          1;
      continue;
    }
    const std::string_view text = t.text();
    // "&" between spaces joins two words of a name (Marks & Spencer).
    const bool ampersand = text == "&" && last_was_word &&
                           cps.at(t.char_begin() - 1) == ' ' &&
                           cps.at(t.char_end()) == ' ';
    const bool latin =
        ampersand ||
        (!text.empty() && static_cast<unsigned char>(text[0]) < 0x80 &&
         (IsUpper(text[0]) || IsLower(text[0])));
    if (!latin) {
      // A hyphen or a full stop inside a word joins it to the next:
      // Coca-Cola, U.S., W. (kept when a capital follows directly).
      bool inner = last_was_word && !out.empty() &&
                   t.char_begin() == last_end && i + 1 < tokens.size() &&
                   tokens[i + 1]->char_begin() == t.char_end();
      if (inner && (text == "-" || text == "'" || text == "’" || text == "&") &&
          !out.back().possessive) {
        out.back().end = t.char_end();
        last_end = t.char_end();
        out.back().text = cps.Sub(out.back().begin, out.back().end);
        last_was_word = true;
        continue;  // The next word continues this one.
      }
      if (text == "." && last_was_word && !out.empty() &&
          t.char_begin() == last_end && DottedCapitals(out.back().text) &&
          !out.back().possessive) {
        out.back().end = t.char_end();
        out.back().text = cps.Sub(out.back().begin, out.back().end);
        last_end = t.char_end();
        // U.S.: the next letter continues the word.
        last_was_word = true;
        continue;
      }
      if (!out.empty() && out.back().after.empty() && last_was_word) {
        out.back().after = text;
      }
      punct_before = text;
      last_was_word = false;
      continue;
    }
    // A Latin word right after a joining hyphen or initial's stop extends
    // the last word.
    if (last_was_word && !out.empty() && t.char_begin() == last_end &&
        (out.back().text.back() == '-' || out.back().text.back() == '\'' ||
         out.back().text.back() == '&' ||
         (out.back().text.back() == '.' && text.size() == 1 &&
          IsUpper(text[0])))) {
      out.back().end = t.char_end();
      out.back().text = cps.Sub(out.back().begin, out.back().end);
      last_end = t.char_end();
      continue;
    }
    if (last_was_word && !out.empty()) {
      out.back().joined = t.char_begin() == out.back().end + 1 &&
                          cps.at(out.back().end) == ' ' &&
                          !out.back().possessive;
    }
    Word w;
    w.begin = t.char_begin();
    w.end = t.char_end();
    w.before = punct_before;
    w.stop = t.stop();
    // After sentence punctuation or a line break, or first of its span.
    w.sentence_start = out.empty() || !last_was_word || punct_before == "." ||
                       punct_before == "!" || punct_before == "?" ||
                       punct_before == ":" || punct_before == "\"" ||
                       punct_before == "“";
    if (!w.sentence_start && w.begin > 0) {
      for (uint32_t k = out.back().end; k < w.begin; ++k) {
        if (cps.at(k) == '\n') w.sentence_start = true;
      }
    }
    // Both apostrophes: 's is two code points either way.
    for (std::string_view s : {"'s", "’s"}) {
      if (text.size() > s.size() + 1 && text.ends_with(s)) {
        w.possessive = true;
        w.end -= 2;
        break;
      }
    }
    w.text = cps.Sub(w.begin, w.end);
    w.capital = IsUpper(w.text[0]);
    w.opener =
        w.capital && !IsAcronym(w.text) && (t.stop() || IsOpener(w.text));
    out.push_back(w);
    punct_before = {};
    last_end = t.char_end();
    last_was_word = true;
  }
  return out;
}

// "Ann Lee" of words [b, e), joined by single spaces.
std::string Joined(const std::vector<Word>& words, size_t b, size_t e) {
  std::string s;
  for (size_t k = b; k < e; ++k) {
    if (k > b) s += ' ';
    s += words[k].text;
  }
  return s;
}

// True if words [b, e) are written on one line, one space apart.
bool Contiguous(const std::vector<Word>& words, size_t b, size_t e) {
  for (size_t k = b; k + 1 < e; ++k) {
    if (!words[k].joined) return false;
  }
  return true;
}

// A run of capitalised words: [begin, end) word indexes.
struct Run {
  size_t begin, end;
};

// The longest known place or organisation of at most kMaxGazetteerWords
// words starting at `b` (inside [b, limit) for words joined by spaces):
// its word count, or 0.
size_t KnownAt(const std::vector<Word>& words, size_t b, size_t limit,
               std::string_view* place, std::string_view* org) {
  std::string name;
  size_t best = 0;
  for (size_t e = b; e < limit && e - b < kMaxGazetteerWords; ++e) {
    if (e > b) {
      if (!words[e - 1].joined) break;
      name += ' ';
    }
    name += words[e].text;
    if (!words[e].capital) continue;
    std::string_view p = KnownPlace(name), o = KnownOrganization(name);
    if (!p.empty() || !o.empty()) {
      best = e + 1 - b;
      *place = p;
      *org = o;
    }
    if (words[e].possessive) break;
  }
  return best;
}

// Capitalised runs: capitalised words one space apart, with connectors
// (Bank of England) and the small words of a known name (Trinidad and
// Tobago) inside; a possessive ends a run.
std::vector<Run> FindRuns(const std::vector<Word>& words) {
  std::vector<Run> runs;
  for (size_t i = 0; i < words.size();) {
    if (!words[i].capital) {
      ++i;
      continue;
    }
    size_t e = i;
    if (words[i].opener) {
      // New York is known; New Labour is not.
      std::string_view place, org;
      if (KnownAt(words, i, words.size(), &place, &org) == 0) {
        ++i;
        continue;
      }
    }
    while (true) {
      std::string_view place, org;
      size_t known = KnownAt(words, e, words.size(), &place, &org);
      e += known > 0 ? known : 1;
      if (words[e - 1].possessive || !words[e - 1].joined ||
          e >= words.size()) {
        break;
      }
      // In the U.S. The ...: a sentence, not a name, goes on.
      if (words[e].capital &&
          !(words[e].opener && words[e - 1].text.back() == '.')) {
        continue;
      }
      // A connector between two capitalised words.
      if (IsConnector(words[e].text) && e + 1 < words.size() &&
          words[e].joined && words[e + 1].capital) {
        ++e;
        continue;
      }
      break;
    }
    runs.push_back({i, e});
    i = e;
  }
  return runs;
}

// True if the words [b, e) can be a person's name: 1-3 name words, an
// initial inside, nothing known as another thing.
bool PersonWords(const std::vector<Word>& words, size_t b, size_t e,
                 size_t min_names) {
  size_t names = 0;
  for (size_t k = b; k < e; ++k) {
    std::string_view w = words[k].text;
    if (IsInitial(w) && k > b && k + 1 < e) continue;
    // Jaap de Hoop Scheffer
    if (IsConnector(w) && k > b && k + 1 < e && w != "of" && w != "for" &&
        w != "on") {
      continue;
    }
    if (!NameShaped(w) || IsTitle(w) || IsTitleModifier(w) || IsWeekday(w) ||
        IsOrgSuffix(w) || IsNotPersonWord(w) || (IsMonth(w) && k == b) ||
        !KnownPlace(w).empty() || !KnownOrganization(w).empty()) {
      return false;
    }
    ++names;
  }
  return names >= min_names && names <= 4 && Contiguous(words, b, e);
}

// The grouping key of a person's name: without initials.
std::string PersonKey(const std::vector<Word>& words, size_t b, size_t e) {
  std::string s;
  for (size_t k = b; k < e; ++k) {
    if (IsInitial(words[k].text) && e - b > 1) continue;
    if (!s.empty()) s += ' ';
    s += words[k].text;
  }
  return s;
}

// True if most words of the sentence around `i` are written in capitals
// (a headline): abbreviations there say nothing.
bool ShoutedSentence(const std::vector<Word>& words, size_t i) {
  size_t b = i, e = i + 1;
  while (b > 0 && words[b - 1].after.empty() && words[b].before.empty()) --b;
  while (e < words.size() && words[e - 1].after.empty() &&
         words[e].before.empty()) {
    ++e;
  }
  size_t caps = 0;
  for (size_t k = b; k < e; ++k) caps += IsAcronym(words[k].text);
  return e - b >= 3 && caps * 2 > e - b;
}

class Finder {
 public:
  Finder(const CodePoints& cps, std::vector<Word> words)
      : cps_(cps), words_(std::move(words)) {}

  std::vector<Mention> Find() {
    FindActingAcronyms();
    const std::vector<Run> runs = FindRuns(words_);
    for (const Run& r : runs) Classify(r);
    ConfirmFullNames(runs);
    // Names found anywhere count wherever written.
    for (const Run& r : runs) Repeat(r);
    FindTeams();
    LinkAcronyms();
    return std::move(out_);
  }

 private:
  void Emit(std::string type, size_t b, size_t e, std::string normalized) {
    Mention m;
    m.type = std::move(type);
    m.char_begin = words_[b].begin;
    m.char_end = words_[e - 1].end;
    m.text = std::string(cps_.Sub(m.char_begin, m.char_end));
    m.normalized = std::move(normalized);
    for (size_t k = b; k < e; ++k) words_[k].taken = true;
    out_.push_back(std::move(m));
  }

  void EmitPerson(size_t b, size_t e) {
    std::string key = PersonKey(words_, b, e);
    if (e - b > 1) full_names_.insert(key);
    Emit("person", b, e, std::move(key));
  }

  // Known places and organisations, and abbreviations, covering all of
  // [b, e) but for title words: "US", "Labour MP". True if any.
  bool EmitKnown(size_t b, size_t e) {
    std::vector<std::pair<size_t, size_t>> pieces;
    std::vector<std::pair<std::string, std::string>> kinds;
    for (size_t k = b; k < e;) {
      std::string_view place, org;
      size_t n = KnownAt(words_, k, e, &place, &org);
      std::string_view w = words_[k].text;
      if (n > 0) {
        pieces.push_back({k, k + n});
        kinds.push_back(!org.empty() ? std::pair<std::string, std::string>(
                                           "organization", std::string(org))
                                     : std::pair<std::string, std::string>(
                                           "place", std::string(place)));
        k += n;
      } else if (IsAcronym(w) && acting_.count(std::string(w)) > 0 &&
                 !IsCommonAcronym(w) && !ShoutedSentence(words_, k) &&
                 pieces.empty()) {
        // After a name it names a product (Nintendo DS, Sony PSP).
        pieces.push_back({k, k + 1});
        std::string key(w);
        key.erase(std::remove(key.begin(), key.end(), '.'), key.end());
        kinds.push_back({"organization", key});
        ++k;
      } else if (IsTitle(w) || IsTitleModifier(w) || IsCommonAcronym(w)) {
        ++k;  // Labour MP, US President
      } else {
        return false;  // Part of a longer, unknown name (London Zoo).
      }
    }
    for (size_t p = 0; p < pieces.size(); ++p) {
      Emit(kinds[p].first, pieces[p].first, pieces[p].second, kinds[p].second);
    }
    return !pieces.empty();
  }

  void Classify(const Run& r) {
    const size_t b = r.begin, e = r.end;
    const Word& last = words_[e - 1];
    // The whole run known (Soviet Union is a place, not a union).
    {
      std::string_view place, org;
      if (KnownAt(words_, b, e, &place, &org) == e - b) {
        EmitKnown(b, e);
        return;
      }
    }
    // Words of a web page's headings and labels only (Related Topics,
    // Latest News): no name.
    if (HeadingWords(b, e)) return;
    // A city with a club's word before or after it (Real Madrid,
    // Manchester United): a sports club, not a place.
    if (ClubName(b, e)) {
      Emit("organization", b, e, Joined(words_, b, e));
      return;
    }
    // A line of its own is a heading (Longevity & Healthy Aging, Event
    // Management Systems, DNS Service): its last word or an ampersand names
    // no organisation.
    // Short names of institutions stay (Khan Academy, Open University).
    if (e - b >= 2 && WholeLine(b, e) &&
        !(e - b <= 3 && IsInstitutionSuffix(last.text))) {
      return;
    }
    // Organisations by their last word, an ampersand (Procter & Gamble) or
    // a head before "of".
    for (size_t k = b + 1; k + 1 < e; ++k) {
      if (words_[k].text == "&") {
        Emit("organization", b, e, Joined(words_, b, e));
        return;
      }
    }
    if (e - b >= 2 && IsOrgSuffix(last.text) && !IsTitle(words_[b].text)) {
      // Securities and Exchange Commission: the words before "and" too.
      size_t first = b;
      if (b >= 2 && words_[b - 1].text == "and" && words_[b - 1].joined &&
          words_[b - 2].joined && words_[b - 2].capital &&
          !words_[b - 2].taken && words_[b].before.empty()) {
        first = b - 2;
        while (first > 0 && words_[first - 1].joined &&
               words_[first - 1].capital && !words_[first - 1].taken &&
               !words_[first - 1].opener && words_[first].before.empty()) {
          --first;
        }
        for (const Mention& m : out_) {
          if (m.char_end > words_[first].begin && m.char_begin < last.end) {
            first = b;  // Already another name.
          }
        }
      }
      Emit("organization", first, e, Joined(words_, first, e));
      return;
    }
    for (size_t k = b; k + 2 < e; ++k) {
      if (IsOrgHead(words_[k].text) &&
          OneOf(words_[k + 1].text, {"of", "for"})) {
        Emit("organization", b, e, Joined(words_, b, e));
        return;
      }
    }
    // A title, then the name: the last title word of the run.
    size_t t = e;
    for (size_t k = e; k > b; --k) {
      if (IsTitle(words_[k - 1].text)) {
        t = k - 1;
        break;
      }
    }
    if (t + 1 < e) {
      const bool short_title = IsShortTitle(words_[t].text) ||
                               (words_[t].text == "Executive" && t > b &&
                                words_[t - 1].text == "Chief");
      // A heading's capitals (Project Director Salary Guide) are no cue.
      if (PersonWords(words_, t + 1, e, short_title ? 1 : 2) &&
          (short_title || !TitleCased(t))) {
        EmitPerson(t + 1, e);
        // Before the title: a place or organisation (US President ...).
        size_t p = t;
        while (p > b && (IsTitle(words_[p - 1].text) ||
                         IsTitleModifier(words_[p - 1].text))) {
          --p;
        }
        if (p > b) EmitKnown(b, p);
        return;
      }
    }
    if (EmitKnown(b, e)) return;
    // A person by a cue around an unknown name of two or three words; a
    // capitalised role opening the sentence is one (Novelist Arthur Hailey).
    if (e - b >= 3 && IsRole(Lower(words_[b].text)) &&
        PersonWords(words_, b + 1, e, 2) && !NotPerson(b + 1, e)) {
      EmitPerson(b + 1, e);
      return;
    }
    if (PersonWords(words_, b, e, 2) && !TitleCased(b) && PersonCue(b, e) &&
        !NotPerson(b, e)) {
      EmitPerson(b, e);
      return;
    }
    // A capitalised word opening the sentence may be no part of the name
    // after it (Rival Sony said).
    if (e - b >= 2 && words_[b].sentence_start && !IsTitle(words_[b].text) &&
        !IsAcronym(words_[b].text)) {
      Classify({b + 1, e});
    }
  }

  // True if the capitalised words of [b, e) are all words of a web page's
  // headings (Share This Page, Terms of Use).
  bool HeadingWords(size_t b, size_t e) const {
    for (size_t k = b; k < e; ++k) {
      if (words_[k].capital && !IsWebHeadingWord(words_[k].text)) return false;
    }
    return true;
  }

  // True if nothing but spaces stands between the words [b, e) and the
  // line breaks (or the field's ends) before and after them.
  bool WholeLine(size_t b, size_t e) const {
    for (uint32_t k = words_[b].begin; k > 0; --k) {
      const char32_t c = cps_.at(k - 1);
      if (c == '\n') break;
      if (c != ' ') return false;
    }
    for (uint32_t k = words_[e - 1].end; k < cps_.size(); ++k) {
      const char32_t c = cps_.at(k);
      if (c == '\n') break;
      if (c != ' ') return false;
    }
    return true;
  }

  // True if [b, e) is a known place with a club's word before or after it
  // (Real Madrid, Bayern Munich, Manchester United, Bristol City); a place
  // so named is known whole (Mexico City).
  bool ClubName(size_t b, size_t e) const {
    size_t p = b, q = e;
    if (IsClubPrefix(words_[p].text)) ++p;
    if (q > p && IsClubSuffix(words_[q - 1].text)) --q;
    if (q == p || (p == b && q == e)) return false;
    std::string_view place, org;
    return KnownAt(words_, p, q, &place, &org) == q - p && !place.empty();
  }

  // A surname said to speak or act (Reagan said, said Claxton, Mr Blair)
  // makes a person of a run of the field that ends with it and could be a
  // full name (Ronald Reagan, Sarah Claxton) though no cue stands by it;
  // Repeat() then groups the surname under it.
  void ConfirmFullNames(const std::vector<Run>& runs) {
    std::set<std::string> surnames;
    for (const Mention& m : out_) {
      if (m.type == "person" && m.normalized.find(' ') == std::string::npos) {
        surnames.insert(m.normalized);
      }
    }
    for (const Run& r : runs) {
      const size_t b = r.begin;
      if (r.end != b + 1 || words_[b].taken) continue;
      if (PersonWords(words_, b, b + 1, 1) && PersonCue(b, b + 1)) {
        surnames.emplace(words_[b].text);
      }
    }
    if (surnames.empty()) return;
    for (const Run& r : runs) {
      const size_t e = r.end;
      // A role opening the sentence is no part of the name (Broadcaster
      // Chris Evans, Sprinters Kostas Kenteris).
      std::string first = Lower(words_[r.begin].text);
      if (first.size() > 3 && first.back() == 's') first.pop_back();
      const size_t b =
          r.begin +
          (e - r.begin == 3 && words_[r.begin].sentence_start && IsRole(first));
      if (e - b < 2 || e - b > 3 ||
          surnames.count(std::string(words_[e - 1].text)) == 0) {
        continue;
      }
      bool free = true;
      for (size_t k = b; k < e; ++k) free = free && !words_[k].taken;
      if (free && PersonWords(words_, b, e, 2) && !TitleCased(b) &&
          !NotPerson(b, e)) {
        EmitPerson(b, e);
      }
    }
  }

  // A place written between itself and a player's or a manager's name
  // (Liverpool striker Djibril Cisse, England coach Sven-Goran Eriksson) is
  // a team, and so is every mention of it in the field.
  void FindTeams() {
    std::set<std::string> teams;
    for (const Mention& m : out_) {
      if (m.type != "place") continue;
      auto it = std::lower_bound(
          words_.begin(), words_.end(), m.char_end,
          [](const Word& w, uint32_t end) { return w.end < end; });
      if (it == words_.end() || it->end != m.char_end) continue;
      const size_t i = static_cast<size_t>(it - words_.begin());
      if (i + 2 < words_.size() && words_[i].joined && !words_[i].possessive &&
          IsSportRole(words_[i + 1].text) && words_[i + 1].joined &&
          words_[i + 2].capital) {
        teams.insert(m.normalized);
      }
    }
    if (teams.empty()) return;
    for (Mention& m : out_) {
      if (m.type == "place" && teams.count(m.normalized) > 0) {
        m.type = "organization";
      }
    }
  }

  // True if the name of words [b, e) is written somewhere after an article
  // or a preposition of place (the Deutsche Boerse, at Standard Chartered):
  // a company's, not a person's.
  bool NotPerson(size_t b, size_t e) const {
    const size_t n = e - b;
    for (size_t i = 1; i + n <= words_.size(); ++i) {
      bool same = true;
      for (size_t k = 0; k < n && same; ++k) {
        same = words_[i + k].text == words_[b + k].text;
      }
      if (!same || !words_[i].before.empty() || !words_[i - 1].joined) continue;
      if (OneOf(Lower(words_[i - 1].text),
                {"the", "at", "in", "into", "a", "an", "its", "their"})) {
        return true;
      }
    }
    return false;
  }

  // True if the clause around word i is written in title case (a
  // heading: Best Home Security Cameras Of 2026), where capitals say
  // nothing.
  bool TitleCased(size_t i) const {
    size_t b = i, e = i + 1;
    while (b > 0 && words_[b - 1].after.empty() && words_[b].before.empty() &&
           words_[b - 1].joined) {
      --b;
    }
    while (e < words_.size() && words_[e - 1].after.empty() &&
           words_[e].before.empty() && words_[e - 1].joined) {
      ++e;
    }
    size_t long_words = 0, capitals = 0;
    for (size_t k = b; k < e; ++k) {
      if (words_[k].text.size() < 4) continue;  // of, the, and
      ++long_words;
      capitals += words_[k].capital;
    }
    return long_words >= 4 && capitals * 10 >= long_words * 9;
  }

  // True if a cue around words [b, e) says they name a person.
  bool PersonCue(size_t b, size_t e) const {
    const Word& last = words_[e - 1];
    // Ann Lee said / Ann Lee, 45, said.
    if (e < words_.size() && IsSpeech(words_[e].text) &&
        (last.joined || last.after == ",")) {
      return true;
    }
    if (last.after == "," && e < words_.size()) {
      // Ann Lee, who ... / Ann Lee, the trade secretary, / Ann Lee, chief
      // executive of ...
      size_t k = e;
      if (words_[k].text == "who") return true;
      if (OneOf(words_[k].text, {"the", "a", "an", "its", "his", "her"})) ++k;
      for (size_t n = 0; n < 3 && k < words_.size(); ++n, ++k) {
        if (IsRole(words_[k].text)) return true;
        if (OneOf(words_[k].text, {"whose", "which", "where", "when", "while",
                                   "and", "but", "as", "whom"})) {
          break;
        }
        // the company's chief executive; not "whose director".
        if (words_[k].stop || !(words_[k].joined || words_[k].possessive)) {
          break;
        }
      }
    }
    // the German chancellor, Gerhard Schroeder, said
    if (b > 0 && words_[b].before == "," && last.after == "," &&
        IsRole(words_[b - 1].text) && words_[b - 1].after == ",") {
      return true;
    }
    if (b > 0 && words_[b].before.empty() && words_[b - 1].joined) {
      std::string_view prev = words_[b - 1].text;
      // chief executive Terry Leahy
      if (IsRole(prev)) return true;
      // ..., said Ann Lee. / according to Ann Lee.
      bool ends = e >= words_.size() || !last.after.empty();
      if (ends && (IsSpeech(prev) || (prev == "to" && b >= 2 &&
                                      words_[b - 2].text == "according"))) {
        return true;
      }
    }
    return false;
  }

  // A run that repeats a person's full name, or is a surname of exactly one
  // of them, is that person.
  void Repeat(const Run& r) {
    for (size_t b = r.begin; b < r.end; ++b) {
      if (words_[b].taken) continue;
      size_t e = b;
      while (e < r.end && !words_[e].taken) ++e;
      std::string key = PersonKey(words_, b, e);
      if (full_names_.count(key) > 0) {
        EmitPerson(b, e);
      } else if (e == b + 1 && NameShaped(words_[b].text)) {
        std::string_view w = words_[b].text;
        const std::string* match = nullptr;
        int matches = 0;
        for (const std::string& name : full_names_) {
          size_t space = name.rfind(' ');
          if (space != std::string::npos && name.substr(space + 1) == w) {
            match = &name;
            ++matches;
          }
        }
        if (matches == 1) Emit("person", b, e, *match);
      }
      b = e;
    }
    // A single name after a short title (Ms Hewitt, Sir Joshua) is grouped
    // under the one full name found that ends, or else starts, with it.
    for (Mention& m : out_) {
      if (m.type != "person" || m.normalized.find(' ') != std::string::npos) {
        continue;
      }
      for (bool last : {true, false}) {
        const std::string* match = nullptr;
        int matches = 0;
        for (const std::string& name : full_names_) {
          const size_t space = last ? name.rfind(' ') : name.find(' ');
          if (space == std::string::npos) continue;
          const std::string_view part =
              last ? std::string_view(name).substr(space + 1)
                   : std::string_view(name).substr(0, space);
          if (part == m.normalized) {
            match = &name;
            ++matches;
          }
        }
        if (matches == 1) {
          m.normalized = *match;
          break;
        }
        if (matches > 1) break;  // Two Smiths: neither.
      }
    }
  }

  // An abbreviation written in brackets after an organisation, or made of
  // its initials, is grouped under it (IMF -> International Monetary Fund).
  void LinkAcronyms() {
    std::map<std::string, std::string> expansion;
    for (const Mention& m : out_) {
      if (m.type != "organization" ||
          m.normalized.find(' ') == std::string::npos) {
        continue;
      }
      std::string initials;
      bool start = true;
      for (char c : m.normalized) {
        if (start && IsUpper(c)) initials += c;
        start = c == ' ';
      }
      if (initials.size() >= 2) expansion.emplace(initials, m.normalized);
      // The abbreviation in brackets right after it.
      if (cps_.at(m.char_end) == ' ' && cps_.at(m.char_end + 1) == '(') {
        size_t k = m.char_end + 2;
        std::string abbr;
        while (k < cps_.size() && cps_.at(k) < 0x80 &&
               IsUpper(static_cast<char>(cps_.at(k)))) {
          abbr += static_cast<char>(cps_.at(k));
          ++k;
        }
        if (cps_.at(k) == ')' && abbr.size() >= 2)
          expansion[abbr] = m.normalized;
      }
    }
    // A one-word organisation that starts exactly one company's name
    // (Toyota of Toyota Motor Corp).
    std::map<std::string, std::string> first_words;
    for (const Mention& m : out_) {
      size_t space = m.normalized.find(' ');
      if (m.type != "organization" || space == std::string::npos) continue;
      std::string first = m.normalized.substr(0, space);
      auto [it, inserted] = first_words.emplace(first, m.normalized);
      if (!inserted && it->second != m.normalized) it->second.clear();
    }
    for (const auto& [first, full] : first_words) {
      if (!full.empty() && first.size() >= 3 && IsUpper(first[0]) &&
          !IsAcronym(first) && KnownPlace(first).empty()) {
        expansion.emplace(first, full);
      }
    }
    for (Mention& m : out_) {
      if (m.type != "organization") continue;
      auto it = expansion.find(m.normalized);
      if (it != expansion.end()) m.normalized = it->second;
    }
  }

  // The abbreviations written somewhere as a body that acts or is
  // addressed: before a verb of speech, a role or "officials" (BBC said,
  // IMF officials), after "told" (told the BBC), in brackets after an
  // organisation's name (World Health Organization (WHO); not Return on
  // Investment (ROI)), or after "the" or a preposition at the end of a
  // clause (by the BBC.). Other capitals name things (SEO, DNS, UI, SQL's)
  // and are left out.
  void FindActingAcronyms() {
    for (size_t i = 0; i < words_.size(); ++i) {
      const Word& w = words_[i];
      if (!IsAcronym(w.text)) continue;
      bool acting = w.before == "(" && w.after == ")" && i > 0 &&
                    IsOrgSuffix(words_[i - 1].text);
      if (!acting && w.joined && i + 1 < words_.size()) {
        std::string_view next = words_[i + 1].text;
        acting = IsSpeech(next) || IsRole(next) ||
                 OneOf(next, {"officials", "spokesman", "spokeswoman", "staff",
                              "announced", "reported", "chief", "boss",
                              "bosses", "executives", "statement"});
      }
      // by the BBC. / joined IBM, (not "improve the SEO." or "for SEO.")
      auto preposition = [&](size_t k) {
        return OneOf(words_[k].text,
                     {"at", "by", "from", "told", "joined", "with", "for"});
      };
      if (!acting && i > 0 && words_[i - 1].joined && w.before.empty() &&
          (w.after == "." || w.after == "," || w.after == ";") &&
          (OneOf(words_[i - 1].text, {"told", "joined"}) ||
           (i > 1 && words_[i - 1].text == "the" && words_[i - 2].joined &&
            preposition(i - 2)))) {
        acting = true;
      }
      if (!acting && i > 0 && words_[i - 1].joined && w.before.empty() &&
          (words_[i - 1].text == "told" ||
           (i > 1 && words_[i - 2].text == "told" &&
            words_[i - 1].text == "the"))) {
        acting = true;
      }
      if (acting) acting_.insert(std::string(w.text));
    }
  }

  const CodePoints& cps_;
  std::vector<Word> words_;
  std::set<std::string> acting_;
  std::set<std::string> full_names_;
  std::vector<Mention> out_;
};

}  // namespace

namespace {

// Code point ranges of the web addresses of `text` (http://..., www...., up
// to a space or a non-ASCII character): no names, dates or amounts there.
CharSpans Addresses(std::string_view text) {
  CharSpans out;
  size_t from = 0;
  while (true) {
    size_t a = text.find("://", from), b = text.find("www.", from);
    size_t at = std::min(a, b);
    if (at == std::string_view::npos) break;
    size_t begin = at;
    if (at == a) {  // Back to the scheme.
      while (begin > 0 && IsLower(text[begin - 1])) --begin;
    }
    size_t end = at;
    while (end < text.size() && static_cast<unsigned char>(text[end]) > ' ' &&
           static_cast<unsigned char>(text[end]) < 0x80) {
      ++end;
    }
    const auto cb =
        static_cast<uint32_t>(CodePointCount(text.substr(0, begin)));
    out.push_back({cb, cb + static_cast<uint32_t>(CodePointCount(
                                text.substr(begin, end - begin)))});
    from = end + 1;
  }
  return out;
}

// `spans` without `holes` (both sorted).
CharSpans Subtract(const CharSpans& spans, const CharSpans& holes) {
  CharSpans out;
  for (auto [begin, end] : spans) {
    for (const auto& [hb, he] : holes) {
      if (he <= begin || hb >= end) continue;
      if (hb > begin) out.push_back({begin, hb});
      begin = std::max(begin, he);
    }
    if (begin < end) out.push_back({begin, end});
  }
  return out;
}

}  // namespace

CharSpans EnglishSpans(const v1::SegmentedField& field) {
  CharSpans spans;
  // Where the Latin words start: the one look at every token.
  std::vector<uint32_t> latin;
  for (const v1::Token& t : field.tokens()) {
    const std::string& tag = t.tag();
    if (tag.size() == 3 && tag[0] == 'e' && tag[1] == 'n' && tag[2] == 'g') {
      latin.push_back(t.char_begin());
    }
  }
  if (latin.empty()) return spans;
  // Words of a web address count for no language.
  const CharSpans addresses = Addresses(field.text());
  if (!addresses.empty()) {
    std::erase_if(latin, [&](uint32_t c) { return InSpans(addresses, c, c); });
  }
  std::sort(latin.begin(), latin.end());
  struct Range {
    uint32_t byte_begin, byte_end, char_begin, char_end;
  };
  std::vector<Range> sentences;
  for (const v1::Sentence& s : field.sentences()) {
    sentences.push_back(
        {s.byte_begin(), s.byte_end(), s.char_begin(), s.char_end()});
  }
  if (sentences.empty()) {
    sentences.push_back({0, static_cast<uint32_t>(field.text().size()), 0,
                         static_cast<uint32_t>(CodePointCount(field.text()))});
  }
  size_t k = 0;
  for (const Range& r : sentences) {
    while (k < latin.size() && latin[k] < r.char_begin) ++k;
    size_t words = 0;
    while (k < latin.size() && latin[k] < r.char_end) ++k, ++words;
    // Two Latin words at least (not the p of a stray <p>), more than half
    // the Han characters: (bytes - characters) / 2, Han characters and
    // Chinese punctuation being three bytes each.
    if (words < 2 || r.byte_end < r.byte_begin || r.char_end < r.char_begin) {
      continue;
    }
    const size_t han =
        ((r.byte_end - r.byte_begin) - (r.char_end - r.char_begin)) / 2;
    if (2 * words <= han) continue;
    if (!spans.empty() && spans.back().second == r.char_begin) {
      spans.back().second = r.char_end;
    } else {
      spans.push_back({r.char_begin, r.char_end});
    }
  }
  if (spans.empty() || addresses.empty()) return spans;
  return Subtract(spans, addresses);
}

bool InSpans(const CharSpans& spans, uint32_t begin, uint32_t end) {
  auto it =
      std::upper_bound(spans.begin(), spans.end(), begin,
                       [](uint32_t b, const std::pair<uint32_t, uint32_t>& s) {
                         return b < s.first;
                       });
  if (it == spans.begin()) return false;
  --it;
  return begin >= it->first && end <= it->second;
}

std::vector<Mention> FindEnglishNames(const CodePoints& cps, const Words& words,
                                      const CharSpans& spans) {
  if (spans.empty()) return {};
  Finder finder(cps, JoinWords(cps, words, spans));
  return finder.Find();
}

}  // namespace ink::enricher
