// Chinese and English word segmentation over a shared, immutable dictionary.
// One loaded Segmenter serves every thread: all methods are const and
// thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "ink/v1/envelope.pb.h"

namespace ink::segmenter {

struct Options {
  // jieba's dictionary: "word freq tag" per line (Debian's python3-jieba).
  std::string dict_path = "/usr/lib/python3/dist-packages/jieba/dict.txt";
  // Directory of jieba's HMM tables for unknown words (finalseg).
  std::string hmm_dir = "/usr/lib/python3/dist-packages/jieba/finalseg";
  // Optional user dictionary: "word [freq] [tag]" per line.
  std::string user_dict_path;
  // OpenCC configuration that folds traditional into simplified Chinese,
  // both in Normalize() and for the dictionary lookups of Cut(); empty
  // disables it. Index and query must use the same value.
  std::string opencc_config = "t2s.json";
  // Normalize() stems English words (Snowball "english"). Index and query
  // must use the same value.
  bool stem_english = true;
  // Log-probability bonus per word of the dictionary cut. jieba's
  // dictionary favours long compounds ("信息技术", "检察机关"); 2 gives the
  // granularity of the Peking University standard ("信息 技术"). 0 cuts
  // exactly like jieba.
  double word_bonus = 2.0;
};

enum class Mode {
  kExact,   // One segmentation: for display and keywords.
  kSearch,  // Exact words plus the dictionary words inside long words.
};

struct Token {
  std::string_view text;  // View into the input text.
  std::string norm;       // Normalised form for matching (Normalize()).
  std::string_view tag;   // POS tag from the dictionary; "x" punctuation,
                          // "eng" Latin words, "m" numbers; may be empty.
  uint32_t position = 0;  // Index of the exact-mode token, punctuation
                          // included (whitespace takes none); sub-words of
                          // a long word (search mode) share its position.
  uint32_t byte_begin = 0, byte_end = 0;  // Offsets into the input.
  uint32_t char_begin = 0, char_end = 0;  // In code points.
  bool stop = false;                      // Stop word or punctuation.
  bool sub_word = false;  // Search mode: a word inside a longer token.
};

struct SentenceSpan {
  uint32_t byte_begin = 0, byte_end = 0;
  uint32_t char_begin = 0, char_end = 0;
};

class Segmenter {
 public:
  // Loads the dictionaries. Fails with IOError/Corruption naming the file.
  static Result<std::unique_ptr<Segmenter>> Create(const Options& options);
  ~Segmenter();
  Segmenter(const Segmenter&) = delete;
  Segmenter& operator=(const Segmenter&) = delete;

  // Segments UTF-8 text. Tokens are in order of byte_begin (a long word
  // before the sub-words it contains); whitespace yields no token.
  // Invalid UTF-8 bytes are treated as single-character tokens, never fatal.
  std::vector<Token> Cut(std::string_view text, Mode mode) const;

  // Splits text into sentences at Chinese and English sentence punctuation.
  std::vector<SentenceSpan> Sentences(std::string_view text) const;

  // The normalised form of one term; Cut() sets Token::norm with it. The
  // store indexes and queries with this, so both always agree.
  std::string Normalize(std::string_view term) const;

  // Fills `out` with the fields "title" and "body" (BodyText()) of the
  // article, and "captions" (the image captions joined by a blank line)
  // when it has any, with their search-mode tokens and sentences.
  void SegmentArticle(const v1::CleanArticle& article,
                      v1::SegmentedArticle* out) const;

 private:
  Segmenter();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The article body as one text: paragraphs joined by a blank line.
std::string BodyText(const v1::CleanArticle& article);

}  // namespace ink::segmenter
