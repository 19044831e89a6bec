#include "stages/enricher/field_tokens.h"

#include <string>

namespace ink::enricher {

const v1::SegmentedField* FindField(const v1::SegmentedArticle& article,
                                    std::string_view name) {
  for (const v1::SegmentedField& field : article.fields()) {
    if (field.name() == name) return &field;
  }
  return nullptr;
}

void FillTokenTexts(v1::SegmentedField* field) {
  const std::string& text = field->text();
  for (v1::Token& token : *field->mutable_tokens()) {
    const uint32_t begin = token.byte_begin(), end = token.byte_end();
    if (!token.text().empty() || begin >= end || end > text.size()) continue;
    token.set_text(text.data() + begin, end - begin);
  }
}

std::vector<const v1::Token*> WordTokens(const v1::SegmentedField& field) {
  std::vector<const v1::Token*> words;
  words.reserve(field.tokens_size());
  const v1::Token* parent = nullptr;
  for (const v1::Token& token : field.tokens()) {
    if (parent != nullptr && token.position() == parent->position() &&
        token.char_begin() >= parent->char_begin() &&
        token.char_end() <= parent->char_end()) {
      continue;  // A sub-word of `parent`.
    }
    parent = &token;
    words.push_back(&token);
  }
  return words;
}

std::string_view TermOf(const v1::Token& token) {
  return token.norm().empty() ? std::string_view(token.text())
                              : std::string_view(token.norm());
}

Status ValidateField(const v1::SegmentedField& field) {
  const std::string& text = field.text();
  const size_t size = text.size();
  // A range that starts or ends inside a UTF-8 sequence would cut a
  // character in two in what the enricher copies out (summary, entities).
  auto inside_char = [&](uint32_t at) {
    return at < size && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80;
  };
  auto bad = [&](std::string_view what, uint32_t begin, uint32_t end) {
    return Status::InvalidArgument(
        "field '" + field.name() + "': " + std::string(what) + " bytes [" +
        std::to_string(begin) + ", " + std::to_string(end) +
        ") outside text of " + std::to_string(size) + " bytes");
  };
  auto inside = [&](std::string_view what, uint32_t begin, uint32_t end) {
    return Status::InvalidArgument(
        "field '" + field.name() + "': " + std::string(what) + " bytes [" +
        std::to_string(begin) + ", " + std::to_string(end) +
        ") cut a UTF-8 character");
  };
  for (const v1::Token& t : field.tokens()) {
    if (t.byte_begin() > t.byte_end() || t.byte_end() > size) {
      return bad("token", t.byte_begin(), t.byte_end());
    }
    if (inside_char(t.byte_begin()) || inside_char(t.byte_end())) {
      return inside("token", t.byte_begin(), t.byte_end());
    }
  }
  for (const v1::Sentence& s : field.sentences()) {
    if (s.byte_begin() > s.byte_end() || s.byte_end() > size) {
      return bad("sentence", s.byte_begin(), s.byte_end());
    }
    if (inside_char(s.byte_begin()) || inside_char(s.byte_end())) {
      return inside("sentence", s.byte_begin(), s.byte_end());
    }
  }
  return Status::OK();
}

}  // namespace ink::enricher
