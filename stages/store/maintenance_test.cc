// The operator's tools: delete, verify, compact, backup and restore,
// reindex, history.
#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <thread>

#include "common/testing/temp_dir.h"
#include "stages/store/search.h"
#include "stages/store/store.h"
#include "stages/store/store_stage.h"
#include "stages/store/store_testing.h"

namespace ink::store {
namespace {

using testing::Df;
using testing::MakeEnvelope;
using testing::ReadPostingsLocked;
using Ids = std::vector<std::string>;

std::unique_ptr<Store> OpenOrDie(const std::string& path,
                                 const segmenter::Segmenter* seg = nullptr) {
  Options options;
  options.path = path;
  auto store = Store::Open(options, seg);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  return store.ok() ? std::move(store).value() : nullptr;
}

void PutOrDie(Store* store, const v1::Envelope& env) {
  bool duplicate = false;
  Status s = store->Put(env, &duplicate);
  ASSERT_TRUE(s.ok()) << s.ToString();
}

void ExpectVerified(const Store& store) {
  auto v = store.Verify();
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_TRUE((*v)["ok"].get<bool>()) << v->dump(2);
}

Ids Search(const Store& store, std::string_view query) {
  auto q = ParseQuery(query, testing::WhitespaceAnalyzer());
  EXPECT_TRUE(q.ok()) << q.status().ToString();
  Ids ids;
  if (!q.ok()) return ids;
  auto r = Searcher(&store).Search(*q, SearchOptions());
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  if (r.ok()) {
    for (const auto& h : r->hits) ids.push_back(h.doc_id());
  }
  return ids;
}

v1::Envelope Tagged(const std::string& id, const std::string& source,
                    const std::string& body, uint64_t simhash) {
  auto env = MakeEnvelope(id, source, "t", body);
  env.mutable_enrichment()->set_language("en");
  env.mutable_enrichment()->add_keywords()->set_term("bank");
  env.mutable_enrichment()->set_simhash(simhash);
  env.mutable_enrichment()->set_body_hash("hash-" + id);
  return env;
}

TEST(MaintenanceTest, DeleteRemovesEverythingIndexedForTheDocument) {
  ink::testing::TempDir dir;
  auto store = OpenOrDie(dir.Sub("db"));
  PutOrDie(store.get(), Tagged("d1", "a.txt", "bank rates", 0x1111));
  PutOrDie(store.get(), Tagged("d2", "b.txt", "bank loans", 0x1113));
  PutOrDie(store.get(), Tagged("d3", "c.txt", "fund", 0xFFFF0000FFFF0000));
  ExpectVerified(*store);
  ASSERT_EQ(store->Get("d2")->cluster(), "d1");

  std::string deleted;
  ASSERT_TRUE(store->Delete("d1", &deleted).ok());
  EXPECT_EQ(deleted, "d1");
  EXPECT_TRUE(store->Get("d1").status().IsNotFound());
  EXPECT_EQ(Search(*store, "bank"), (Ids{"d2"}));
  EXPECT_EQ(Search(*store, "rates"), Ids{});
  EXPECT_EQ(Search(*store, "keyword:bank").size(), 2u);  // d2, d3.
  EXPECT_EQ(store->CorpusStatsNow().documents, 2u);
  EXPECT_EQ(Df(*store, Field::kBody, "bank"), 1u);
  EXPECT_TRUE(store->Versions("a.txt").status().IsNotFound());
  ExpectVerified(*store);
  EXPECT_TRUE(store->Delete("d1", &deleted).IsNotFound());
}

TEST(MaintenanceTest, DeletingTheCurrentVersionMakesThePreviousCurrent) {
  ink::testing::TempDir dir;
  auto store = OpenOrDie(dir.Sub("db"));
  PutOrDie(store.get(), MakeEnvelope("v1", "r.txt", "t", "bank old"));
  PutOrDie(store.get(), MakeEnvelope("v2", "r.txt", "t", "bank new"));
  EXPECT_EQ(Search(*store, "bank"), (Ids{"v2"}));
  std::string deleted;
  ASSERT_TRUE(store->Delete("v2", &deleted).ok());
  EXPECT_EQ(Search(*store, "bank"), (Ids{"v1"}));
  EXPECT_EQ(store->Get("v1")->superseded_by(), "");
  EXPECT_EQ(store->Versions("r.txt").value(), (Ids{"v1"}));
  EXPECT_EQ(store->CorpusStatsNow().superseded, 0u);
  ExpectVerified(*store);
}

// Opens the database without the store and applies `damage` to it.
void DamageBehindTheStoresBack(
    const std::string& path,
    const std::function<void(rocksdb::DB*, const std::string& cf_name,
                             rocksdb::ColumnFamilyHandle*)>& damage) {
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  std::vector<std::string> names;
  ASSERT_TRUE(
      rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), path, &names).ok());
  for (const auto& n : names)
    cfs.emplace_back(n, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  ASSERT_TRUE(
      rocksdb::DB::Open(rocksdb::DBOptions(), path, cfs, &handles, &raw).ok());
  for (size_t i = 0; i < names.size(); ++i) damage(raw, names[i], handles[i]);
  for (auto* h : handles)
    raw->DestroyColumnFamilyHandle(h).PermitUncheckedError();
  delete raw;
}

TEST(MaintenanceTest, VerifyFindsAStrayPosting) {
  ink::testing::TempDir dir;
  const std::string path = dir.Sub("db");
  {
    auto store = OpenOrDie(path);
    PutOrDie(store.get(), MakeEnvelope("d1", "a.txt", "t", "bank"));
    // Merges resolved into SST values: the raw open below has no merge
    // operator.
    ASSERT_TRUE(store->Compact().ok());
  }
  // Postings of document number 99, which was never stored.
  DocTerms ghost;
  const uint32_t at[] = {1};
  ghost.Add(1, "ghost", at);
  ghost.length[1] = 1;
  DamageBehindTheStoresBack(path, [&](rocksdb::DB* db, const std::string& name,
                                      rocksdb::ColumnFamilyHandle* cf) {
    if (name != "pending") return;
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), cf,
                        std::string("\0\0\0\x63", 4), EncodeDocTerms(ghost))
                    .ok());
  });
  auto store = OpenOrDie(path);
  auto v = store->Verify();
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE((*v)["ok"].get<bool>());
  ASSERT_EQ((*v)["problem_count"].get<int>(), 1) << v->dump(2);
  EXPECT_NE((*v)["problems"][0].get<std::string>().find(
                "names missing document number 99"),
            std::string::npos);
}

TEST(MaintenanceTest, VerifyFindsADocumentWithoutPostings) {
  ink::testing::TempDir dir;
  const std::string path = dir.Sub("db");
  {
    auto store = OpenOrDie(path);
    PutOrDie(store.get(), MakeEnvelope("d1", "a.txt", "t", "bank"));
    ASSERT_TRUE(store->Compact().ok());
    ExpectVerified(*store);
  }
  DamageBehindTheStoresBack(path, [&](rocksdb::DB* db, const std::string& name,
                                      rocksdb::ColumnFamilyHandle* cf) {
    if (name != "segments") return;
    ASSERT_TRUE(
        db->DeleteRange(rocksdb::WriteOptions(), cf, "", std::string(6, '\xff'))
            .ok());
  });
  auto store = OpenOrDie(path);
  auto v = store->Verify();
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE((*v)["ok"].get<bool>());
  EXPECT_EQ((*v)["problem_count"].get<int>(), 1) << v->dump(2);
}

// A store of the layout before segments (one postings key per posting)
// is converted when opened read-write.
TEST(MaintenanceTest, OldPostingsAreConvertedToSegments) {
  ink::testing::TempDir dir;
  const std::string path = dir.Sub("db");
  {
    auto store = OpenOrDie(path);
    PutOrDie(store.get(), MakeEnvelope("d1", "a.txt", "t", "bank rates"));
    PutOrDie(store.get(), MakeEnvelope("d2", "b.txt", "t", "bank"));
    // Merges resolved: the raw open below has no merge operator.
    ASSERT_TRUE(store->Compact().ok());
  }
  DamageBehindTheStoresBack(path, [&](rocksdb::DB* db, const std::string& name,
                                      rocksdb::ColumnFamilyHandle* cf) {
    if (name == "segments") {
      ASSERT_TRUE(db->DeleteRange(rocksdb::WriteOptions(), cf, "",
                                  std::string(6, '\xff'))
                      .ok());
    } else if (name == "postings") {
      for (const char* id : {"d1", "d2"}) {
        ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), cf,
                            PostingsKey(Field::kBody, "bank", id),
                            EncodePostingValue({0}))
                        .ok());
      }
      ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), cf,
                          PostingsKey(Field::kBody, "rates", "d1"),
                          EncodePostingValue({1}))
                      .ok());
    }
  });
  auto store = OpenOrDie(path);
  Ids found = Search(*store, "bank");
  std::sort(found.begin(), found.end());
  EXPECT_EQ(found, (Ids{"d1", "d2"}));
  EXPECT_EQ(Search(*store, "\"bank rates\""), (Ids{"d1"}));
  EXPECT_EQ(Df(*store, Field::kBody, "rates"), 1u);
  ExpectVerified(*store);
}

TEST(MaintenanceTest, CompactKeepsTheData) {
  ink::testing::TempDir dir;
  auto store = OpenOrDie(dir.Sub("db"));
  for (int i = 0; i < 20; ++i) {
    // append(), not operator+: g++ 12 warns falsely (-Wrestrict) on the latter.
    const std::string n = std::to_string(i);
    PutOrDie(store.get(),
             MakeEnvelope(std::string("d").append(n),
                          std::string("s").append(n), "t", "bank"));
  }
  ASSERT_TRUE(store->Compact().ok());
  EXPECT_EQ(store->CorpusStatsNow().documents, 20u);
  ExpectVerified(*store);
}

TEST(MaintenanceTest, BackupThenRestore) {
  ink::testing::TempDir dir;
  const std::string path = dir.Sub("db");
  const std::string backup = dir.Sub("backup");
  {
    auto store = OpenOrDie(path);
    PutOrDie(store.get(), MakeEnvelope("d1", "a.txt", "t", "bank"));
    ASSERT_TRUE(store->Backup(backup).ok());
    EXPECT_TRUE(store->Backup(backup).IsInvalidArgument());  // Exists.
    PutOrDie(store.get(), MakeEnvelope("d2", "b.txt", "t", "bank"));
    std::string kept;
    // The daemon (here: this store) holds the database.
    EXPECT_EQ(Store::Restore(backup, path, &kept).code(),
              Status::Code::kUnavailable);
  }
  std::string kept;
  ASSERT_TRUE(Store::Restore(backup, path, &kept).ok());
  EXPECT_FALSE(kept.empty());
  auto restored = OpenOrDie(path);
  EXPECT_EQ(Search(*restored, "bank"), (Ids{"d1"}));
  ExpectVerified(*restored);
  auto before = OpenOrDie(kept);  // The replaced database is kept.
  EXPECT_EQ(before->CorpusStatsNow().documents, 2u);
  EXPECT_TRUE(Store::Restore(dir.Sub("none"), path, &kept).IsNotFound());
}

TEST(MaintenanceTest, ReindexRebuildsWithTheSegmenter) {
  auto seg = segmenter::Segmenter::Create(segmenter::Options());
  ASSERT_TRUE(seg.ok()) << seg.status().ToString();
  ink::testing::TempDir dir;
  auto store = OpenOrDie(dir.Sub("db"), seg->get());
  // Indexed with hand-made tokens: "Banks" as written, no stemming.
  PutOrDie(store.get(),
           MakeEnvelope("d1", "a.txt", "央行降息", "Banks cut rates"));
  Searcher searcher(store.get());
  EXPECT_EQ(searcher.Search("bank", SearchOptions())->total, 0u);
  auto r = store->Reindex();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)["documents"], 1);
  EXPECT_GT((*r)["postings_removed"].get<int>(), 0);
  EXPECT_EQ(searcher.Search("bank", SearchOptions())->total, 1u);
  EXPECT_EQ(searcher.Search("降息", SearchOptions())->total, 1u);
  ExpectVerified(*store);
  EXPECT_TRUE(OpenOrDie(dir.Sub("db2"))->Reindex().status().code() ==
              Status::Code::kUnavailable);  // No segmenter.
}

TEST(MaintenanceTest, QueriesKeepAnsweringDuringReindex) {
  auto seg = segmenter::Segmenter::Create(segmenter::Options());
  ASSERT_TRUE(seg.ok()) << seg.status().ToString();
  ink::testing::TempDir dir;
  auto store = OpenOrDie(dir.Sub("db"), seg->get());
  // Words the segmenter indexes as written, so the answers before, during
  // and after a reindex are the same.
  Ids banks;
  for (int i = 0; i < 300; ++i) {
    const std::string id = "d" + std::to_string(i);
    const bool bank = i % 3 == 0;
    if (bank) banks.push_back(id);
    PutOrDie(store.get(),
             MakeEnvelope(id, id + ".txt", "report " + std::to_string(i),
                          bank ? "bank news today" : "weather news today"));
  }
  std::sort(banks.begin(), banks.end());
  auto query = ParseQuery("bank news", testing::WhitespaceAnalyzer());
  ASSERT_TRUE(query.ok());
  SearchOptions options;
  options.limit = 1000;
  options.documents = false;
  Searcher searcher(store.get());
  // The right answer: every bank document, each once.
  auto answer_ok = [&] {
    auto r = searcher.Search(*query, options);
    if (!r.ok() || r->total != banks.size()) return false;
    Ids got;
    for (const auto& h : r->hits) got.push_back(h.doc_id());
    std::sort(got.begin(), got.end());
    return got == banks;
  };
  ASSERT_TRUE(answer_ok());

  std::atomic<bool> reindexing{false}, stop{false};
  std::atomic<int> during{0}, wrong{0};
  std::thread reader([&] {
    while (!stop) {
      const bool before = reindexing;
      const bool ok = answer_ok();
      if (!ok) ++wrong;
      if (before && reindexing) ++during;
    }
  });
  // Reindex until enough queries ran while one was under way (a loaded
  // machine may schedule the reader late).
  for (int round = 0; round < 50 && during < 20; ++round) {
    reindexing = true;
    auto r = store->Reindex();
    reindexing = false;
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ((*r)["documents"], 300);
  }
  stop = true;
  reader.join();
  EXPECT_GE(during.load(), 20);
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_TRUE(answer_ok());
  ExpectVerified(*store);
}

TEST(MaintenanceTest, ReindexTakesInPutsAndDeletesMadeWhileItRuns) {
  auto seg = segmenter::Segmenter::Create(segmenter::Options());
  ASSERT_TRUE(seg.ok()) << seg.status().ToString();
  ink::testing::TempDir dir;
  auto store = OpenOrDie(dir.Sub("db"), seg->get());
  PutOrDie(store.get(), MakeEnvelope("d1", "a.txt", "Banks", "Banks cut"));
  PutOrDie(store.get(), MakeEnvelope("d2", "b.txt", "Banks", "Banks rose"));
  // The hook runs after the documents are read, before the switch: what
  // another thread's Put and Delete would do at that moment.
  ReindexControl control;
  control.before_switch = [&] {
    PutOrDie(store.get(), MakeEnvelope("d3", "c.txt", "Banks", "Banks fell"));
    std::string deleted;
    ASSERT_TRUE(store->Delete("d1", &deleted).ok());
    // The old index still answers (hand-made tokens: "Banks" as written).
    EXPECT_EQ(Search(*store, "Banks").size(), 2u);
  };
  auto r = store->Reindex(control);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)["documents"], 2);
  // Rebuilt with the segmenter ("banks" normalised), d3 included, d1 gone.
  Ids ids = Search(*store, "bank");
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (Ids{"d2", "d3"}));
  EXPECT_EQ(store->CorpusStatsNow().documents, 2u);
  ExpectVerified(*store);
  // And after reopening, from what was written.
  store.reset();
  store = OpenOrDie(dir.Sub("db"), seg->get());
  ids = Search(*store, "bank");
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (Ids{"d2", "d3"}));
  ExpectVerified(*store);
}

TEST(MaintenanceTest, ReindexWritesItsIndexBeforeTheSwitch) {
  auto seg = segmenter::Segmenter::Create(segmenter::Options());
  ASSERT_TRUE(seg.ok()) << seg.status().ToString();
  ink::testing::TempDir dir;
  Options options;
  options.path = dir.Sub("db");
  options.segment_docs = 2;  // Segments written before and while it runs.
  auto opened = Store::Open(options, seg->get());
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  std::unique_ptr<Store> store = std::move(opened).value();
  PutOrDie(store.get(), MakeEnvelope("d1", "a.txt", "Banks", "Banks cut"));
  // Hand-made title tokens: one word; the segmenter makes two (央行 降息).
  PutOrDie(store.get(), MakeEnvelope("d2", "b.txt", "央行降息", "Banks rose"));
  PutOrDie(store.get(), MakeEnvelope("d4", "d.txt", "Banks", "Banks held"));
  ASSERT_EQ(store->ReadDocMeta("d2")->title_length, 1u);
  // Once the new segment and lengths are written: a new document, a new
  // version of d2 (which rewrites d2's metadata and article), a delete of
  // a document the new segment holds, and a flush that has to wait.
  ReindexControl control;
  control.after_write = [&] {
    PutOrDie(store.get(), MakeEnvelope("d3", "c.txt", "Banks", "Banks fell"));
    PutOrDie(store.get(), MakeEnvelope("d5", "e.txt", "Banks", "Banks sold"));
    PutOrDie(store.get(),
             MakeEnvelope("d2b", "b.txt", "央行降息", "Banks rose again"));
    std::string deleted;
    ASSERT_TRUE(store->Delete("d1", &deleted).ok());
    EXPECT_TRUE(store->FlushSegment().ok());
    EXPECT_EQ(store->Compact().code(), Status::Code::kUnavailable);
    // The old index still answers (hand-made tokens: "Banks" as written).
    EXPECT_TRUE(Search(*store, "bank").empty());
    EXPECT_FALSE(Search(*store, "Banks").empty());
  };
  auto r = store->Reindex(control);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)["documents"], 5);  // d2, d4 read; d3, d5, d2b stored since.
  auto check = [&](const Store& s) {
    Ids ids = Search(s, "bank");
    std::sort(ids.begin(), ids.end());
    EXPECT_EQ(ids, (Ids{"d2b", "d3", "d4", "d5"}));
    auto d2 = s.ReadDocMeta("d2");
    ASSERT_TRUE(d2.ok());
    EXPECT_TRUE(d2->superseded);
    EXPECT_EQ(d2->title_length, 2u);
    auto doc = s.Get("d2");
    ASSERT_TRUE(doc.ok());
    EXPECT_EQ(doc->superseded_by(), "d2b");
    EXPECT_EQ(s.CorpusStatsNow().documents, 5u);
    ExpectVerified(s);
  };
  check(*store);
  ASSERT_TRUE(store->Compact().ok());  // Free again after the switch.
  check(*store);
  store.reset();
  opened = Store::Open(options, seg->get());
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  check(**opened);
}

// Keys in one column family of the database at `path`, read behind the
// store's back (read-only: nothing is recovered into a table file).
size_t KeysIn(const std::string& path, const std::string& cf_name) {
  std::vector<std::string> names;
  EXPECT_TRUE(
      rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), path, &names).ok());
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (const auto& n : names)
    cfs.emplace_back(n, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  EXPECT_TRUE(rocksdb::DB::OpenForReadOnly(rocksdb::DBOptions(), path, cfs,
                                           &handles, &raw)
                  .ok());
  if (raw == nullptr) return 0;
  size_t keys = 0;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] != cf_name) continue;
    std::unique_ptr<rocksdb::Iterator> it(
        raw->NewIterator(rocksdb::ReadOptions(), handles[i]));
    for (it->SeekToFirst(); it->Valid(); it->Next()) ++keys;
  }
  for (auto* h : handles)
    raw->DestroyColumnFamilyHandle(h).PermitUncheckedError();
  delete raw;
  return keys;
}

// An envelope whose tokens are the segmenter's, as the pipeline sends it.
v1::Envelope SegmentedBy(const segmenter::Segmenter& seg, v1::Envelope env) {
  env.clear_segmented();
  seg.SegmentArticle(env.clean(), env.mutable_segmented());
  return env;
}

// A store with a segmenter writes no pending record: its postings wait in
// memory for the next segment, and after a crash (a checkpoint taken
// before any segment) the stored text of the documents is segmented again
// at open, in memory for a reader, into a segment for the writer.
TEST(MaintenanceTest, UnflushedPostingsAreSegmentedAgainAfterACrash) {
  auto seg = segmenter::Segmenter::Create(segmenter::Options());
  ASSERT_TRUE(seg.ok()) << seg.status().ToString();
  ink::testing::TempDir dir;
  const std::string crashed = dir.Sub("crashed");
  {
    auto store = OpenOrDie(dir.Sub("db"), seg->get());
    PutOrDie(store.get(),
             SegmentedBy(**seg, MakeEnvelope("d1", "a.txt", "Banks cut rates",
                                             "Central banks cut rates.")));
    PutOrDie(store.get(),
             SegmentedBy(**seg, MakeEnvelope("d2", "b.txt", "Floods",
                                             "Rivers flooded the valley.")));
    EXPECT_EQ(store->Stats()["pending_documents"], 2u);
    ExpectVerified(*store);
    ASSERT_TRUE(store->Backup(crashed).ok());
  }
  EXPECT_EQ(KeysIn(crashed, "pending"), 0u);
  EXPECT_EQ(KeysIn(crashed, "documents"), 2u);
  {
    Options options;
    options.path = crashed;
    auto reader = Store::OpenReadOnly(options, seg->get());
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    EXPECT_EQ(Search(**reader, "bank"), (Ids{"d1"}));
    EXPECT_EQ((*reader)->Stats()["segments"], 0u);
  }
  auto store = OpenOrDie(crashed, seg->get());
  EXPECT_EQ(store->Stats()["segments"], 1u);
  EXPECT_EQ(store->Stats()["pending_documents"], 0u);
  EXPECT_EQ(store->Stats()["resegmented_at_open"], 2u);
  EXPECT_EQ(Search(*store, "bank"), (Ids{"d1"}));
  EXPECT_EQ(Search(*store, "valley"), (Ids{"d2"}));
  auto v = store->Verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE((*v)["ok"].get<bool>()) << v->dump(2);
  EXPECT_FALSE(v->contains("warnings")) << v->dump(2);
}

// Postings in memory only that the store's segmenter would not give again
// (tokens of another segmenter, as after a dictionary change) are a
// warning of verify, not a problem; once in a segment they are on disk.
TEST(MaintenanceTest, VerifyWarnsOfUnflushedPostingsTheSegmenterWouldChange) {
  auto seg = segmenter::Segmenter::Create(segmenter::Options());
  ASSERT_TRUE(seg.ok()) << seg.status().ToString();
  ink::testing::TempDir dir;
  auto store = OpenOrDie(dir.Sub("db"), seg->get());
  // Hand-made tokens: "Banks" as written, where the segmenter gives "bank".
  PutOrDie(store.get(), MakeEnvelope("d1", "a.txt", "Banks", "Banks cut"));
  auto v = store->Verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE((*v)["ok"].get<bool>()) << v->dump(2);
  ASSERT_TRUE(v->contains("warnings")) << v->dump(2);
  EXPECT_NE((*v)["warnings"][0].get<std::string>().find("segmenter changed"),
            std::string::npos);
  ASSERT_TRUE(store->FlushSegment().ok());
  v = store->Verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE((*v)["ok"].get<bool>()) << v->dump(2);
  EXPECT_FALSE(v->contains("warnings")) << v->dump(2);
}

TEST(MaintenanceTest, ACancelledReindexLeavesTheOldIndex) {
  auto seg = segmenter::Segmenter::Create(segmenter::Options());
  ASSERT_TRUE(seg.ok()) << seg.status().ToString();
  ink::testing::TempDir dir;
  auto store = OpenOrDie(dir.Sub("db"), seg->get());
  PutOrDie(store.get(), MakeEnvelope("d1", "a.txt", "Banks", "Banks cut"));
  std::atomic<bool> cancel{false};
  ReindexControl control;
  control.cancel = &cancel;
  control.before_switch = [&] { cancel = true; };
  auto r = store->Reindex(control);
  EXPECT_EQ(r.status().code(), Status::Code::kUnavailable);
  EXPECT_FALSE(store->reindexing());
  EXPECT_EQ(Search(*store, "Banks"), (Ids{"d1"}));
  EXPECT_TRUE(Search(*store, "bank").empty());
  ExpectVerified(*store);
  // A later reindex runs.
  control = ReindexControl();
  ASSERT_TRUE(store->Reindex(control).ok());
  EXPECT_EQ(Search(*store, "bank"), (Ids{"d1"}));
}

TEST(MaintenanceTest, NumbersAreNotReusedAfterDeletingTheLastDocument) {
  ink::testing::TempDir dir;
  {
    auto store = OpenOrDie(dir.Sub("db"));
    PutOrDie(store.get(), MakeEnvelope("d1", "a.txt", "t", "alpha"));
    PutOrDie(store.get(), MakeEnvelope("d2", "b.txt", "t", "beta"));
    std::string deleted;
    ASSERT_TRUE(store->Delete("d2", &deleted).ok());
  }
  auto store = OpenOrDie(dir.Sub("db"));
  // The corpus figures are recomputed from doc_meta at open.
  EXPECT_EQ(store->CorpusStatsNow().documents, 1u);
  EXPECT_EQ(store->CorpusStatsNow().body_length, 1u);
  PutOrDie(store.get(), MakeEnvelope("d3", "c.txt", "t", "beta"));
  EXPECT_EQ(store->Number("d3"), std::optional<DocNum>(2));
  EXPECT_EQ(Search(*store, "beta"), (Ids{"d3"}));
  ExpectVerified(*store);
}

TEST(MaintenanceTest, HistoryListsVersionsOldestFirst) {
  ink::testing::TempDir dir;
  auto store = OpenOrDie(dir.Sub("db"));
  PutOrDie(store.get(), MakeEnvelope("v1", "r.txt", "first", "a"));
  PutOrDie(store.get(), MakeEnvelope("v2", "r.txt", "second", "b"));
  auto h = History(*store, "r.txt");
  ASSERT_TRUE(h.ok());
  ASSERT_EQ((*h)["versions"].size(), 2u);
  EXPECT_EQ((*h)["versions"][0]["id"], "v1");
  EXPECT_EQ((*h)["versions"][0]["superseded_by"], "v2");
  EXPECT_EQ((*h)["versions"][1]["title"], "second");
  EXPECT_TRUE((*h)["versions"][1]["current"].get<bool>());
  EXPECT_TRUE(History(*store, "none").status().IsNotFound());
}

}  // namespace
}  // namespace ink::store
