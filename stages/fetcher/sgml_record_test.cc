#include "stages/fetcher/sgml_record.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace ink::fetcher {
namespace {

using nlohmann::json;

// Documents in the shape of the Reuters-21578 files, written here.
const char kNorm[] =
    R"(<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5544" NEWID="1">
<DATE>26-FEB-1987 15:01:01.79</DATE>
<TOPICS><D>cocoa</D></TOPICS>
<PLACES><D>el-salvador</D><D>usa</D></PLACES>
<PEOPLE></PEOPLE>
<ORGS><D>ico-cocoa</D></ORGS>
<EXCHANGES></EXCHANGES>
<COMPANIES></COMPANIES>
<UNKNOWN> 
&#5;&#5;&#5;C T
&#22;&#22;&#1;f0704&#31;reute
u f BC-BAHIA-COCOA-REVIEW   02-26 0105</UNKNOWN>
<TEXT>&#2;
<TITLE>BAHIA COCOA REVIEW</TITLE>
<AUTHOR>    By Jane Roe, Reuters</AUTHOR>
<DATELINE>    SALVADOR, Feb 26 - </DATELINE><BODY>Showers continued throughout the week in
the Bahia cocoa zone, &lt;Comissaria Smith> said.
    The dry period means the temporao will be late
this year &amp; beyond.

    Arrivals were 155,221 bags.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
)";

const char kBrief[] =
    R"(<REUTERS TOPICS="NO" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5573" NEWID="30">
<DATE>26-FEB-1987 15:42:39.11</DATE>
<TOPICS></TOPICS>
<PLACES><D>usa</D></PLACES>
<PEOPLE></PEOPLE>
<ORGS></ORGS>
<EXCHANGES></EXCHANGES>
<COMPANIES></COMPANIES>
<TEXT TYPE="BRIEF">&#2;
******<TITLE>MONEY MARKET FUNDS ROSE 720.4 MLN DLRS
IN LATEST WEEK</TITLE>Blah blah blah.
&#3;

</TEXT>
</REUTERS>
)";

const char kUnproc[] =
    R"(<REUTERS TOPICS="NO" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5575" NEWID="32">
<DATE> 2-MAR-1987  09:15:05.40   # guessed</DATE>
<TOPICS></TOPICS>
<PLACES></PLACES>
<PEOPLE></PEOPLE>
<ORGS></ORGS>
<EXCHANGES></EXCHANGES>
<COMPANIES></COMPANIES>
<TEXT TYPE="UNPROC">&#2;
FEDERAL RESERVE WEEKLY REPORT - FEB 26
    Two weeks ended Feb 25      daily avgs-mlns
 Net free reserves.............644 vs.....1,337
 Bank borrowings...............680 vs.......425
 Reuter
&#3;</TEXT>
</REUTERS>
)";

const char kEmpty[] =
    R"(<REUTERS TOPICS="NO" OLDID="1" NEWID="77">
<DATE>31-FEB-1987 10:00:00.00</DATE>
<TOPICS></TOPICS>
<TEXT>&#2;
&#3;</TEXT>
</REUTERS>
)";

json Parse(const std::string& record) {
  json j = json::parse(record, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << record;
  return j;
}

// Splits `archive` fed in pieces of `piece` bytes.
TEST(SgmlRecordTest, MakesARecordOfAStory) {
  json r = Parse(SgmlRecord(kNorm));
  EXPECT_EQ(r["guid"], "1");
  EXPECT_EQ(r["oldid"], "5544");
  EXPECT_EQ(r["source"], "Reuters");
  EXPECT_EQ(r["title"], "BAHIA COCOA REVIEW");
  EXPECT_EQ(r["published"], "1987-02-26T15:01:01");
  EXPECT_EQ(r["categories"], json::array({"cocoa"}));
  EXPECT_EQ(r["places"], json::array({"el-salvador", "usa"}));
  EXPECT_EQ(r["orgs"], json::array({"ico-cocoa"}));
  EXPECT_EQ(r["tags"], json::array({"el-salvador", "usa", "ico-cocoa"}));
  EXPECT_FALSE(r.contains("people"));
  EXPECT_EQ(r["authors"], json::array({"Jane Roe"}));
  EXPECT_EQ(r["dateline"], "SALVADOR, Feb 26 -");
  EXPECT_FALSE(r.contains("text_type"));
  EXPECT_FALSE(r.contains("error"));
  // Wrapped lines joined, an indented line or a blank line starts a
  // paragraph, the dateline leads, the sign-off and wire codes are gone.
  EXPECT_EQ(r["text"],
            "SALVADOR, Feb 26 - Showers continued throughout the week in the "
            "Bahia cocoa zone, <Comissaria Smith> said.\n\n"
            "The dry period means the temporao will be late this year & "
            "beyond.\n\n"
            "Arrivals were 155,221 bags.");
}

TEST(SgmlRecordTest, ABriefIsItsHeadline) {
  json r = Parse(SgmlRecord(kBrief));
  EXPECT_EQ(r["text_type"], "BRIEF");
  EXPECT_EQ(r["title"],
            "MONEY MARKET FUNDS ROSE 720.4 MLN DLRS IN LATEST WEEK");
  EXPECT_EQ(r["text"], r["title"]);
  EXPECT_FALSE(r.contains("categories"));
  EXPECT_EQ(r["tags"], json::array({"usa"}));
}

TEST(SgmlRecordTest, UnprocessedTextKeepsItsLines) {
  json r = Parse(SgmlRecord(kUnproc));
  EXPECT_EQ(r["text_type"], "UNPROC");
  EXPECT_FALSE(r.contains("title"));
  EXPECT_EQ(r["published"], "1987-03-02T09:15:05");
  EXPECT_EQ(r["text"],
            "FEDERAL RESERVE WEEKLY REPORT - FEB 26\n\n"
            "Two weeks ended Feb 25      daily avgs-mlns\n\n"
            "Net free reserves.............644 vs.....1,337\n\n"
            "Bank borrowings...............680 vs.......425");
}

TEST(SgmlRecordTest, AStoryWithoutTextIsKeptWithItsReason) {
  json r = Parse(SgmlRecord(kEmpty));
  EXPECT_EQ(r["guid"], "77");
  EXPECT_FALSE(r.contains("text"));
  EXPECT_FALSE(r.contains("published"));  // 31 February is no date.
  EXPECT_NE(r["error"].get<std::string>().find("no body text"),
            std::string::npos);

  json none =
      Parse(SgmlRecord("<REUTERS NEWID=\"9\"><DATE>x</DATE></REUTERS>"));
  EXPECT_EQ(none["error"], "the document has no <TEXT>");
}

std::string TextOf(const std::string& body) {
  json r = Parse(SgmlRecord("<REUTERS NEWID=\"2\"><TEXT><BODY>" + body +
                            "</BODY></TEXT></REUTERS>"));
  return r.value("text", "");
}

TEST(SgmlRecordTest, DropsTheWireSignOffInItsForms) {
  EXPECT_EQ(TextOf("Prices rose.\n reuter\n&#3;"), "Prices rose.");
  EXPECT_EQ(TextOf("Prices rose.\n\nREUTER...\n"), "Prices rose.");
  EXPECT_EQ(TextOf("the sources said. REUTER\n&#3;"), "the sources said.");
  EXPECT_EQ(TextOf("total 55.8 (33.7).        REUTER"), "total 55.8 (33.7).");
  // A word of the story, not a sign-off.
  EXPECT_EQ(TextOf("Shares of Reuters\nrose, said Reuter"),
            "Shares of Reuters rose, said Reuter");
  EXPECT_EQ(TextOf("Reuter"), "");
}

TEST(SgmlRecordTest, ARuboutSeparatesWords) {
  EXPECT_EQ(TextOf("a 500 mln dlr&#127;untied loan\x7f for&#3;the year"),
            "a 500 mln dlr untied loan  forthe year");
}

TEST(SgmlRecordTest, SplitsBylinesIntoNames) {
  json two = Parse(SgmlRecord(
      "<REUTERS NEWID=\"8\"><TEXT><AUTHOR> BY ANN LEE AND Bo Li, REUTERS."
      "</AUTHOR><BODY>Text.</BODY></TEXT></REUTERS>"));
  EXPECT_EQ(two["authors"], json::array({"ANN LEE", "Bo Li"}));
}

TEST(SgmlRecordTest, ReadsOtherBytesAsLatin1) {
  std::string doc =
      "<REUTERS NEWID=\"5\"><TEXT><BODY>M\xfcnchen &#252;ber &#30;x &#99999999;"
      "</BODY></TEXT></REUTERS>";
  json r = Parse(SgmlRecord(doc));
  EXPECT_EQ(r["text"],
            "M\xc3\xbcnchen \xc3\xbc"
            "ber x");
}

}  // namespace
}  // namespace ink::fetcher
