#include "stages/store/inverted_index.h"

#include <algorithm>

namespace ink::store {

void DocTerms::AddField(Field f, const v1::SegmentedField& field) {
  const int slot = Slot(f);
  terms[slot].clear();
  std::vector<uint32_t> all;
  all.reserve(field.tokens_size());
  for (const v1::Token& t : field.tokens()) {
    // '\0' ends the term in segment keys.
    if (t.stop() || t.norm().empty() ||
        t.norm().find('\0') != std::string::npos)
      continue;
    terms[slot][t.norm()].push_back(t.position());
    all.push_back(t.position());
  }
  for (auto& [term, positions] : terms[slot]) {
    if (!std::is_sorted(positions.begin(), positions.end()))
      std::sort(positions.begin(), positions.end());
    positions.erase(std::unique(positions.begin(), positions.end()),
                    positions.end());
  }
  std::sort(all.begin(), all.end());
  length[slot] =
      static_cast<uint32_t>(std::unique(all.begin(), all.end()) - all.begin());
}

std::string EncodeDocTerms(const DocTerms& d) {
  std::string out;
  for (int slot = 0; slot < 2; ++slot) {
    PutVarint64(&out, d.length[slot]);
    PutVarint64(&out, d.terms[slot].size());
    for (const auto& [term, positions] : d.terms[slot]) {
      PutLengthPrefixed(&out, term);
      out += EncodePostingValue(positions);
    }
  }
  return out;
}

bool DecodeDocTerms(std::string_view in, DocTerms* d) {
  for (int slot = 0; slot < 2; ++slot) {
    d->terms[slot].clear();
    uint64_t length = 0, n = 0;
    if (!GetVarint64(&in, &length) || !GetVarint64(&in, &n)) return false;
    d->length[slot] = static_cast<uint32_t>(length);
    for (uint64_t i = 0; i < n; ++i) {
      std::string_view term;
      uint64_t tf = 0;
      if (!GetLengthPrefixed(&in, &term) || !GetVarint64(&in, &tf) || tf == 0 ||
          tf > in.size()) {
        return false;
      }
      std::vector<uint32_t>& positions = d->terms[slot][std::string(term)];
      uint64_t at = 0;
      for (uint64_t k = 0; k < tf; ++k) {
        uint64_t delta = 0;
        if (!GetVarint64(&in, &delta)) return false;
        at += delta;
        positions.push_back(static_cast<uint32_t>(at));
      }
    }
  }
  return in.empty();
}

const PostingList* InvertedIndex::Find(Field f, std::string_view term) const {
  return FindKey(IndexKey(f, term));
}

const PostingList* InvertedIndex::FindKey(std::string_view key) const {
  auto it = lists_.find(key);
  return it == lists_.end() ? nullptr : &it->second;
}

bool InvertedIndex::Add(DocNum doc, const DocTerms& d) {
  std::string key;
  for (int slot = 0; slot < 2; ++slot) {
    for (const auto& [term, positions] : d.terms[slot]) {
      key.assign(1, static_cast<char>(kFields[slot]));
      key.append(term);
      auto it = lists_.find(key);
      if (it == lists_.end()) it = lists_.emplace(key, PostingList()).first;
      if (!it->second.Append(doc, positions)) return false;
    }
  }
  return true;
}

bool InvertedIndex::AppendBlob(std::string_view key, std::string_view blob) {
  auto it = lists_.find(key);
  if (it == lists_.end())
    it = lists_.emplace(std::string(key), PostingList()).first;
  const bool ok = it->second.AppendBlob(blob);
  if (it->second.empty()) lists_.erase(it);
  return ok;
}

std::vector<std::string> InvertedIndex::KeysOf(DocNum doc) const {
  std::vector<std::string> keys;
  for (const auto& [key, list] : lists_) {
    if (list.last() == kNoDoc || list.last() < doc) continue;
    PostingList::Cursor c = list.cursor();
    if (c.SkipTo(doc) == doc) keys.push_back(key);
  }
  return keys;
}

void InvertedIndex::Remove(DocNum doc, const std::vector<std::string>& keys) {
  for (const std::string& key : keys) {
    auto it = lists_.find(key);
    if (it == lists_.end()) continue;
    it->second.Remove(doc);
    if (it->second.empty()) lists_.erase(it);
  }
}

void InvertedIndex::ForEach(
    const std::function<void(std::string_view, const PostingList&)>& fn) const {
  for (const auto& [key, list] : lists_) fn(key, list);
}

uint64_t InvertedIndex::postings() const {
  uint64_t n = 0;
  for (const auto& [key, list] : lists_) n += list.size();
  return n;
}

size_t InvertedIndex::bytes() const {
  size_t n = 0;
  for (const auto& [key, list] : lists_) n += key.size() + list.bytes();
  return n;
}

}  // namespace ink::store
