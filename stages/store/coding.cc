#include "stages/store/coding.h"

namespace ink::store {

void PutVarint64(std::string* dst, uint64_t v) {
  while (v >= 0x80) {
    dst->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  dst->push_back(static_cast<char>(v));
}

bool GetVarint64(std::string_view* in, uint64_t* v) {
  uint64_t result = 0;
  for (int shift = 0; shift <= 63 && !in->empty(); shift += 7) {
    uint64_t byte = static_cast<unsigned char>(in->front());
    in->remove_prefix(1);
    result |= (byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      *v = result;
      return true;
    }
  }
  return false;
}

void PutFixed64(std::string* dst, uint64_t v) {
  for (int i = 0; i < 8; ++i)
    dst->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

bool DecodeFixed64(std::string_view in, uint64_t* v) {
  if (in.size() != 8) return false;
  uint64_t result = 0;
  for (int i = 0; i < 8; ++i) {
    result |= static_cast<uint64_t>(static_cast<unsigned char>(in[i]))
              << (8 * i);
  }
  *v = result;
  return true;
}

void PutLengthPrefixed(std::string* dst, std::string_view s) {
  PutVarint64(dst, s.size());
  dst->append(s);
}

bool GetLengthPrefixed(std::string_view* in, std::string_view* s) {
  uint64_t n = 0;
  if (!GetVarint64(in, &n) || n > in->size()) return false;
  *s = in->substr(0, n);
  in->remove_prefix(n);
  return true;
}

std::string TermKey(Field field, std::string_view term) {
  std::string key(1, static_cast<char>(field));
  key.append(term);
  return key;
}

std::string PostingsPrefix(Field field, std::string_view term) {
  std::string key = TermKey(field, term);
  key.push_back('\0');
  return key;
}

std::string PostingsKey(Field field, std::string_view term,
                        std::string_view doc_id) {
  std::string key = PostingsPrefix(field, term);
  key.append(doc_id);
  return key;
}

std::string EncodePostingValue(const std::vector<uint32_t>& positions) {
  std::string out;
  PutVarint64(&out, positions.size());
  uint32_t prev = 0;
  for (uint32_t p : positions) {
    PutVarint64(&out, p - prev);
    prev = p;
  }
  return out;
}

bool DecodePostingValue(std::string_view value,
                        std::vector<uint32_t>* positions) {
  positions->clear();
  uint64_t tf = 0;
  if (!GetVarint64(&value, &tf) || tf > value.size()) return false;
  positions->reserve(tf);
  uint64_t prev = 0;
  for (uint64_t i = 0; i < tf; ++i) {
    uint64_t delta = 0;
    if (!GetVarint64(&value, &delta)) return false;
    prev += delta;
    positions->push_back(static_cast<uint32_t>(prev));
  }
  return value.empty();
}

std::string NormalizeTagValue(std::string_view value) {
  auto space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  };
  while (!value.empty() && space(value.front())) value.remove_prefix(1);
  while (!value.empty() && space(value.back())) value.remove_suffix(1);
  std::string out(value);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == '\0') c = ' ';  // '\0' separates value and doc_id in keys.
  }
  return out;
}

std::string TagPrefix(Tag tag, std::string_view value) {
  std::string key(1, static_cast<char>(tag));
  key.append(value);
  key.push_back('\0');
  return key;
}

std::string TagKey(Tag tag, std::string_view value, std::string_view doc_id) {
  std::string key = TagPrefix(tag, value);
  key.append(doc_id);
  return key;
}

std::string BandPrefix(int band, uint64_t simhash) {
  const auto bits = static_cast<uint16_t>(simhash >> (16 * band));
  std::string key = "S";
  key.push_back(static_cast<char>(band));
  key.push_back(static_cast<char>(bits >> 8));
  key.push_back(static_cast<char>(bits & 0xFF));
  return key;
}

std::string BandKey(int band, uint64_t simhash, std::string_view doc_id) {
  std::string key = BandPrefix(band, simhash);
  key.append(doc_id);
  return key;
}

std::string BodyHashPrefix(std::string_view body_hash) {
  std::string key = "H";
  key.append(body_hash);
  key.push_back('\0');
  return key;
}

std::string ClusterPrefix(std::string_view cluster) {
  std::string key(cluster);
  key.push_back('\0');
  return key;
}

}  // namespace ink::store
