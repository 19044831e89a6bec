#include "stages/fetcher/sgml_splitter.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace ink::fetcher {
namespace {

using nlohmann::json;

// A document in the shape of the Reuters-21578 files: nine lines.
std::string Doc(int id) {
  const std::string n = std::to_string(id);
  return "<REUTERS TOPICS=\"YES\" OLDID=\"9" + n + "\" NEWID=\"" + n +
         "\">\n"
         "<DATE>26-FEB-1987 15:01:01.79</DATE>\n"
         "<TOPICS><D>cocoa</D></TOPICS>\n"
         "<TEXT>&#2;\n"
         "<TITLE>STORY " +
         n +
         "</TITLE>\n"
         "<DATELINE>    NEW YORK, Feb 26 - </DATELINE><BODY>Cocoa &lt;rose>.\n"
         " Reuter\n"
         "&#3;</BODY></TEXT>\n"
         "</REUTERS>\n";
}

json Parse(const std::string& record) {
  json j = json::parse(record, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << record;
  return j;
}

Status Split(const std::string& archive, size_t piece,
             std::vector<std::string>* records, uint64_t max_doc = 1 << 20) {
  SgmlSplitter s(max_doc, [&](const std::string& r) {
    records->push_back(r);
    return Status::OK();
  });
  for (size_t i = 0; i < archive.size(); i += piece) {
    RETURN_IF_ERROR(s.Feed(std::string_view(archive).substr(i, piece)));
  }
  return s.Finish();
}

TEST(SgmlSplitterTest, RecognisesArchivesByContent) {
  EXPECT_TRUE(
      LooksLikeSgmlArchive("<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n" + Doc(1)));
  EXPECT_TRUE(LooksLikeSgmlArchive(Doc(1)));
  EXPECT_TRUE(LooksLikeSgmlArchive("\n<!-- note -->\n<LEWIS>\n<reuters>"));
  EXPECT_FALSE(LooksLikeSgmlArchive("<!DOCTYPE html><html><body>"));
  EXPECT_FALSE(LooksLikeSgmlArchive("<?xml version=\"1.0\"?><rss>"));
  EXPECT_FALSE(LooksLikeSgmlArchive("REUTERS said on Monday"));
  EXPECT_FALSE(LooksLikeSgmlArchive("<REUTERSX>"));
  EXPECT_FALSE(LooksLikeSgmlArchive("<LEWIS"));
  EXPECT_FALSE(LooksLikeSgmlArchive(""));
  EXPECT_TRUE(IsSgmlName("reut2-000.sgm"));
  EXPECT_TRUE(IsSgmlName("reut2-000.SGM.gz"));
  EXPECT_TRUE(IsSgmlName("a.sgml"));
  EXPECT_FALSE(IsSgmlName("a.sgm.txt"));
}

TEST(SgmlSplitterTest, SplitsAnArchiveInPiecesOfAnySize) {
  const std::string archive =
      "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n<!-- a comment -->\n" + Doc(1) +
      Doc(2) + Doc(3);
  std::vector<std::string> whole;
  ASSERT_TRUE(Split(archive, archive.size(), &whole).ok());
  ASSERT_EQ(whole.size(), 3u);
  json second = Parse(whole[1]);
  EXPECT_EQ(second["guid"], "2");
  EXPECT_EQ(second["title"], "STORY 2");
  EXPECT_EQ(second["text"], "NEW YORK, Feb 26 - Cocoa <rose>.");
  for (size_t piece : {1, 2, 7, 9, 10, 11, 64}) {
    std::vector<std::string> pieces;
    Status s = Split(archive, piece, &pieces);
    ASSERT_TRUE(s.ok()) << piece << ": " << s.ToString();
    EXPECT_EQ(pieces, whole) << "pieces of " << piece;
  }
}

TEST(SgmlSplitterTest, RefusesMalformedArchivesNamingTheLine) {
  std::vector<std::string> records;
  // Truncated: the last document never closes; the first one is out.
  std::string cut = Doc(1) + Doc(2);
  cut.resize(cut.size() - 12);
  Status s = Split(cut, 100, &records);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.message().find("opened at line 10 has no </REUTERS>"),
            std::string::npos)
      << s.ToString();
  EXPECT_EQ(records.size(), 1u);

  // A document opened inside another.
  records.clear();
  std::string nested = Doc(1).substr(0, Doc(1).find("<TEXT>")) + Doc(2);
  s = Split(nested, 13, &records);
  EXPECT_NE(s.message().find("(NEWID 1) has no </REUTERS> before the next "
                             "<REUTERS> at line 4"),
            std::string::npos)
      << s.ToString();
  EXPECT_TRUE(records.empty());

  records.clear();
  s = Split(Doc(1) + "stray words\n" + Doc(2), 50, &records);
  EXPECT_NE(s.message().find("line 10: text outside a <REUTERS> document: "
                             "\"stray words\""),
            std::string::npos)
      << s.ToString();

  s = Split(Doc(1) + "<P>\n", 50, &records);
  EXPECT_NE(s.message().find("<P> where a <REUTERS> document should start"),
            std::string::npos)
      << s.ToString();

  s = Split("<!DOCTYPE lewis>\n\n", 4, &records);
  EXPECT_NE(s.message().find("no <REUTERS> document"), std::string::npos);
  s = Split("<!-- never closed", 4, &records);
  EXPECT_NE(s.message().find("not closed"), std::string::npos);
}

TEST(SgmlSplitterTest, AnOverlongDocumentBecomesAnErrorRecord) {
  std::string big = Doc(1);
  big.insert(big.find("Cocoa"), std::string(5000, 'x') + "\n");
  // Whether the over-long document arrives in pieces or whole.
  for (size_t piece : {256, 20000}) {
    std::vector<std::string> records;
    Status s = Split(big + Doc(2), piece, &records, 2000);
    ASSERT_TRUE(s.ok()) << s.ToString();
    ASSERT_EQ(records.size(), 2u);
    json r = Parse(records[0]);
    EXPECT_EQ(r["guid"], "1");
    EXPECT_EQ(r["error"], "document longer than the limit of 2000 bytes");
    EXPECT_EQ(Parse(records[1])["guid"], "2");
  }
}

}  // namespace
}  // namespace ink::fetcher
