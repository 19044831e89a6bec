// Test helper: builds SegmentedField values by hand, as the segmenter
// would, without loading a dictionary.
#pragma once

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include "ink/v1/envelope.pb.h"

namespace ink::enricher::testing {

struct W {
  std::string text;
  std::string tag = "n";
  bool sub = false;  // A search-mode sub-word of the previous word.
  bool stop = false;
};

inline uint32_t Chars(std::string_view s) {
  uint32_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

inline bool EndsSentence(std::string_view s) {
  return s == "。" || s == "！" || s == "？" || s == "." || s == "!" ||
         s == "?";
}

// Concatenates the words (with `separator` between top-level words) into
// the field text; tokens get offsets, positions, norm = ASCII lower-case
// text; punctuation (tag x) is flagged stop; a sentence ends after each
// 。！？.!? token and at the end.
inline v1::SegmentedField MakeField(const std::string& name,
                                    const std::vector<W>& words,
                                    const std::string& separator = "") {
  v1::SegmentedField field;
  field.set_name(name);
  std::string text;
  uint32_t position = 0;
  bool first = true;
  const v1::Token* parent = nullptr;
  uint32_t sentence_begin = 0, sentence_char_begin = 0;
  for (const W& w : words) {
    v1::Token* t = field.add_tokens();
    t->set_text(w.text);
    std::string norm = w.text;
    std::transform(norm.begin(), norm.end(), norm.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    t->set_norm(norm);
    t->set_tag(w.tag);
    t->set_stop(w.stop || w.tag == "x");
    if (w.sub && parent != nullptr) {
      size_t at = parent->text().find(w.text);
      uint32_t begin = parent->byte_begin() + static_cast<uint32_t>(at);
      t->set_position(parent->position());
      t->set_byte_begin(begin);
      t->set_byte_end(begin + w.text.size());
      uint32_t cb = parent->char_begin() +
                    Chars(std::string_view(parent->text()).substr(0, at));
      t->set_char_begin(cb);
      t->set_char_end(cb + Chars(w.text));
      continue;
    }
    if (!first && w.tag != "x") text += separator;
    first = false;
    t->set_position(position++);
    t->set_byte_begin(text.size());
    t->set_char_begin(Chars(text));
    text += w.text;
    t->set_byte_end(text.size());
    t->set_char_end(Chars(text));
    parent = t;
    if (EndsSentence(w.text)) {
      v1::Sentence* s = field.add_sentences();
      s->set_byte_begin(sentence_begin);
      s->set_byte_end(text.size());
      s->set_char_begin(sentence_char_begin);
      s->set_char_end(Chars(text));
      sentence_begin = text.size();
      sentence_char_begin = Chars(text);
    }
  }
  if (sentence_begin < text.size()) {
    v1::Sentence* s = field.add_sentences();
    s->set_byte_begin(sentence_begin);
    s->set_byte_end(text.size());
    s->set_char_begin(sentence_char_begin);
    s->set_char_end(Chars(text));
  }
  field.set_text(text);
  return field;
}

// Space-separated words, tagged "eng", "x" for . , ! ?; for quick English
// fields.
inline v1::SegmentedField EnglishField(const std::string& name,
                                       std::string_view text) {
  std::vector<W> words;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) words.push_back({word, "eng"});
    word.clear();
  };
  for (char c : text) {
    if (c == ' ') {
      flush();
    } else if (c == '.' || c == ',' || c == '!' || c == '?') {
      flush();
      words.push_back({std::string(1, c), "x"});
    } else {
      word.push_back(c);
    }
  }
  flush();
  return MakeField(name, words, " ");
}

}  // namespace ink::enricher::testing
