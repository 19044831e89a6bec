#include "stages/enricher/amounts.h"

#include <cmath>
#include <cstdio>
#include <string>

namespace ink::enricher {
namespace {

struct Currency {
  std::u32string_view word;
  const char* code;
};

// Currency words, longest first where one ends another (日元 before 元).
constexpr Currency kCurrencies[] = {
    {U"人民币元", "CNY"}, {U"人民币", "CNY"}, {U"美元", "USD"},
    {U"日元", "JPY"},     {U"欧元", "EUR"},   {U"英镑", "GBP"},
    {U"港元", "HKD"},     {U"港币", "HKD"},   {U"韩元", "KRW"},
    {U"卢布", "RUB"},     {U"澳元", "AUD"},   {U"新台币", "TWD"},
    {U"元", "CNY"},       {U"块钱", "CNY"}};

constexpr std::u32string_view kPersonUnits[] = {U"人次", U"名", U"人", U"位"};

// Measure words of quantities, longest first where one starts another.
constexpr std::u32string_view kUnits[] = {
    U"平方公里", U"平方米", U"公里", U"千米", U"公斤", U"千克", U"小时",
    U"万户",     U"户",     U"个",   U"家",   U"台",   U"件",   U"次",
    U"条",       U"笔",     U"辆",   U"架",   U"所",   U"座",   U"套",
    U"张",       U"只",     U"头",   U"吨",   U"米",   U"亩",   U"天",
    U"周",       U"通",     U"批",   U"项",   U"支",   U"场",   U"轮",
    U"处",       U"栋",     U"间",   U"份",   U"岁",   U"篇",   U"部",
    U"辆",       U"艘",     U"箱",   U"袋",   U"瓶"};

constexpr std::u32string_view kApproxBefore[] = {
    U"将近", U"大约", U"超过", U"多达", U"近", U"约", U"逾", U"超"};

}  // namespace

std::string FormatAmount(double v) {
  v = std::round(v * 1e6) / 1e6;
  char buf[64];
  if (v == std::floor(v) && std::fabs(v) < 1e18) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.6g", v);
  }
  return buf;
}

namespace {

double UnitValue(char32_t c) {
  switch (c) {
    case U'十':
      return 10;
    case U'百':
      return 100;
    case U'千':
      return 1000;
    case U'万':
      return 1e4;
    case U'亿':
      return 1e8;
    default:
      return 0;
  }
}

// Reads 万, 亿, 千万, 百万, 万亿... at `k`; returns the product (1 if none)
// and moves *k past them. 万户 keeps its 万 (a measure of households).
double ReadMultiplier(const CodePoints& cps, size_t* k) {
  double product = 1;
  while (UnitValue(cps.at(*k)) > 0) {
    product *= UnitValue(cps.at(*k));
    ++*k;
  }
  return product;
}

}  // namespace

std::vector<Mention> FindAmounts(const CodePoints& cps) {
  // The characters an amount can start with besides digits: the first of a
  // currency or approximation word, 百(分之), 上数几 and Chinese numerals.
  // Most characters start none, and are passed over at once.
  static const CharSet kStarts = [] {
    std::u32string starts = U"百上数几〇零一二两三四五六七八九十";
    for (const Currency& c : kCurrencies) starts += c.word[0];
    for (std::u32string_view a : kApproxBefore) starts += a[0];
    return CharSet(starts);
  }();
  std::vector<Mention> out;
  for (size_t i = 0; i < cps.size();) {
    if (DigitValue(cps.at(i)) < 0 && !kStarts.Contains(cps.at(i))) {
      ++i;
      continue;
    }
    size_t begin = i;
    bool approximate = false;
    bool percent_before = false;
    const char* currency = nullptr;
    // A currency word before the number: 日元4.33亿元, 折人民币2500万元.
    for (const Currency& c : kCurrencies) {
      if (c.word != U"元" && c.word != U"块钱" && cps.Matches(i, c.word)) {
        size_t k = i + c.word.size();
        if (DigitValue(cps.at(k)) >= 0) {
          currency = c.code;
          i = k;
        }
        break;
      }
    }
    if (!currency) {
      for (std::u32string_view a : kApproxBefore) {
        if (cps.Matches(i, a) && (DigitValue(cps.at(i + a.size())) >= 0 ||
                                  ChineseDigit(cps.at(i + a.size())) >= 0)) {
          approximate = true;
          i += a.size();
          break;
        }
      }
    }
    if (cps.Matches(i, U"百分之")) {
      percent_before = true;
      i += 3;
    }
    double value = 0;
    size_t k = i;
    bool arabic = false;
    Number n;
    // 上千万, 数百, 几十: a round approximate number.
    if (In(cps.at(i), U"上数几") && UnitValue(cps.at(i + 1)) >= 10 &&
        !(cps.at(i) == U'上' && IsHan(cps.at(i - 1)) &&
          cps.at(i - 1) == U'以')) {
      k = i + 1;
      value = ReadMultiplier(cps, &k);
      approximate = true;
    } else if (ReadNumber(cps, i, /*small=*/false, &n)) {
      arabic = n.arabic;
      k = n.end;
      value = n.value;
      if (arabic) value *= ReadMultiplier(cps, &k);
    } else {
      i = begin + 1;
      continue;
    }
    if (In(cps.at(k), U"余多") && !cps.Matches(k, U"多元")) {
      approximate = true;
      ++k;
    }
    Mention m;
    auto emit = [&](std::string type, size_t end, std::string normalized) {
      m.type = std::move(type);
      m.char_begin = static_cast<uint32_t>(begin);
      m.char_end = static_cast<uint32_t>(end);
      m.text = std::string(cps.Sub(begin, end));
      m.value = std::round(value * 1e6) / 1e6;
      m.approximate = approximate;
      m.normalized = (approximate ? "~" : "") + normalized;
      out.push_back(m);
    };
    // Percentages.
    if (percent_before || cps.at(k) == '%' || cps.at(k) == 0xFF05) {
      size_t end = percent_before ? k : k + 1;
      m.unit = "%";
      emit("percent", end, FormatAmount(value) + "%");
      i = end;
      continue;
    }
    // Money: a currency word after the number, or the one before it.
    const char* after = nullptr;
    size_t end = k;
    for (const Currency& c : kCurrencies) {
      if (cps.Matches(k, c.word)) {
        after = c.code;
        end = k + c.word.size();
        break;
      }
    }
    // 三元 (a place, 三元支行) is no amount: a one-character Chinese number
    // needs a currency word before it.
    bool bare_small = !arabic && !approximate && n.digits == 1;
    if ((after != nullptr && !bare_small) || currency != nullptr) {
      // 日元4.33亿元: the word before names the currency, 元 only the unit.
      const char* code = currency != nullptr ? currency : after;
      m.currency = code;
      m.unit = code;
      emit("money", end, FormatAmount(value) + " " + code);
      i = end;
      continue;
    }
    // A round amount after 金额/资金 with no unit: yuan.
    bool money_context = false;
    for (size_t back = 1; back <= 4 && back <= begin; ++back) {
      if (cps.Matches(begin - back, U"金额") ||
          cps.Matches(begin - back, U"资金")) {
        money_context = true;
      }
    }
    if (money_context && value >= 1e4 && !In(cps.at(k), U"笔个次")) {
      m.currency = "CNY";
      m.unit = "CNY";
      emit("money", k, FormatAmount(value) + " CNY");
      i = k;
      continue;
    }
    // Counts of people.
    bool done = false;
    for (std::u32string_view u : kPersonUnits) {
      if (cps.Matches(k, u) && (arabic || approximate || value >= 2)) {
        m.unit = "person";
        emit("quantity", k + u.size(), FormatAmount(value) + " person");
        i = k + u.size();
        done = true;
        break;
      }
    }
    if (done) continue;
    // Other quantities: Arabic numbers, or approximate ones (上百笔).
    if (arabic || approximate) {
      for (std::u32string_view u : kUnits) {
        if (!cps.Matches(k, u)) continue;
        m.unit = ToUtf8(u);
        emit("quantity", k + u.size(), FormatAmount(value) + " " + m.unit);
        i = k + u.size();
        done = true;
        break;
      }
    }
    if (done) continue;
    i = k > begin ? k : begin + 1;
  }
  return out;
}

}  // namespace ink::enricher
