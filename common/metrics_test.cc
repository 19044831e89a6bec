#include "common/metrics.h"

#include <gtest/gtest.h>

#include "common/testing/http.h"
#include "common/testing/temp_dir.h"

namespace ink {
namespace {

using Event = StageMetrics::Event;

TEST(HistogramQuantile, InterpolatesInsideTheBucket) {
  // 10 samples <= 1, 10 more <= 2, none above.
  const std::vector<double> le = {1, 2, 4};
  const std::vector<double> cum = {10, 20, 20, 20};
  EXPECT_DOUBLE_EQ(HistogramQuantile(0.5, le, cum), 1.0);
  EXPECT_DOUBLE_EQ(HistogramQuantile(0.25, le, cum), 0.5);
  EXPECT_DOUBLE_EQ(HistogramQuantile(0.75, le, cum), 1.5);
}

TEST(HistogramQuantile, EmptyAndInfiniteBuckets) {
  EXPECT_EQ(HistogramQuantile(0.5, {1, 2}, {0, 0, 0}), 0);
  EXPECT_EQ(HistogramQuantile(0.5, {1, 2}, {}), 0);
  // Everything above the last finite bound: reported as that bound.
  EXPECT_EQ(HistogramQuantile(0.99, {1, 2}, {0, 0, 5}), 2);
}

TEST(StageMetrics, CountsAndLatencyInTheStatusJson) {
  StageMetrics m("cleaner");
  for (int i = 0; i < 3; ++i) m.Count(Event::kReceived);
  m.Count(Event::kFailed);
  EXPECT_EQ(m.Get(Event::kReceived), 3u);
  EXPECT_EQ(m.Get(Event::kFailed), 1u);
  EXPECT_EQ(m.Get(Event::kEmitted), 0u);
  for (int i = 0; i < 99; ++i) m.ObserveProcessing(1000);  // 1 ms
  m.ObserveProcessing(3'000'000);                          // 3 s
  nlohmann::json j = m.LatencyJson();
  EXPECT_EQ(j["count"], 100);
  EXPECT_NEAR(j["sum_ms"].get<double>(), 99 + 3000, 0.01);
  // 1 ms falls in the bucket (0.8, 1.6] ms.
  EXPECT_GT(j["p50_ms"].get<double>(), 0.8);
  EXPECT_LE(j["p50_ms"].get<double>(), 1.6);
  EXPECT_LE(j["p99_ms"].get<double>(), 1.6);
  EXPECT_EQ(j["le_ms"].size() + 1, j["cumulative"].size());
}

TEST(StageMetrics, DetailGaugesFromNumericFields) {
  StageMetrics m("fetcher");
  m.SetDetailGauges({{"in_flight", 7},
                     {"waiting", 2},
                     {"name", "x"},
                     {"nested", {{"a", 1}}}});
  m.SetDetailGauges({{"in_flight", 5}});
  const std::string text = m.TextExposition();
  auto parsed = testing::ParsePrometheusText(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed.value().at("ink_fetcher_in_flight{stage=\"fetcher\"}"), 5);
  EXPECT_EQ(parsed.value().at("ink_fetcher_waiting{stage=\"fetcher\"}"), 2);
  EXPECT_EQ(text.find("ink_fetcher_name"), std::string::npos);
  EXPECT_EQ(text.find("ink_fetcher_nested"), std::string::npos);
}

TEST(MetricsServer, ServesTheTextFormatOverHttp) {
  StageMetrics m("store");
  m.Count(Event::kReceived);
  m.Count(Event::kReceived);
  m.ObserveProcessing(200);
  m.SetDetailGauges({{"documents", 42}});
  auto server = MetricsServer::Start("127.0.0.1:0", m);
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  const std::string url = server.value()->url();
  EXPECT_EQ(url.rfind("http://127.0.0.1:", 0), 0u) << url;
  EXPECT_EQ(url.find(":0/"), std::string::npos) << "port not resolved: " << url;

  auto body = testing::HttpGet(url);
  ASSERT_TRUE(body.ok()) << body.status().ToString();
  EXPECT_NE(body.value().find("# TYPE ink_processing_seconds histogram"),
            std::string::npos);
  auto parsed = testing::ParsePrometheusText(body.value());
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  const auto& v = parsed.value();
  EXPECT_EQ(v.at("ink_documents_received_total{stage=\"store\"}"), 2);
  EXPECT_EQ(v.at("ink_store_documents{stage=\"store\"}"), 42);
  EXPECT_EQ(v.at("ink_processing_seconds_count{stage=\"store\"}"), 1);
  EXPECT_EQ(v.at("ink_processing_seconds_bucket{stage=\"store\",le=\"+Inf\"}"),
            1);

  // Live: a later count shows in the next scrape.
  m.Count(Event::kReceived);
  auto again = testing::ParsePrometheusText(testing::HttpGet(url).value());
  EXPECT_EQ(again.value().at("ink_documents_received_total{stage=\"store\"}"),
            3);
}

TEST(MetricsServer, BadAddressesAreErrors) {
  StageMetrics m("store");
  EXPECT_TRUE(MetricsServer::Start("9461", m).status().IsInvalidArgument());
  EXPECT_TRUE(
      MetricsServer::Start("127.0.0.1:http", m).status().IsInvalidArgument());
  // A port already taken.
  auto first = MetricsServer::Start("127.0.0.1:0", m);
  ASSERT_TRUE(first.ok());
  const std::string url = first.value()->url();
  const std::string taken =
      url.substr(7, url.size() - 7 - std::string("/metrics").size());
  auto second = MetricsServer::Start(taken, m);
  EXPECT_FALSE(second.ok());
}

TEST(DirectoryBytes, SumsFilesRecursively) {
  testing::TempDir dir;
  testing::WriteFile(dir.Sub("a"), std::string(100, 'x'));
  testing::WriteFile(dir.Sub("sub/b"), std::string(23, 'y'));
  EXPECT_EQ(DirectoryBytes(dir.path()), 123);
  EXPECT_EQ(DirectoryBytes(dir.Sub("missing")), 0);
}

}  // namespace
}  // namespace ink
