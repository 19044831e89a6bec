#include "stages/enricher/english_amounts.h"

#include <cmath>
#include <string>

#include "stages/enricher/amounts.h"
#include "stages/enricher/english_lexer.h"

namespace ink::enricher {
namespace {

bool OneOf(std::string_view s, std::initializer_list<std::string_view> set) {
  for (std::string_view x : set) {
    if (s == x) return true;
  }
  return false;
}

// The factor of a multiplier word (bn, million), or 0.
double Multiplier(std::string_view w, bool attached) {
  if (OneOf(w, {"thousand"})) return 1e3;
  if (OneOf(w, {"million", "mn"})) return 1e6;
  if (OneOf(w, {"billion", "bn"})) return 1e9;
  if (OneOf(w, {"trillion", "tn"})) return 1e12;
  // Single letters only written against the number: $20m, £5k.
  if (attached && w == "m") return 1e6;
  if (attached && w == "k") return 1e3;
  return 0;
}

// The currency code of a word after the amount, or null.
const char* CurrencyWord(std::string_view w) {
  if (OneOf(w, {"dollars", "dollar"})) return "USD";
  if (OneOf(w, {"pounds", "pound", "sterling"})) return "GBP";
  if (OneOf(w, {"euros", "euro"})) return "EUR";
  if (OneOf(w, {"yen"})) return "JPY";
  if (OneOf(w, {"yuan", "renminbi"})) return "CNY";
  if (OneOf(w, {"rupees"})) return "INR";
  if (OneOf(w, {"roubles", "rubles"})) return "RUB";
  return nullptr;
}

// The code of the dollar written with `prefix` right before its sign
// (US$, A$, HK$), or null.
const char* DollarPrefix(std::string_view prefix) {
  if (prefix == "US") return "USD";
  if (prefix == "A" || prefix == "AU") return "AUD";
  if (prefix == "C" || prefix == "CA") return "CAD";
  if (prefix == "HK") return "HKD";
  if (prefix == "NZ") return "NZD";
  if (prefix == "S") return "SGD";
  return nullptr;
}

const Lexeme* At(const std::vector<Lexeme>& lex, size_t i) {
  return i < lex.size() ? &lex[i] : nullptr;
}

bool WordIs(const std::vector<Lexeme>& lex, size_t i,
            std::initializer_list<std::string_view> words) {
  const Lexeme* l = At(lex, i);
  return l != nullptr && l->kind == Lexeme::kWord && OneOf(l->text, words);
}

void Scan(const CodePoints& cps, const std::vector<Lexeme>& lex,
          std::vector<Mention>* out) {
  for (size_t i = 0; i < lex.size(); ++i) {
    if (lex[i].kind != Lexeme::kNumber) continue;
    // A number inside a word (V2p, A4) is no amount.
    if (!lex[i].space_before && i > 0 && lex[i - 1].kind == Lexeme::kWord) {
      continue;
    }
    size_t begin = i;
    const char* currency = nullptr;
    // A sign right before the number: $5, US$5, HK$ 5 is none.
    if (i > 0 && !lex[i].space_before && lex[i - 1].kind == Lexeme::kSymbol) {
      std::string_view sign = lex[i - 1].text;
      if (sign == "$") {
        currency = "USD";
        begin = i - 1;
        if (i > 1 && !lex[i - 1].space_before &&
            lex[i - 2].kind == Lexeme::kWord) {
          if (const char* c = DollarPrefix(lex[i - 2].text)) {
            currency = c;
            begin = i - 2;
          }
        }
      } else if (sign == "£") {
        currency = "GBP";
        begin = i - 1;
      } else if (sign == "€") {
        currency = "EUR";
        begin = i - 1;
      }
    }
    double value = lex[i].value;
    size_t k = i + 1;
    // A multiplier: attached (4.5bn) or the next word (4.5 billion).
    if (const Lexeme* m = At(lex, k);
        m != nullptr && m->kind == Lexeme::kWord) {
      if (double f = Multiplier(m->text, !m->space_before); f > 0) {
        value *= f;
        ++k;
      } else if (!m->space_before && m->text == "p" && currency == nullptr) {
        // 50p: pence.
        value /= 100;
        currency = "GBP";
        ++k;
      } else if (!m->space_before) {
        continue;  // 20th, 3pm, 100m (metres) without a sign.
      }
    }
    // A currency word after it: 5 million euros, Swiss francs.
    size_t end = k;
    if (currency == nullptr) {
      if (const Lexeme* w = At(lex, k);
          w != nullptr && w->kind == Lexeme::kWord) {
        if (const char* c = CurrencyWord(w->text)) {
          currency = c;
          end = k + 1;
        } else if (OneOf(w->text, {"Swiss"}) &&
                   WordIs(lex, k + 1, {"francs"})) {
          currency = "CHF";
          end = k + 2;
        } else if (OneOf(w->text, {"US", "Australian", "Canadian"}) &&
                   WordIs(lex, k + 1, {"dollars"})) {
          currency = w->text == "US"           ? "USD"
                     : w->text == "Australian" ? "AUD"
                                               : "CAD";
          end = k + 2;
        }
      }
    }
    // Approximations before it.
    bool approximate = false;
    if (begin > 0 && WordIs(lex, begin - 1,
                            {"about", "around", "almost", "nearly", "roughly",
                             "some", "over", "approximately", "Around", "About",
                             "Almost", "Nearly", "Some", "Over", "Roughly"})) {
      approximate = true;
      --begin;
    } else if (begin > 1 && WordIs(lex, begin - 1, {"than"}) &&
               WordIs(lex, begin - 2, {"more", "More"})) {
      approximate = true;
      begin -= 2;
    }
    auto emit = [&](std::string type, size_t last, std::string normalized,
                    std::string unit, const char* code) {
      Mention m;
      m.type = std::move(type);
      m.char_begin = lex[begin].begin;
      m.char_end = lex[last - 1].end;
      m.text = std::string(cps.Sub(m.char_begin, m.char_end));
      m.value = std::round(value * 1e6) / 1e6;
      m.approximate = approximate;
      m.unit = std::move(unit);
      if (code != nullptr) m.currency = code;
      m.normalized = (approximate ? "~" : "") + normalized;
      out->push_back(std::move(m));
    };
    if (currency != nullptr) {
      emit("money", end, FormatAmount(value) + " " + currency, currency,
           currency);
      i = end - 1;
      continue;
    }
    // 12.5 per cent, 40 percent (no multiplier).
    if (k == i + 1) {
      if (WordIs(lex, k, {"percent"})) {
        emit("percent", k + 1, FormatAmount(value) + "%", "%", nullptr);
        i = k;
      } else if (WordIs(lex, k, {"per"}) && WordIs(lex, k + 1, {"cent"})) {
        emit("percent", k + 2, FormatAmount(value) + "%", "%", nullptr);
        i = k + 1;
      }
    }
  }
}

}  // namespace

std::vector<Mention> FindEnglishAmounts(const CodePoints& text,
                                        const CharSpans& spans) {
  std::vector<Mention> out;
  for (const auto& [begin, end] : spans) {
    Scan(text, LexEnglish(text, begin, end), &out);
  }
  return out;
}

}  // namespace ink::enricher
