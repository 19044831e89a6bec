#include "stages/segmenter/hmm.h"

#include <charconv>
#include <memory>
#include <utility>

#include "common/fs.h"
#include "stages/segmenter/utf8.h"

namespace ink::segmenter {
namespace {

// jieba's MIN_FLOAT: the log probability of anything never observed.
constexpr double kMinLogProb = -3.14e100;

// A parsed Python literal: a number, a string, or a dict of them.
struct PyEntry;
struct PyValue {
  double number = 0;
  std::u32string str;
  // A vector may hold an incomplete type; a std::pair may not (clang).
  std::vector<PyEntry> dict;
};
struct PyEntry {
  std::u32string key;
  PyValue value;
};

// Parses the subset of Python literal syntax jieba's tables use: dicts,
// quoted strings with \u escapes, and floats.
class PyParser {
 public:
  explicit PyParser(std::string_view text) : text_(text) {}

  bool ParseValue(PyValue* out) {
    SkipSpace();
    if (pos_ >= text_.size()) return false;
    char c = text_[pos_];
    if (c == '{') return ParseDict(out);
    if (c == '\'' || c == '"' || c == 'u') return ParseString(&out->str);
    return ParseNumber(&out->number);
  }
  size_t pos() const { return pos_; }

 private:
  void SkipSpace() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\n' || text_[pos_] == '\r' ||
            text_[pos_] == '\t')) {
      ++pos_;
    }
  }
  bool Expect(char c) {
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool ParseDict(PyValue* out) {
    ++pos_;  // '{'
    while (true) {
      SkipSpace();
      if (Expect('}')) return true;
      std::u32string key;
      if (!ParseString(&key) || !Expect(':')) return false;
      PyValue value;
      if (!ParseValue(&value)) return false;
      out->dict.push_back({std::move(key), std::move(value)});
      if (!Expect(',')) return Expect('}');
    }
  }
  bool ParseString(std::u32string* out) {
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == 'u') ++pos_;
    if (pos_ >= text_.size()) return false;
    char quote = text_[pos_++];
    if (quote != '\'' && quote != '"') return false;
    while (pos_ < text_.size() && text_[pos_] != quote) {
      if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) {
        char e = text_[pos_ + 1];
        if (e == 'u' && pos_ + 6 <= text_.size()) {
          unsigned v = 0;
          auto r = std::from_chars(text_.data() + pos_ + 2,
                                   text_.data() + pos_ + 6, v, 16);
          if (r.ec != std::errc() || r.ptr != text_.data() + pos_ + 6) {
            return false;
          }
          out->push_back(v);
          pos_ += 6;
          continue;
        }
        out->push_back(e == 'n' ? U'\n' : e == 't' ? U'\t' : char32_t(e));
        pos_ += 2;
        continue;
      }
      int len;
      char32_t c = DecodeUtf8(text_, pos_, &len);
      if (c == kInvalidByte) return false;
      out->push_back(c);
      pos_ += len;
    }
    if (pos_ >= text_.size()) return false;
    ++pos_;  // Closing quote.
    return true;
  }
  bool ParseNumber(double* out) {
    auto r =
        std::from_chars(text_.data() + pos_, text_.data() + text_.size(), *out);
    if (r.ec != std::errc()) return false;
    pos_ = r.ptr - text_.data();
    return true;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

Status LoadTable(const std::string& path, PyValue* out) {
  ASSIGN_OR_RETURN(std::string data,
                   fs::ReadFile(path, UINT64_MAX, fs::Links::kFollow));
  // The table is the literal assigned to P; skip the imports before it.
  size_t p = data.find("P=");
  if (p == std::string::npos) p = data.find("P =");
  size_t brace = p == std::string::npos ? p : data.find('{', p);
  if (brace == std::string::npos) {
    return Status::Corruption(path + ": no 'P = {...}' table");
  }
  PyParser parser(std::string_view(data).substr(brace));
  if (!parser.ParseValue(out) || out->dict.empty()) {
    return Status::Corruption(path + ": cannot parse the table near byte " +
                              std::to_string(brace + parser.pos()));
  }
  return Status::OK();
}

int StateIndex(const std::u32string& s) {
  if (s.size() != 1) return -1;
  switch (s[0]) {
    case U'B':
      return 0;
    case U'E':
      return 1;
    case U'M':
      return 2;
    case U'S':
      return 3;
  }
  return -1;
}

}  // namespace

Result<Hmm> Hmm::Load(const std::string& dir) {
  Hmm hmm;
  hmm.start_.fill(kMinLogProb);
  for (Row& r : hmm.trans_) r.fill(kMinLogProb);

  PyValue start, trans, emit;
  RETURN_IF_ERROR(LoadTable(dir + "/prob_start.py", &start));
  RETURN_IF_ERROR(LoadTable(dir + "/prob_trans.py", &trans));
  RETURN_IF_ERROR(LoadTable(dir + "/prob_emit.py", &emit));
  for (const auto& [k, v] : start.dict) {
    int s = StateIndex(k);
    if (s < 0) return Status::Corruption(dir + "/prob_start.py: bad state");
    hmm.start_[s] = v.number;
  }
  for (const auto& [k, row] : trans.dict) {
    int from = StateIndex(k);
    if (from < 0) return Status::Corruption(dir + "/prob_trans.py: bad state");
    for (const auto& [k2, v] : row.dict) {
      int to = StateIndex(k2);
      if (to < 0) return Status::Corruption(dir + "/prob_trans.py: bad state");
      hmm.trans_[from][to] = v.number;
    }
  }
  Row unseen;
  unseen.fill(kMinLogProb);
  for (const auto& [k, row] : emit.dict) {
    int s = StateIndex(k);
    if (s < 0) return Status::Corruption(dir + "/prob_emit.py: bad state");
    for (const auto& [ch, v] : row.dict) {
      if (ch.size() != 1) {
        return Status::Corruption(dir +
                                  "/prob_emit.py: key is not one character");
      }
      auto it = hmm.emit_.try_emplace(ch[0], unseen).first;
      it->second[s] = v.number;
    }
  }
  hmm.emit_index_.assign(kDirect, kUnseen);
  for (const auto& [c, row] : hmm.emit_) {
    if (c >= kDirect || hmm.rows_.size() >= kUnseen) continue;
    hmm.emit_index_[c] = static_cast<uint16_t>(hmm.rows_.size());
    hmm.rows_.push_back(row);
  }
  return hmm;
}

void Hmm::Cut(const char32_t* s, size_t n, std::vector<uint32_t>* ends) const {
  // Characters the model never saw carry no information (every state scores
  // kMinLogProb, which swamps the rest of the sum): they stand alone and the
  // model decodes the runs between them, as jieba does for non-Han text.
  size_t begin = 0;
  for (size_t i = 0; i <= n; ++i) {
    if (i < n && Emit(s[i]) != nullptr) continue;
    if (i > begin) {
      const size_t first = ends->size();
      Viterbi(s + begin, i - begin, ends);
      for (size_t k = first; k < ends->size(); ++k) {
        (*ends)[k] += static_cast<uint32_t>(begin);
      }
    }
    if (i < n) ends->push_back(static_cast<uint32_t>(i + 1));
    begin = i + 1;
  }
}

void Hmm::Viterbi(const char32_t* s, size_t n,
                  std::vector<uint32_t>* ends) const {
  // The states each state may follow (jieba's PrevStatus).
  static constexpr int kPrev[4][2] = {
      {kE, kS},  // B
      {kB, kM},  // E
      {kM, kB},  // M
      {kS, kE},  // S
  };
  auto emit = [&](size_t t) { return Emit(s[t]); };
  // Per-thread scratch: Cut() allocates nothing once warm.
  thread_local std::vector<Row> v;
  thread_local std::vector<std::array<uint8_t, 4>> back;
  thread_local std::vector<uint8_t> path;
  v.resize(n);
  back.resize(n);
  const Row* e0 = emit(0);
  for (int y = 0; y < 4; ++y)
    v[0][y] = start_[y] + (e0 ? (*e0)[y] : kMinLogProb);
  for (size_t t = 1; t < n; ++t) {
    const Row* e = emit(t);
    for (int y = 0; y < 4; ++y) {
      double em = e ? (*e)[y] : kMinLogProb;
      double best = 0;
      int best_prev = -1;
      for (int y0 : kPrev[y]) {
        double p = v[t - 1][y0] + trans_[y0][y] + em;
        if (best_prev < 0 || p > best || (p == best && y0 > best_prev)) {
          best = p;
          best_prev = y0;
        }
      }
      v[t][y] = best;
      back[t][y] = static_cast<uint8_t>(best_prev);
    }
  }
  int state = v[n - 1][kS] >= v[n - 1][kE] ? kS : kE;
  path.resize(n);
  for (size_t t = n; t-- > 0;) {
    path[t] = static_cast<uint8_t>(state);
    if (t > 0) state = back[t][state];
  }
  // jieba's __cut: B opens a word, E closes it, S stands alone; a word left
  // open at the end runs to the end.
  size_t next = 0;
  for (size_t i = 0; i < n; ++i) {
    if (path[i] == kE || path[i] == kS) {
      ends->push_back(static_cast<uint32_t>(i + 1));
      next = i + 1;
    } else if (path[i] == kB && i > next) {
      // A B right after M or B (impossible under the transition table, but
      // keep the cut total): close what was open.
      ends->push_back(static_cast<uint32_t>(i));
      next = i;
    }
  }
  if (next < n) ends->push_back(static_cast<uint32_t>(n));
}

}  // namespace ink::segmenter
