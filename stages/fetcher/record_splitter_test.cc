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

// An SGML archive in the shape of Reuters-21578, written here.
std::string Archive(int documents) {
  std::string a = "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n";
  for (int i = 1; i <= documents; ++i) {
    a += "<REUTERS TOPICS=\"YES\" OLDID=\"" + std::to_string(900 + i) +
         "\" NEWID=\"" + std::to_string(i) +
         "\">\n<DATE>26-FEB-1987 15:01:01.79</DATE>\n"
         "<TOPICS><D>cocoa</D></TOPICS>\n<PLACES><D>usa</D></PLACES>\n"
         "<TEXT>&#2;\n<TITLE>STORY " +
         std::to_string(i) +
         "</TITLE>\n<DATELINE>    NEW YORK, Feb 26 - </DATELINE><BODY>Cocoa "
         "rose.\n Reuter\n&#3;</BODY></TEXT>\n</REUTERS>\n";
  }
  return a;
}

TEST(RecordSplitterTest, RecognisesSgmlArchivesByContent) {
  TempDir dir;
  WriteFile(dir.Sub("reut.sgm"), Archive(1));
  WriteFile(dir.Sub("reut.sgm.gz"), Gzip(Archive(1)));
  WriteFile(dir.Sub("reut.txt"), Archive(1));
  WriteFile(dir.Sub("reut.xml"), Archive(1));
  WriteFile(dir.Sub("other.sgm"), "<!DOCTYPE html><html><p>One page</p>");
  WriteFile(dir.Sub("note.txt"), "REUTERS said on Monday");
  EXPECT_TRUE(IsRecordDumpFile("reut.sgm", dir.Sub("reut.sgm")));
  EXPECT_TRUE(IsRecordDumpFile("reut.sgm.gz", dir.Sub("reut.sgm.gz")));
  EXPECT_TRUE(IsRecordDumpFile("reut.txt", dir.Sub("reut.txt")));
  EXPECT_TRUE(IsRecordDumpFile("reut.xml", dir.Sub("reut.xml")));
  EXPECT_FALSE(IsRecordDumpFile("other.sgm", dir.Sub("other.sgm")));
  EXPECT_FALSE(IsRecordDumpFile("note.txt", dir.Sub("note.txt")));
  EXPECT_FALSE(IsRecordDumpFile("gone.sgm", dir.Sub("gone.sgm")));
  EXPECT_EQ(DumpStem("reut2-000.sgm.gz"), "reut2-000");
  EXPECT_EQ(DumpStem("reut2-000.sgm"), "reut2-000");
}

TEST(RecordSplitterTest, SplitsSgmlArchivesTheSameWayEachTime) {
  TempDir dir;
  WriteFile(dir.Sub("a/reut.sgm.gz"), Gzip(Archive(3)));
  auto r = SplitRecordDump(dir.Sub("a/reut.sgm.gz"), "reut.sgm.gz",
                           dir.Sub("a"), 1 << 20, 1 << 30);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->records, 3u);
  const std::string first = ReadFile(dir.Sub("a/reut.000001.json"));
  EXPECT_NE(first.find(R"("guid":"1")"), std::string::npos) << first;
  EXPECT_NE(first.find(R"("text":"NEW YORK, Feb 26 - Cocoa rose.")"),
            std::string::npos)
      << first;
  EXPECT_NE(
      ReadFile(dir.Sub("a/reut.000003.json")).find(R"("title":"STORY 3")"),
      std::string::npos);

  // The plain file, dropped again elsewhere: the same bytes, so the same
  // doc ids and the store sees redeliveries.
  WriteFile(dir.Sub("b/reut.sgm"), Archive(3));
  auto again = SplitRecordDump(dir.Sub("b/reut.sgm"), "reut.sgm", dir.Sub("b"),
                               1 << 20, 1 << 30);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  for (const char* n :
       {"reut.000001.json", "reut.000002.json", "reut.000003.json"}) {
    EXPECT_EQ(ReadFile(dir.Sub(std::string("a/") + n)),
              ReadFile(dir.Sub(std::string("b/") + n)))
        << n;
  }
}

TEST(RecordSplitterTest, RefusesMalformedOrHugeSgmlArchives) {
  TempDir dir;
  std::string cut = Archive(2);
  cut.resize(cut.size() - 20);
  WriteFile(dir.Sub("in/cut.sgm"), cut);
  auto r = SplitRecordDump(dir.Sub("in/cut.sgm"), "cut.sgm", dir.Sub("in"),
                           1 << 20, 1 << 30);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(r.status().message().find("truncated"), std::string::npos);
  // The whole first story was written before the error.
  EXPECT_TRUE(std::filesystem::exists(dir.Sub("in/cut.000001.json")));
  EXPECT_FALSE(std::filesystem::exists(dir.Sub("in/cut.000002.json")));

  WriteFile(dir.Sub("in/bomb.sgm.gz"), Gzip(Archive(400)));
  auto bomb = SplitRecordDump(dir.Sub("in/bomb.sgm.gz"), "bomb.sgm.gz",
                              dir.Sub("in"), 1 << 20, 10000);
  ASSERT_FALSE(bomb.ok());
  EXPECT_EQ(bomb.status().code(), Status::Code::kTooLarge);

  WriteFile(dir.Sub("in/bad.sgm.gz"), Gzip(Archive(50)).substr(0, 200));
  auto bad = SplitRecordDump(dir.Sub("in/bad.sgm.gz"), "bad.sgm.gz",
                             dir.Sub("in"), 1 << 20, 1 << 30);
  ASSERT_FALSE(bad.ok());
}

}  // namespace
}  // namespace ink::fetcher
