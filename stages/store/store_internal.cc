#include "stages/store/store_internal.h"

#include <chrono>

namespace ink::store {

Status FromRocks(const rocksdb::Status& s, std::string_view what) {
  if (s.ok()) return Status::OK();
  std::string msg = std::string(what) + ": " + s.ToString();
  if (s.IsNotFound()) return Status::NotFound(msg);
  if (s.IsCorruption()) return Status::Corruption(msg);
  if (s.IsIOError() || s.IsNoSpace()) return Status::IOError(msg);
  if (s.IsInvalidArgument()) return Status::InvalidArgument(msg);
  if (s.IsBusy() || s.IsTryAgain() || s.IsTimedOut())
    return Status::Unavailable(msg);
  return Status::Internal(msg);
}

std::string Fixed64(uint64_t v) {
  std::string s;
  PutFixed64(&s, v);
  return s;
}

std::string ClusterOf(std::string_view doc_id, const DocMeta& m) {
  return m.cluster.empty() ? std::string(doc_id) : m.cluster;
}

void PutBigEndian32(std::string* dst, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8)
    dst->push_back(static_cast<char>((v >> shift) & 0xFF));
}

uint32_t GetBigEndian32(std::string_view in) {
  uint32_t v = 0;
  for (size_t i = 0; i < 4; ++i)
    v = (v << 8) | static_cast<unsigned char>(in[i]);
  return v;
}

std::string PendingKey(DocNum doc) {
  std::string k;
  PutBigEndian32(&k, doc);
  return k;
}

std::string SegmentKey(std::string_view index_key, uint32_t segment) {
  std::string k(index_key);
  k.push_back('\0');
  PutBigEndian32(&k, segment);
  return k;
}

bool ParseSegmentKey(std::string_view key, std::string_view* index_key,
                     uint32_t* segment) {
  if (key.size() < 6 || key[key.size() - 5] != '\0') return false;
  *index_key = key.substr(0, key.size() - 5);
  *segment = GetBigEndian32(key.substr(key.size() - 4));
  return true;
}

int64_t NowUnixMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace ink::store
