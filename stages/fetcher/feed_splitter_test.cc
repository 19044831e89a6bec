#include "stages/fetcher/feed_splitter.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "common/testing/temp_dir.h"
#include "stages/fetcher/record_splitter.h"

namespace ink::fetcher {
namespace {

using ink::testing::ReadFile;
using ink::testing::TempDir;
using ink::testing::WriteFile;

std::vector<nlohmann::json> Parse(std::string_view xml) {
  auto records = FeedRecords(xml, "news.rss");
  EXPECT_TRUE(records.ok()) << records.status().ToString();
  std::vector<nlohmann::json> out;
  if (!records.ok()) return out;
  for (const std::string& r : records.value())
    out.push_back(nlohmann::json::parse(r));
  return out;
}

constexpr char kRss[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Harbour Gazette</title>
  <link>https://gazette.example/</link>
  <item>
    <title>Ferry service resumes after storm</title>
    <link>https://gazette.example/2024/ferry</link>
    <guid isPermaLink="false">ferry-2024-0412</guid>
    <pubDate>Fri, 12 Apr 2024 09:30:00 +0100</pubDate>
    <dc:creator>Mary Quayle</dc:creator>
    <category>Transport</category>
    <category>Weather</category>
    <description>Short teaser.</description>
    <content:encoded><![CDATA[<p>The ferry to the islands sailed again on Friday morning.</p><p>Crews had checked the pier for damage.</p>]]></content:encoded>
  </item>
  <item>
    <title>Council meets &amp; votes</title>
    <link>https://gazette.example/2024/council</link>
    <author>desk@gazette.example (Tom Reed)</author>
    <description>&lt;p&gt;The council voted to repair the harbour wall, spending £2m.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Link only</title>
    <link>https://gazette.example/2024/link</link>
  </item>
</channel>
</rss>)";

TEST(FeedSplitterTest, SplitsRss2ItemsWithTheirFields) {
  auto r = Parse(kRss);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0]["title"], "Ferry service resumes after storm");
  EXPECT_EQ(r[0]["url"], "https://gazette.example/2024/ferry");
  EXPECT_EQ(r[0]["published"], "Fri, 12 Apr 2024 09:30:00 +0100");
  EXPECT_EQ(r[0]["authors"], nlohmann::json({"Mary Quayle"}));
  EXPECT_EQ(r[0]["categories"], nlohmann::json({"Transport", "Weather"}));
  EXPECT_EQ(r[0]["source"], "Harbour Gazette");
  EXPECT_EQ(r[0]["guid"], "ferry-2024-0412");
  EXPECT_EQ(r[0]["feed"], "news.rss");
  // content:encoded, the fuller text, beats the teaser.
  EXPECT_NE(r[0]["html"].get<std::string>().find("Crews had checked the pier"),
            std::string::npos);
  // Escaped markup in a description is HTML once unescaped; the name in
  // brackets after an e-mail address is the author.
  EXPECT_EQ(r[1]["title"], "Council meets & votes");
  EXPECT_EQ(r[1]["html"],
            "<p>The council voted to repair the harbour wall, "
            "spending £2m.</p>");
  EXPECT_EQ(r[1]["authors"], nlohmann::json({"Tom Reed"}));
  // Nothing to read: still a record (the cleaner rejects it with a reason).
  EXPECT_FALSE(r[2].contains("html"));
  EXPECT_FALSE(r[2].contains("text"));
  EXPECT_EQ(r[2]["url"], "https://gazette.example/2024/link");
}

TEST(FeedSplitterTest, SplitsAtomEntries) {
  auto r = Parse(R"(<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>River Times</title>
  <entry>
    <title type="text">Bridge reopens</title>
    <link rel="self" href="https://river.example/feed/1"/>
    <link rel="alternate" type="text/html" href="https://river.example/bridge"/>
    <id>tag:river.example,2024:1</id>
    <updated>2024-05-02T10:00:00Z</updated>
    <published>2024-05-01T08:00:00+02:00</published>
    <author><name>Ana Ruiz</name><email>ana@river.example</email></author>
    <category term="City"/>
    <summary>Bridge is open.</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>The old bridge reopened to traffic on Wednesday after two years of works.</p></div></content>
  </entry>
  <entry>
    <title>Plain note</title>
    <link href="https://river.example/note"/>
    <updated>2024-05-03T10:00:00Z</updated>
    <content type="text">Water levels are normal.</content>
  </entry>
</feed>)");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0]["url"], "https://river.example/bridge");
  EXPECT_EQ(r[0]["published"], "2024-05-01T08:00:00+02:00");
  EXPECT_EQ(r[0]["authors"], nlohmann::json({"Ana Ruiz"}));
  EXPECT_EQ(r[0]["categories"], nlohmann::json({"City"}));
  EXPECT_EQ(r[0]["source"], "River Times");
  EXPECT_NE(r[0]["html"].get<std::string>().find(
                "<p>The old bridge reopened to traffic"),
            std::string::npos);
  // No published date: updated stands in. Text content stays text.
  EXPECT_EQ(r[1]["url"], "https://river.example/note");
  EXPECT_EQ(r[1]["published"], "2024-05-03T10:00:00Z");
  EXPECT_EQ(r[1]["text"], "Water levels are normal.");
}

TEST(FeedSplitterTest, SplitsRss1ItemsUsingRdfAbout) {
  auto r = Parse(R"(<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://old.example/"><title>Old Wire</title></channel>
  <item rdf:about="https://old.example/a1">
    <title>Mill closes</title>
    <description>The mill closed after ninety years.</description>
    <dc:date>2003-07-01T12:00:00+00:00</dc:date>
    <dc:creator>Li Wei</dc:creator>
  </item>
</rdf:RDF>)");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0]["title"], "Mill closes");
  EXPECT_EQ(r[0]["published"], "2003-07-01T12:00:00+00:00");
  EXPECT_EQ(r[0]["authors"], nlohmann::json({"Li Wei"}));
  EXPECT_EQ(r[0]["html"], "The mill closed after ninety years.");
}

TEST(FeedSplitterTest, DecodesTheDeclaredChineseEncoding) {
  // "新闻" and "三明" in GB2312, as Chinese portals still serve their feeds.
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"gb2312\"?><rss version=\"2.0\">"
      "<channel><title>\xD0\xC2\xCE\xC5</title><item><title>\xC8\xFD\xC3\xF7"
      "</title><description>\xD0\xC2\xCE\xC5</description></item></channel>"
      "</rss>";
  auto r = Parse(xml);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0]["source"], "新闻");
  EXPECT_EQ(r[0]["title"], "三明");
}

TEST(FeedSplitterTest, NeverExpandsExternalEntities) {
  TempDir dir;
  WriteFile(dir.Sub("secret.txt"), "TOP-SECRET");
  std::string xml =
      "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x SYSTEM "
      "\"file://" +
      dir.Sub("secret.txt") +
      "\">]><rss><channel><item><title>t</title>"
      "<description>a &x; b</description></item></channel></rss>";
  auto records = FeedRecords(xml, "x.rss");
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 1u);
  EXPECT_EQ(records->front().find("TOP-SECRET"), std::string::npos);
}

TEST(FeedSplitterTest, RefusesXmlThatIsNoFeed) {
  auto r =
      FeedRecords("<?xml version=\"1.0\"?><note><to>x</to></note>", "n.xml");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().ToString().find("<note>"), std::string::npos);
  EXPECT_FALSE(FeedRecords("not xml at all", "n.rss").ok());
}

TEST(FeedSplitterTest, RecognisesFeedsByNameOrRootElement) {
  EXPECT_TRUE(IsFeedName("world.rss"));
  EXPECT_TRUE(IsFeedName("world.atom"));
  EXPECT_FALSE(IsFeedName("world.xml"));
  EXPECT_TRUE(LooksLikeFeed("<?xml version=\"1.0\"?>\n<!-- hi -->\n<rss "));
  EXPECT_TRUE(LooksLikeFeed("<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
  EXPECT_TRUE(LooksLikeFeed("<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf=\"\">"));
  EXPECT_FALSE(LooksLikeFeed("<?xml version=\"1.0\"?><html><body>"));
  EXPECT_FALSE(LooksLikeFeed("<!DOCTYPE html><html>"));
}

TEST(FeedSplitterTest, FetcherSplitsFeedFilesIntoRecordFiles) {
  TempDir dir;
  std::filesystem::create_directories(dir.Sub("inbox"));
  WriteFile(dir.Sub("in/gazette.xml"), kRss);
  ASSERT_TRUE(IsRecordDumpFile("gazette.xml", dir.Sub("in/gazette.xml")));
  WriteFile(dir.Sub("in/page.xml"), "<?xml version=\"1.0\"?><html></html>");
  EXPECT_FALSE(IsRecordDumpFile("page.xml", dir.Sub("in/page.xml")));

  auto stats = SplitRecordDump(dir.Sub("in/gazette.xml"), "gazette.xml",
                               dir.Sub("inbox"), 1 << 20, 1 << 24);
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_EQ(stats->records, 3u);
  auto first =
      nlohmann::json::parse(ReadFile(dir.Sub("inbox/gazette.000001.json")));
  EXPECT_EQ(first["title"], "Ferry service resumes after storm");
  EXPECT_TRUE(std::filesystem::exists(dir.Sub("inbox/gazette.000003.json")));

  // A record over the limit is replaced by an error record, not dropped.
  std::filesystem::remove_all(dir.Sub("inbox"));
  std::filesystem::create_directories(dir.Sub("inbox"));
  stats = SplitRecordDump(dir.Sub("in/gazette.xml"), "gazette.xml",
                          dir.Sub("inbox"), 200, 1 << 24);
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(ReadFile(dir.Sub("inbox/gazette.000001.json")),
            R"({"error":"record longer than the limit"})");
}

}  // namespace
}  // namespace ink::fetcher
