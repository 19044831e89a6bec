#include "stages/fetcher/record_splitter.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "common/testing/gzip.h"
#include "common/testing/temp_dir.h"

namespace ink::fetcher {
namespace {

using ink::testing::Gzip;
using ink::testing::ReadFile;
using ink::testing::TempDir;
using ink::testing::WriteFile;

TEST(RecordSplitterTest, RecognisesDumps) {
  EXPECT_TRUE(IsRecordDump("crawl.jsonl", '{'));
  EXPECT_TRUE(IsRecordDump("crawl.ndjson.gz", 0));
  EXPECT_TRUE(IsRecordDump("list.json", '['));
  EXPECT_FALSE(IsRecordDump("one.json", '{'));
  EXPECT_FALSE(IsRecordDump("page.html", '<'));
}

TEST(RecordSplitterTest, RecognisesDumpFilesReadingOnlyJsonFiles) {
  TempDir dir;
  WriteFile(dir.Sub("list.json"), "  \n[{\"text\":\"a\"}]");
  WriteFile(dir.Sub("one.json"), "{\"text\":\"a\"}");
  WriteFile(dir.Sub("page.md"), "[a link](http://x)");
  EXPECT_TRUE(IsRecordDumpFile("list.json", dir.Sub("list.json")));
  EXPECT_FALSE(IsRecordDumpFile("one.json", dir.Sub("one.json")));
  EXPECT_FALSE(IsRecordDumpFile("page.md", dir.Sub("page.md")));
  // The name alone decides: no file is read.
  EXPECT_TRUE(IsRecordDumpFile("crawl.jsonl", dir.Sub("absent")));
}

TEST(RecordSplitterTest, SplitsJsonLinesOneFilePerRecordKeepingBadLines) {
  TempDir dir;
  WriteFile(dir.Sub("in/crawl.jsonl"),
            "{\"url\":\"http://a\",\"text\":\"甲\"}\n\n{\"url\":\"http://"
            "b\",\"text\":\"乙\"}\nnot json\n");
  auto r = SplitRecordDump(dir.Sub("in/crawl.jsonl"), "crawl.jsonl",
                           dir.Sub("in"), 1 << 20, 1 << 30);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->records, 3u);
  EXPECT_EQ(ReadFile(dir.Sub("in/crawl.000001.json")),
            "{\"url\":\"http://a\",\"text\":\"甲\"}");
  EXPECT_EQ(ReadFile(dir.Sub("in/crawl.000003.json")),
            "not json");  // The cleaner rejects it.
}

TEST(RecordSplitterTest, SplitsGzippedLinesAndJsonArrays) {
  TempDir dir;
  WriteFile(dir.Sub("in/a.jsonl.gz"),
            Gzip("{\"text\":\"1\"}\n{\"text\":\"2\"}"));
  auto r = SplitRecordDump(dir.Sub("in/a.jsonl.gz"), "a.jsonl.gz",
                           dir.Sub("in"), 1 << 20, 1 << 30);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->records, 2u);
  EXPECT_EQ(ReadFile(dir.Sub("in/a.000002.json")), "{\"text\":\"2\"}");

  WriteFile(dir.Sub("in/b.json"), "[{\"text\":\"x\"}, {\"text\":\"y\"}]");
  auto a = SplitRecordDump(dir.Sub("in/b.json"), "b.json", dir.Sub("in"),
                           1 << 20, 1 << 30);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->records, 2u);
  EXPECT_EQ(ReadFile(dir.Sub("in/b.000001.json")), "{\"text\":\"x\"}");
}

TEST(RecordSplitterTest, StopsAGzipBomb) {
  TempDir dir;
  WriteFile(dir.Sub("in/bomb.jsonl.gz"), Gzip(std::string(50 << 20, '\n')));
  auto r = SplitRecordDump(dir.Sub("in/bomb.jsonl.gz"), "bomb.jsonl.gz",
                           dir.Sub("in"), 1 << 20, 10 << 20);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("gzip bomb"), std::string::npos);
}

// Found by tests/fuzz (record_splitter): re-serialising a record recursed
// once per level and overflowed the stack on deep nesting.
TEST(RecordSplitterTest, RefusesArraysNestedTooDeep) {
  TempDir dir;
  const int depth = 200000;
  WriteFile(dir.Sub("in/deep.json"),
            std::string(depth, '[') + std::string(depth, ']'));
  auto r = SplitRecordDump(dir.Sub("in/deep.json"), "deep.json", dir.Sub("in"),
                           1 << 20, 10 << 20);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(r.status().message().find("nested deeper"), std::string::npos);

  // Ordinary nesting inside records is kept.
  WriteFile(dir.Sub("in/ok.json"),
            R"([{"text":"x","tags":[["a"],{"b":[1]}]}])");
  auto ok = SplitRecordDump(dir.Sub("in/ok.json"), "ok.json", dir.Sub("in"),
                            1 << 20, 10 << 20);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->records, 1u);
  EXPECT_EQ(ReadFile(dir.Sub("in/ok.000001.json")),
            R"({"tags":[["a"],{"b":[1]}],"text":"x"})");
}

}  // namespace
}  // namespace ink::fetcher
