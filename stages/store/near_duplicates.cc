// Near-duplicate clusters: finding a new document's near-duplicates by
// simhash bands and body hash, and joining (merging) their clusters.
#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <bit>
#include <set>

#include "stages/store/store_internal.h"

namespace ink::store {
namespace {

// Near-duplicate candidates read per simhash band or body hash.
constexpr size_t kMaxNearMatchesPerKey = 32;

}  // namespace

Status Store::FindNearDuplicates(const v1::Enrichment& e,
                                 std::vector<std::string>* doc_ids) const {
  doc_ids->clear();
  if (e.simhash() == 0 && e.body_hash().empty()) return Status::OK();
  // One iterator for the five seeks: creating one costs more than a seek.
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), fingerprints_));
  // Calls fn(doc_id, value) for the keys starting with prefix, at most
  // kMaxNearMatchesPerKey accepted (fn returns whether it accepted).
  auto scan = [&](const std::string& prefix, auto fn) {
    size_t matches = 0;
    const rocksdb::Slice p(prefix);
    for (it->Seek(p); it->Valid() && it->key().starts_with(p); it->Next()) {
      std::string_view key = it->key().ToStringView();
      if (fn(key.substr(prefix.size()), it->value().ToStringView()) &&
          ++matches >= kMaxNearMatchesPerKey)
        break;
    }
  };
  if (e.simhash() != 0) {
    for (int band = 0; band < kSimHashBands; ++band) {
      scan(BandPrefix(band, e.simhash()),
           [&](std::string_view id, std::string_view value) {
             uint64_t other = 0;
             if (!DecodeFixed64(value, &other) ||
                 SimHashDistance(other, e.simhash()) > kMaxSimHashDistance)
               return false;
             doc_ids->emplace_back(id);
             return true;
           });
    }
  }
  if (!e.body_hash().empty()) {
    scan(BodyHashPrefix(e.body_hash()),
         [&](std::string_view id, std::string_view) {
           doc_ids->emplace_back(id);
           return true;
         });
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "scan fingerprints"));
  std::sort(doc_ids->begin(), doc_ids->end());
  doc_ids->erase(std::unique(doc_ids->begin(), doc_ids->end()), doc_ids->end());
  return Status::OK();
}

Status Store::JoinNearDuplicates(std::string_view doc_id,
                                 const v1::Enrichment& e, TouchedMetas* touched,
                                 rocksdb::WriteBatch* batch,
                                 std::string* cluster_out) {
  // Join (and merge) the clusters of every match; the cluster whose first
  // member was stored first keeps its id.
  std::vector<std::string> near;
  RETURN_IF_ERROR(FindNearDuplicates(e, &near));
  std::set<std::string> clusters;
  // In-memory metadata: a cluster's members are only read and rewritten
  // when two clusters merge.
  auto meta_of = [&](const std::string& id) -> const DocMeta* {
    auto t = touched->find(id);
    if (t != touched->end()) return &t->second;
    std::optional<DocNum> n = Number(id);
    return n ? &metas_[*n] : nullptr;
  };
  for (const std::string& id : near) {
    if (const DocMeta* m = meta_of(id)) clusters.insert(ClusterOf(id, *m));
  }
  std::string cluster(doc_id);
  if (!clusters.empty()) {
    // A cluster's id is its first member; a deleted (or pre-sequence) first
    // member sorts last.
    uint64_t oldest = UINT64_MAX;
    for (const std::string& c : clusters) {
      const DocMeta* first = meta_of(c);
      uint64_t seq = first != nullptr && first->sequence != 0 ? first->sequence
                                                              : UINT64_MAX - 1;
      if (seq < oldest || (seq == oldest && c < cluster)) {
        oldest = seq;
        cluster = c;
      }
    }
    for (const std::string& c : clusters) {
      if (c == cluster) continue;
      std::vector<std::string> members;
      RETURN_IF_ERROR(ReadClusterMembers(c, &members));
      for (const std::string& m : members) {
        ASSIGN_OR_RETURN(DocMeta * member, Touch(touched, m));
        member->cluster = cluster;
        batch->Delete(clusters_, ClusterPrefix(c) + m);
        batch->Put(clusters_, ClusterPrefix(cluster) + m, "");
      }
    }
  }
  batch->Put(clusters_, ClusterPrefix(cluster) + std::string(doc_id), "");
  if (e.simhash() != 0) {
    for (int band = 0; band < kSimHashBands; ++band) {
      batch->Put(fingerprints_, BandKey(band, e.simhash(), doc_id),
                 Fixed64(e.simhash()));
    }
  }
  if (!e.body_hash().empty())
    batch->Put(fingerprints_,
               BodyHashPrefix(e.body_hash()) + std::string(doc_id), "");
  *cluster_out = std::move(cluster);
  return Status::OK();
}

int SimHashDistance(uint64_t a, uint64_t b) { return std::popcount(a ^ b); }

}  // namespace ink::store
