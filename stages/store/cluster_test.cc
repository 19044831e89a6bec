// Near-duplicate clusters: the band index and cluster merging with chosen
// fingerprints (near_duplicate_test.cc has real articles).
#include <gtest/gtest.h>

#include "common/testing/temp_dir.h"
#include "stages/store/search.h"
#include "stages/store/store.h"
#include "stages/store/store_testing.h"

namespace ink::store {
namespace {

using testing::MakeEnvelope;

class ClusterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Options options;
    options.path = dir_.Sub("db");
    auto store = Store::Open(options, nullptr);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
  }

  void Put(const std::string& id, uint64_t simhash,
           const std::string& body_hash = "") {
    auto env = MakeEnvelope(id, id + ".txt", "t", "w " + id);
    env.mutable_enrichment()->set_simhash(simhash);
    env.mutable_enrichment()->set_body_hash(body_hash);
    bool duplicate = false;
    ASSERT_TRUE(store_->Put(env, &duplicate).ok());
  }

  std::string ClusterOf(const std::string& id) {
    auto doc = store_->Get(id);
    EXPECT_TRUE(doc.ok()) << doc.status().ToString();
    auto meta = store_->ReadDocMeta(id);
    EXPECT_TRUE(meta.ok());
    if (doc.ok() && meta.ok()) {
      EXPECT_EQ(doc->cluster(), meta->cluster);
    }
    return doc.ok() ? doc->cluster() : "";
  }

  std::vector<std::string> Members(const std::string& cluster) {
    std::vector<std::string> ids;
    EXPECT_TRUE(store_->ReadClusterMembers(cluster, &ids).ok());
    return ids;
  }

  ink::testing::TempDir dir_;
  std::unique_ptr<Store> store_;
};

using Ids = std::vector<std::string>;

TEST_F(ClusterTest, WithinDistanceThreeJoinsTheFirstMembersCluster) {
  const uint64_t h = 0x123456789ABCDEF0ULL;
  Put("a", h);
  Put("b", h ^ 0x8000000000000101ULL);  // 3 bits.
  Put("c", h ^ 0x0000000F00000000ULL);  // 4 bits: too far.
  Put("d", 0);                          // No fingerprint: alone.
  EXPECT_EQ(ClusterOf("a"), "a");
  EXPECT_EQ(ClusterOf("b"), "a");
  EXPECT_EQ(ClusterOf("c"), "c");
  EXPECT_EQ(ClusterOf("d"), "d");
  EXPECT_EQ(Members("a"), (Ids{"a", "b"}));
}

TEST_F(ClusterTest, EqualBodyHashJoinsWhateverTheSimHash) {
  Put("a", 0x1111111111111111ULL, "feedbeef");
  Put("b", 0xEEEEEEEEEEEEEEEEULL, "feedbeef");
  EXPECT_EQ(ClusterOf("b"), "a");
}

TEST_F(ClusterTest, ABridgingDocumentMergesClustersIntoTheOldest) {
  const uint64_t h = 0;
  Put("x", h | 0x7);                    // Cluster x.
  Put("y", h | 0x7ULL << 60);           // 6 bits from x: cluster y.
  Put("z", (h | 0x7ULL << 60) | 0x40);  // Joins y.
  EXPECT_EQ(ClusterOf("z"), "y");
  Put("bridge", h | 0x3 | 0x3ULL << 60);  // 3 from x, 3 from y... and z? 4.
  EXPECT_EQ(ClusterOf("bridge"), "x");
  EXPECT_EQ(ClusterOf("y"), "x");
  EXPECT_EQ(ClusterOf("z"), "x");
  EXPECT_EQ(Members("x"), (Ids{"bridge", "x", "y", "z"}));
  EXPECT_EQ(Members("y"), Ids{});
  auto v = store_->Verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE((*v)["ok"].get<bool>()) << v->dump(2);
}

}  // namespace
}  // namespace ink::store
