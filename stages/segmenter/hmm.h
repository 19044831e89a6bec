// jieba's hidden Markov model for words not in the dictionary (finalseg):
// states B(egin) M(iddle) E(nd) S(ingle), Viterbi decoding over a run of
// characters that the dictionary cut left as single characters.
//
// Thread-safety: immutable after Load(); Cut() is const and thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/status.h"

namespace ink::segmenter {

class Hmm {
 public:
  // Loads prob_start.py, prob_trans.py and prob_emit.py (Python dict
  // literals, as jieba ships them) from `dir`. Fails with IOError or
  // Corruption naming the file.
  static Result<Hmm> Load(const std::string& dir);

  // Appends to *ends the end offset (exclusive, relative to s) of each word
  // of s[0, n). Characters the model has never seen are words of their own.
  void Cut(const char32_t* s, size_t n, std::vector<uint32_t>* ends) const;

  size_t emit_count() const { return emit_.size(); }

 private:
  // States in alphabetical order, so that ties between equal probabilities
  // resolve like jieba's max() over (prob, state letter) tuples.
  enum State { kB = 0, kE = 1, kM = 2, kS = 3 };
  using Row = std::array<double, 4>;
  void Viterbi(const char32_t* s, size_t n, std::vector<uint32_t>* ends) const;
  // The emission row of c, or nullptr if the model never saw c.
  const Row* Emit(char32_t c) const {
    if (c < kDirect) {
      const uint16_t k = emit_index_[c];
      return k == kUnseen ? nullptr : &rows_[k];
    }
    auto it = emit_.find(c);
    return it == emit_.end() ? nullptr : &it->second;
  }

  Row start_{};
  std::array<Row, 4> trans_{};
  std::unordered_map<char32_t, Row> emit_;
  // The BMP part of emit_ as an index into rows_, which the hot loop reads
  // instead of hashing.
  static constexpr char32_t kDirect = 0x10000;
  static constexpr uint16_t kUnseen = 0xFFFF;
  std::vector<uint16_t> emit_index_;
  std::vector<Row> rows_;
};

}  // namespace ink::segmenter
