// The store's indexing thread (see "Indexing behind Put" in store.h): what
// a Put hands over is searchable once the Put returns, readers and Verify
// running beside an ingest see one consistent store, and a copy of the
// database taken mid-ingest keeps the postings of every document it holds.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "common/testing/temp_dir.h"
#include "stages/store/query_parser.h"
#include "stages/store/search.h"
#include "stages/store/store.h"
#include "stages/store/store_testing.h"

namespace ink::store {
namespace {

using testing::Df;
using testing::MakeEnvelope;

std::unique_ptr<Store> OpenOrDie(const std::string& path,
                                 uint32_t segment_docs) {
  Options options;
  options.path = path;
  options.segment_docs = segment_docs;
  auto store = Store::Open(options, nullptr);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  return std::move(store).value();
}

std::string Id(int i) { return "doc" + std::to_string(i); }
// Every document has "bank" and a word of its own.
v1::Envelope Doc(int i) {
  return MakeEnvelope(Id(i), Id(i) + ".txt", "title",
                      "bank w" + std::to_string(i));
}

void PutOrDie(Store* store, const v1::Envelope& env) {
  bool duplicate = false;
  Status s = store->Put(env, &duplicate);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_FALSE(duplicate);
}

void ExpectVerified(const Store& store) {
  auto v = store.Verify();
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_TRUE((*v)["ok"].get<bool>()) << v->dump(2);
}

TEST(StoreIndexingTest, EveryPutIsSearchableOnReturnWhileSegmentsAreWritten) {
  ink::testing::TempDir dir;
  constexpr int kDocs = 200;
  auto store = OpenOrDie(dir.Sub("db"), /*segment_docs=*/7);
  for (int i = 0; i < kDocs; ++i) {
    PutOrDie(store.get(), Doc(i));
    ASSERT_EQ(Df(*store, Field::kBody, "w" + std::to_string(i)), 1u) << i;
  }
  EXPECT_EQ(Df(*store, Field::kBody, "bank"), static_cast<uint64_t>(kDocs));
  // Stats() counts the segment the last Put made due.
  const nlohmann::json stats = store->Stats();
  EXPECT_EQ(stats["pending_documents"], kDocs % 7);
  EXPECT_EQ(stats["segments"], kDocs / 7);
  ExpectVerified(*store);
  // Deleting right after a Put sees its postings.
  PutOrDie(store.get(), Doc(kDocs));
  std::string deleted;
  ASSERT_TRUE(store->Delete(Id(kDocs), &deleted).ok());
  EXPECT_EQ(Df(*store, Field::kBody, "w" + std::to_string(kDocs)), 0u);
  ExpectVerified(*store);
}

// Verify() and searches while another thread stores documents: every check
// agrees, and a document found once stays found.
TEST(StoreIndexingTest, ReadersAndVerifyBesideAnIngestSeeOneConsistentStore) {
  ink::testing::TempDir dir;
  constexpr int kDocs = 600;
  auto store = OpenOrDie(dir.Sub("db"), /*segment_docs=*/16);
  std::atomic<int> stored{0};
  std::thread writer([&] {
    for (int i = 0; i < kDocs; ++i) {
      PutOrDie(store.get(), Doc(i));
      stored.store(i + 1, std::memory_order_release);
    }
  });
  uint64_t last_df = 0;
  int verifies = 0;
  while (stored.load(std::memory_order_acquire) < kDocs) {
    const int before = stored.load(std::memory_order_acquire);
    const uint64_t df = Df(*store, Field::kBody, "bank");
    EXPECT_GE(df, static_cast<uint64_t>(before));
    EXPECT_GE(df, last_df);
    last_df = df;
    auto v = store->Verify();
    ASSERT_TRUE(v.ok()) << v.status().ToString();
    EXPECT_TRUE((*v)["ok"].get<bool>()) << v->dump(2);
    ++verifies;
  }
  writer.join();
  EXPECT_GT(verifies, 0);
  EXPECT_EQ(Df(*store, Field::kBody, "bank"), static_cast<uint64_t>(kDocs));
  ExpectVerified(*store);
}

// Queries beside an ingest where every Put supersedes the previous version
// of its source: a query sees a Put whole or not at all. A document visible
// before its postings would match "-bank"; a version superseded before
// its successor is visible would leave a source without a current version.
TEST(StoreIndexingTest, AQueryBesideAnIngestSeesEachPutWholeOrNotAtAll) {
  ink::testing::TempDir dir;
  constexpr int kDocs = 600, kSources = 3;
  auto store = OpenOrDie(dir.Sub("db"), /*segment_docs=*/16);
  Searcher searcher(store.get());
  auto total = [&](std::string_view query) -> uint64_t {
    auto parsed = ParseQuery(query, testing::WhitespaceAnalyzer());
    EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
    if (!parsed.ok()) return UINT64_MAX;
    SearchOptions options;
    options.exact_total = true;
    auto r = searcher.Search(*parsed, options);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->total : UINT64_MAX;
  };
  std::atomic<int> stored{0};
  std::thread writer([&] {
    for (int i = 0; i < kDocs; ++i) {
      PutOrDie(store.get(),
               MakeEnvelope(Id(i), "s" + std::to_string(i % kSources) + ".txt",
                            "title", "bank w" + std::to_string(i)));
      stored.store(i + 1, std::memory_order_release);
    }
  });
  int queries = 0;
  while (stored.load(std::memory_order_acquire) < kDocs) {
    const int before = stored.load(std::memory_order_acquire);
    ASSERT_EQ(total("-bank"), 0u);
    const uint64_t current = total("bank");
    if (before >= kSources) {
      ASSERT_EQ(current, uint64_t{kSources});
    }
    ++queries;
  }
  writer.join();
  EXPECT_GT(queries, 0);
  EXPECT_EQ(total("bank"), uint64_t{kSources});
  ExpectVerified(*store);
}

// A store without a segmenter keeps a document's postings in a pending
// record until a segment takes them. The indexing thread writes segments
// while Put runs ahead of it: the records of documents it has not indexed
// yet must outlive each segment's write, or a crash (here: a checkpoint
// taken mid-ingest, opened as the database) loses their postings. A
// segment per document makes the indexing thread lag behind.
TEST(StoreIndexingTest, ACopyTakenMidIngestKeepsThePostingsOfEveryDocument) {
  ink::testing::TempDir dir;
  constexpr int kDocs = 150;
  std::vector<std::string> copies;
  {
    auto store = OpenOrDie(dir.Sub("db"), /*segment_docs=*/1);
    std::atomic<int> stored{0};
    std::thread writer([&] {
      for (int i = 0; i < kDocs; ++i) {
        PutOrDie(store.get(), Doc(i));
        stored.store(i + 1, std::memory_order_release);
      }
    });
    for (int at : {20, 60, 100, 140}) {
      while (stored.load(std::memory_order_acquire) < at)
        std::this_thread::yield();
      copies.push_back(dir.Sub("copy" + std::to_string(at)));
      ASSERT_TRUE(store->Backup(copies.back()).ok());
    }
    writer.join();
  }
  for (const std::string& copy : copies) {
    SCOPED_TRACE(copy);
    auto store = OpenOrDie(copy, /*segment_docs=*/1);
    ExpectVerified(*store);
    const uint64_t documents = store->Stats()["documents"].get<uint64_t>();
    EXPECT_GT(documents, 0u);
    EXPECT_EQ(Df(*store, Field::kBody, "bank"), documents);
    for (uint64_t i = 0; i < documents; ++i) {
      EXPECT_EQ(Df(*store, Field::kBody, "w" + std::to_string(i)), 1u)
          << Id(static_cast<int>(i));
    }
  }
}

}  // namespace
}  // namespace ink::store
