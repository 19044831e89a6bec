#include "stages/enricher/keyword_forms.h"

#include <cctype>
#include <string>
#include <unordered_map>

namespace ink::enricher {
namespace {

bool IsLatinTerm(std::string_view s) {
  bool letter = false;
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
    letter = letter || std::isalpha(c);
  }
  return letter;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

struct Form {
  size_t count = 0;
  size_t first = 0;  // Order of first sight, for ties.
  bool always_capitalised = true;
  std::string written;  // The first capitalised spelling.
};

}  // namespace

void ShowKeywordsAsWritten(const FieldTerms& terms, std::string_view title,
                           std::string_view body, std::string_view captions,
                           std::vector<v1::Keyword>* keywords) {
  std::unordered_map<std::string, size_t> wanted;  // Stem -> keyword index.
  for (size_t i = 0; i < keywords->size(); ++i) {
    const std::string& term = (*keywords)[i].term();
    if (IsLatinTerm(term)) wanted.emplace(term, i);
  }
  if (wanted.empty()) return;
  // Keyword index -> lower-cased spelling -> how it is written.
  std::vector<std::unordered_map<std::string, Form>> forms(keywords->size());
  size_t seen = 0;
  auto scan = [&](const std::vector<TermOccurrence>& occurrences,
                  std::string_view text) {
    for (const TermOccurrence& o : occurrences) {
      auto it = wanted.find(o.term);
      if (it == wanted.end() || o.byte_end > text.size() ||
          o.byte_begin >= o.byte_end) {
        continue;
      }
      std::string_view written =
          text.substr(o.byte_begin, o.byte_end - o.byte_begin);
      Form& f = forms[it->second][Lower(written)];
      if (f.count++ == 0) f.first = seen++;
      if (std::islower(static_cast<unsigned char>(written.front())))
        f.always_capitalised = false;
      else if (f.written.empty())
        f.written = std::string(written);
    }
  };
  scan(terms.title, title);
  scan(terms.body, body);
  scan(terms.captions, captions);
  for (size_t i = 0; i < keywords->size(); ++i) {
    const Form* best = nullptr;
    const std::string* best_lower = nullptr;
    for (const auto& [lower, f] : forms[i]) {
      if (!best || f.count > best->count ||
          (f.count == best->count && f.first < best->first)) {
        best = &f;
        best_lower = &lower;
      }
    }
    if (!best) continue;
    (*keywords)[i].set_term(best->always_capitalised ? best->written
                                                     : *best_lower);
  }
}

}  // namespace ink::enricher
