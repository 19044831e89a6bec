#include "stages/enricher/text_scan.h"

namespace ink::enricher {
namespace {

// Decodes the code point at text[i], storing its length in *n.
char32_t Decode(std::string_view text, size_t i, size_t* n) {
  unsigned char c = text[i];
  size_t len = c < 0x80         ? 1
               : (c >> 5) == 6  ? 2
               : (c >> 4) == 14 ? 3
               : (c >> 3) == 30 ? 4
                                : 0;
  if (len == 0 || i + len > text.size()) {
    *n = 1;
    return 0xFFFD;
  }
  char32_t cp = len == 1 ? c : c & (0x7F >> len);
  for (size_t k = 1; k < len; ++k) {
    unsigned char cc = text[i + k];
    if ((cc & 0xC0) != 0x80) {
      *n = 1;
      return 0xFFFD;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  *n = len;
  return cp;
}

void Append(char32_t c, std::string* out) {
  if (c < 0x80) {
    *out += static_cast<char>(c);
  } else if (c < 0x800) {
    *out += static_cast<char>(0xC0 | (c >> 6));
    *out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    *out += static_cast<char>(0xE0 | (c >> 12));
    *out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (c >> 18));
    *out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

}  // namespace

CodePoints::CodePoints(std::string_view text) : text_(text) {
  cps_.reserve(text.size() / 2);
  bytes_.reserve(text.size() / 2 + 1);
  for (size_t i = 0; i < text.size();) {
    size_t n = 1;
    char32_t c = Decode(text, i, &n);
    cps_.push_back(c);
    bytes_.push_back(static_cast<uint32_t>(i));
    i += n;
  }
  bytes_.push_back(static_cast<uint32_t>(text.size()));
}

std::string_view CodePoints::Sub(size_t begin, size_t end) const {
  if (end > cps_.size()) end = cps_.size();
  if (begin >= end) return {};
  return text_.substr(bytes_[begin], bytes_[end] - bytes_[begin]);
}

std::string ToUtf8(std::u32string_view s) {
  std::string out;
  out.reserve(s.size() * 3);
  for (char32_t c : s) Append(c, &out);
  return out;
}

std::u32string ToUtf32(std::string_view s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    size_t n = 1;
    out.push_back(Decode(s, i, &n));
    i += n;
  }
  return out;
}

}  // namespace ink::enricher

namespace ink::enricher {

int ChineseDigit(char32_t c) {
  static constexpr std::u32string_view kDigits = U"〇一二三四五六七八九";
  if (c == U'零') return 0;
  if (c == U'两') return 2;
  size_t k = kDigits.find(c);
  return k == std::u32string_view::npos ? -1 : static_cast<int>(k);
}

bool ReadNumber(const CodePoints& cps, size_t i, bool small, Number* out) {
  if (DigitValue(cps.at(i)) >= 0) {
    if (i > 0 && (DigitValue(cps.at(i - 1)) >= 0 || cps.at(i - 1) == '.')) {
      return false;
    }
    long double value = 0, scale = 0;
    size_t k = i, digits = 0;
    bool fraction = false;
    while (true) {
      int d = DigitValue(cps.at(k));
      if (d >= 0) {
        if (fraction) {
          scale /= 10;
          value += d * scale;
        } else {
          value = value * 10 + d;
        }
        ++digits;
        ++k;
      } else if (cps.at(k) == ',' && !fraction &&
                 DigitValue(cps.at(k + 1)) >= 0 &&
                 DigitValue(cps.at(k + 2)) >= 0 &&
                 DigitValue(cps.at(k + 3)) >= 0 &&
                 DigitValue(cps.at(k + 4)) < 0) {
        ++k;
      } else if ((cps.at(k) == '.' || cps.at(k) == 0xFF0E) && !fraction &&
                 DigitValue(cps.at(k + 1)) >= 0) {
        fraction = true;
        scale = 1;
        ++k;
      } else {
        break;
      }
    }
    out->value = static_cast<double>(value);
    out->end = k;
    out->digits = digits;
    out->arabic = true;
    out->fraction = fraction;
    return true;
  }
  auto is_unit = [&](char32_t c) {
    return c == U'十' || c == U'百' || c == U'千' ||
           (!small && (c == U'万' || c == U'亿'));
  };
  char32_t first = cps.at(i);
  if (ChineseDigit(first) < 0 && first != U'十') return false;
  if (i > 0 && (ChineseDigit(cps.at(i - 1)) >= 0 || is_unit(cps.at(i - 1)))) {
    return false;
  }
  // A run of digits only: positional (二〇二〇).
  size_t k = i;
  bool positional = true;
  while (ChineseDigit(cps.at(k)) >= 0 || is_unit(cps.at(k))) {
    if (is_unit(cps.at(k))) positional = false;
    ++k;
  }
  if (positional && k - i >= 2) {
    double v = 0;
    for (size_t j = i; j < k; ++j) v = v * 10 + ChineseDigit(cps.at(j));
    *out = Number{v, k, k - i, false, false};
    return true;
  }
  double result = 0, section = 0, number = 0;
  bool has_number = false;
  for (size_t j = i; j < k; ++j) {
    char32_t c = cps.at(j);
    int d = ChineseDigit(c);
    if (d >= 0) {
      number = d;
      has_number = true;
      continue;
    }
    double unit = c == U'十'   ? 10
                  : c == U'百' ? 100
                  : c == U'千' ? 1000
                  : c == U'万' ? 1e4
                               : 1e8;
    if (unit < 1e4) {
      section += (has_number ? number : 1) * unit;
    } else {
      section += number;
      result = (result + section) * unit;
      section = 0;
    }
    number = 0;
    has_number = false;
  }
  result += section + number;
  *out = Number{result, k, k - i, false, false};
  return true;
}

}  // namespace ink::enricher
