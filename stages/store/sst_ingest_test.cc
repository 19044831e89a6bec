#include "stages/store/sst_ingest.h"

#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "common/testing/temp_dir.h"
#include "stages/store/posting_list.h"
#include "stages/store/store.h"
#include "stages/store/store_internal.h"
#include "stages/store/store_testing.h"

namespace ink::store {
namespace {

namespace fs = std::filesystem;
using testing::Df;
using testing::MakeEnvelope;
using testing::ReadPostingsLocked;

// A RocksDB database opened with every column family it has (or just
// the default one, created), closed on destruction.
class RawDb {
 public:
  explicit RawDb(const std::string& path) {
    std::vector<std::string> names;
    if (!rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), path, &names)
             .ok())
      names = {rocksdb::kDefaultColumnFamilyName};
    std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
    for (const std::string& n : names)
      cfs.emplace_back(n, rocksdb::ColumnFamilyOptions());
    rocksdb::DBOptions options;
    options.create_if_missing = true;
    rocksdb::DB* raw = nullptr;
    status_ = rocksdb::DB::Open(options, path, cfs, &handles_, &raw);
    db_.reset(raw);
  }
  ~RawDb() {
    for (auto* h : handles_) (void)db_->DestroyColumnFamilyHandle(h);
    if (db_) (void)db_->Close();
  }
  bool ok() const { return status_.ok(); }
  rocksdb::DB* db() { return db_.get(); }
  rocksdb::ColumnFamilyHandle* cf(const std::string& name) {
    for (auto* h : handles_)
      if (h->GetName() == name) return h;
    return nullptr;
  }
  std::vector<std::string> Keys(const std::string& name) {
    std::vector<std::string> keys;
    std::unique_ptr<rocksdb::Iterator> it(
        db_->NewIterator(rocksdb::ReadOptions(), cf(name)));
    for (it->SeekToFirst(); it->Valid(); it->Next())
      keys.push_back(it->key().ToString());
    return keys;
  }

 private:
  rocksdb::Status status_;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
};

// Files in `dir` whose name starts with "ink-ingest-".
std::vector<std::string> IngestFiles(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string n = e.path().filename().string();
    if (n.rfind("ink-ingest-", 0) == 0) names.push_back(n);
  }
  return names;
}

TEST(SstIngestTest, IngestedKeysAreReadableAndTheFileIsGone) {
  ink::testing::TempDir dir;
  RawDb db(dir.Sub("db"));
  ASSERT_TRUE(db.ok());
  auto ingest = SstIngest::Open(db.db(), db.cf("default"), dir.Sub("db"), true);
  ASSERT_TRUE(ingest.ok()) << ingest.status().ToString();
  ASSERT_TRUE((*ingest)->Put("a", "1").ok());
  ASSERT_TRUE((*ingest)->Put("b", "2").ok());
  EXPECT_EQ(IngestFiles(dir.Sub("db")).size(), 1u);  // Being written.
  ASSERT_TRUE((*ingest)->Ingest().ok());
  EXPECT_EQ(db.Keys("default"), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(IngestFiles(dir.Sub("db")).empty());
  // Keys written later through the memtable order after the file's.
  ASSERT_TRUE(db.db()->Put(rocksdb::WriteOptions(), "a", "3").ok());
  std::string value;
  ASSERT_TRUE(db.db()->Get(rocksdb::ReadOptions(), "a", &value).ok());
  EXPECT_EQ(value, "3");
}

TEST(SstIngestTest, KeysOutOfOrderIngestNothingAndLeaveNoFile) {
  ink::testing::TempDir dir;
  RawDb db(dir.Sub("db"));
  ASSERT_TRUE(db.ok());
  {
    auto ingest =
        SstIngest::Open(db.db(), db.cf("default"), dir.Sub("db"), true);
    ASSERT_TRUE(ingest.ok());
    ASSERT_TRUE((*ingest)->Put("b", "1").ok());
    EXPECT_FALSE((*ingest)->Put("a", "2").ok());
    EXPECT_FALSE((*ingest)->Put("c", "3").ok());  // Stays failed.
    EXPECT_FALSE((*ingest)->Ingest().ok());
  }
  EXPECT_TRUE(db.Keys("default").empty());
  EXPECT_TRUE(IngestFiles(dir.Sub("db")).empty());
  {
    // Abandoned without Ingest(): the file goes with the writer.
    auto ingest =
        SstIngest::Open(db.db(), db.cf("default"), dir.Sub("db"), true);
    ASSERT_TRUE(ingest.ok());
    ASSERT_TRUE((*ingest)->Put("a", "1").ok());
  }
  EXPECT_TRUE(IngestFiles(dir.Sub("db")).empty());
  // Without keys, Ingest() does nothing.
  auto empty = SstIngest::Open(db.db(), db.cf("default"), dir.Sub("db"), true);
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE((*empty)->Ingest().ok());
  EXPECT_TRUE(db.Keys("default").empty());
  EXPECT_TRUE(IngestFiles(dir.Sub("db")).empty());
}

TEST(SstIngestTest, StaleFilesAreRemovedAndOthersKept) {
  ink::testing::TempDir dir;
  fs::create_directories(dir.Sub("d"));
  for (const char* name :
       {"ink-ingest-3.sst.tmp", "ink-ingest-.sst.tmp", "000012.sst", "LOCK"})
    std::ofstream(dir.Sub("d") + "/" + name) << "x";
  ASSERT_TRUE(RemoveStaleIngestFiles(dir.Sub("d")).ok());
  std::vector<std::string> left;
  for (const auto& e : fs::directory_iterator(dir.Sub("d")))
    left.push_back(e.path().filename().string());
  std::sort(left.begin(), left.end());
  EXPECT_EQ(left, (std::vector<std::string>{"000012.sst", "LOCK",
                                            "ink-ingest-.sst.tmp"}));
  EXPECT_FALSE(RemoveStaleIngestFiles(dir.Sub("missing")).ok());
}

std::vector<std::string> BodyDocs(const Store& store, const std::string& term) {
  std::vector<Posting> postings;
  EXPECT_TRUE(ReadPostingsLocked(store, Field::kBody, term, &postings).ok());
  std::vector<std::string> ids;
  for (const Posting& p : postings) ids.push_back(p.doc_id);
  return ids;
}

void ExpectVerified(const Store& store) {
  auto v = store.Verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE((*v)["ok"].get<bool>()) << v->dump(2);
}

// A segment is written in two steps: its table file is ingested, then a
// meta write names it live. A crash between them leaves keys under the
// next segment id (and, earlier, a half-written temporary file); the next
// open must drop both, keep the postings pending, and write that id
// afresh without reviving a key of the lost attempt.
TEST(SstIngestTest, ACrashBetweenIngestAndTheSegmentSwitchLeavesNoTrace) {
  ink::testing::TempDir dir;
  Options options;
  options.path = dir.Sub("db");
  options.segment_docs = 2;
  {
    auto store = Store::Open(options, nullptr);
    ASSERT_TRUE(store.ok());
    bool duplicate = false;
    for (const char* id : {"d0", "d1", "d2"}) {
      ASSERT_TRUE((*store)
                      ->Put(MakeEnvelope(id, id, "t", "bank rates"), &duplicate)
                      .ok());
    }
    EXPECT_EQ((*store)->Stats()["segments"], 1u);  // d0, d1; d2 pending.
    // What the disk holds before the next segment (see
    // PendingPostingsSurviveACrash).
    ASSERT_TRUE((*store)->Backup(dir.Sub("crash")).ok());
  }
  {
    // The crash: segment 1's file ingested (a term of no document, and a
    // second posting list of "bank"), the switch never written; a
    // temporary file of another attempt left behind.
    RawDb raw(dir.Sub("crash"));
    ASSERT_TRUE(raw.ok());
    auto ingest =
        SstIngest::Open(raw.db(), raw.cf("segments"), dir.Sub("crash"), false);
    ASSERT_TRUE(ingest.ok());
    PostingList ghost;
    ASSERT_TRUE(ghost.Append(0, {0}));
    ASSERT_TRUE(
        (*ingest)->Put(SegmentKey("Bbank", 1), ghost.EncodeBlob()).ok());
    ASSERT_TRUE(
        (*ingest)->Put(SegmentKey("Bghost", 1), ghost.EncodeBlob()).ok());
    ASSERT_TRUE((*ingest)->Ingest().ok());
    std::ofstream(dir.Sub("crash") + "/ink-ingest-41.sst.tmp") << "partial";
  }
  options.path = dir.Sub("crash");
  {
    auto store = Store::Open(options, nullptr);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    EXPECT_TRUE(IngestFiles(dir.Sub("crash")).empty());
    EXPECT_EQ((*store)->Stats()["segments"], 1u);
    EXPECT_EQ((*store)->Stats()["pending_documents"], 1u);
    EXPECT_EQ(BodyDocs(**store, "bank"),
              (std::vector<std::string>{"d0", "d1", "d2"}));
    EXPECT_TRUE(BodyDocs(**store, "ghost").empty());
    ExpectVerified(**store);
    // d2 and d3 make segment 1, written again.
    bool duplicate = false;
    ASSERT_TRUE(
        (*store)->Put(MakeEnvelope("d3", "d3", "t", "rates"), &duplicate).ok());
    EXPECT_EQ((*store)->Stats()["segments"], 2u);
    EXPECT_EQ((*store)->Stats()["pending_documents"], 0u);
  }
  auto store = Store::Open(options, nullptr);
  ASSERT_TRUE(store.ok());
  EXPECT_EQ(BodyDocs(**store, "bank"),
            (std::vector<std::string>{"d0", "d1", "d2"}));
  EXPECT_EQ(BodyDocs(**store, "rates"),
            (std::vector<std::string>{"d0", "d1", "d2", "d3"}));
  EXPECT_TRUE(BodyDocs(**store, "ghost").empty());
  ExpectVerified(**store);
}

}  // namespace
}  // namespace ink::store
