#include "stages/cleaner/decode.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unicode/ucnv.h>

#include "ink/v1/envelope.pb.h"

namespace ink::cleaner {
namespace {

using ::testing::HasSubstr;

std::string ToCharset(const std::string& utf8, const char* charset) {
  UErrorCode err = U_ZERO_ERROR;
  std::string out(utf8.size() * 4 + 16, '\0');
  int32_t n = ucnv_convert(charset, "UTF-8", out.data(),
                           static_cast<int32_t>(out.size()), utf8.data(),
                           static_cast<int32_t>(utf8.size()), &err);
  out.resize(static_cast<size_t>(n));
  return out;
}

constexpr char kChinese[] =
    "新年伊始，一场突如其来的疫情牵动着全国人民的心。分行坚决贯彻落实各项部署，"
    "积极组织动员，快速反应，做好金融保障工作，坚守服务阵地。";

TEST(DecodeTest, Utf8WithAndWithoutBom) {
  auto r = DecodeToUtf8(kChinese);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->text, kChinese);
  EXPECT_EQ(r->encoding, "UTF-8");
  r = DecodeToUtf8(std::string("\xEF\xBB\xBF") + kChinese);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->text, kChinese);
  EXPECT_EQ(r->how, "bom");
}

TEST(DecodeTest, Utf16WithBom) {
  std::string bytes = "\xFF\xFE" + ToCharset(kChinese, "UTF-16LE");
  auto r = DecodeToUtf8(bytes);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->text, kChinese);
}

TEST(DecodeTest, Gb2312DeclarationDecodesAsGb18030) {
  // 镕 is in GBK but not GB2312: pages that say gb2312 use it anyway.
  std::string html =
      std::string(
          "<html><head><meta http-equiv=\"Content-Type\" "
          "content=\"text/html; charset=gb2312\"></head><body>朱镕基") +
      kChinese + "</body></html>";
  auto r = DecodeToUtf8(ToCharset(html, "GB18030"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->encoding, "GB18030");
  EXPECT_EQ(r->how, "meta");
  EXPECT_EQ(r->text, html);
  EXPECT_EQ(r->replaced_bytes, 0u);
}

TEST(DecodeTest, WrongDeclarationIsNotTrusted) {
  // Declared GBK but the bytes are UTF-8.
  std::string html =
      std::string("<meta charset=\"gbk\"><p>") + kChinese + "</p>";
  auto r = DecodeToUtf8(html);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->encoding, "UTF-8");
  EXPECT_EQ(r->text, html);
}

TEST(DecodeTest, UndeclaredGbkAndBig5AreDetected) {
  auto r = DecodeToUtf8(ToCharset(kChinese, "GBK"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->encoding, "GB18030");
  EXPECT_EQ(r->text, kChinese);

  constexpr char kTraditional[] =
      "臺灣銀行今日宣布，將於下個月起調整存款利率，以因應國際金融市場變化。"
      "銀行表示，這項調整對一般民眾的影響有限，並將持續關注經濟情勢發展。";
  r = DecodeToUtf8(ToCharset(kTraditional, "Big5"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->text, kTraditional);
}

TEST(DecodeTest, InvalidUtf8IsReplacedAndCounted) {
  std::string bytes = std::string(kChinese) + "\xC3\x28" + kChinese + "\xFF";
  auto r = DecodeToUtf8(bytes);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->encoding, "UTF-8");
  EXPECT_EQ(r->replaced_bytes, 2u);
  EXPECT_THAT(r->text, HasSubstr("\uFFFD("));
}

// Found by tests/fuzz (clean_txt): a four-byte sequence cut after three
// bytes was taken for a real U+FFFD, so the bytes passed as valid UTF-8
// and the article could not be serialised for the next stage.
TEST(DecodeTest, TruncatedFourByteSequenceIsNotValidUtf8) {
  auto r = DecodeToUtf8(
      "- H\xF1\xA6\x96 \xE9\xA1\xB5\n- \xE8\xB4\xA2"
      "a");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_NE(r->how, "utf8-valid");
  // The text must be UTF-8 that a proto3 string field accepts.
  v1::CleanArticle article;
  article.set_title(r->text);
  v1::CleanArticle back;
  EXPECT_TRUE(back.ParseFromString(article.SerializeAsString()));
  // A genuine U+FFFD is still valid UTF-8.
  auto real = DecodeToUtf8("a \xEF\xBF\xBD b");
  ASSERT_TRUE(real.ok());
  EXPECT_EQ(real->how, "utf8-valid");
}

// The validity test skips ASCII eight bytes at a time: a bad byte is found
// wherever it falls in such a run, at the start, in the middle, in the
// last bytes shorter than a run, and after multi-byte characters.
TEST(DecodeTest, InvalidByteFoundAnywhereInLongAsciiRuns) {
  const std::string ascii = "<p class=\"lead\">Plain ASCII markup</p>\n";
  for (size_t at = 0; at <= ascii.size(); ++at) {
    std::string bad = ascii;
    bad.insert(at, "\xC0\xAF");  // An overlong '/'.
    auto r = DecodeToUtf8(bad);
    ASSERT_TRUE(r.ok());
    EXPECT_NE(r->how, "utf8-valid") << "at " << at;
    std::string good = ascii;
    good.insert(at, "\xE6\x96\xB0");  // U+65B0.
    auto g = DecodeToUtf8(good);
    ASSERT_TRUE(g.ok());
    EXPECT_EQ(g->how, "utf8-valid") << "at " << at;
    EXPECT_EQ(g->text, good);
  }
  // A surrogate encoded in UTF-8 and a sequence cut at the end are invalid.
  EXPECT_NE(DecodeToUtf8(ascii + "\xED\xA0\x80" + ascii)->how, "utf8-valid");
  EXPECT_NE(DecodeToUtf8(ascii + "\xE6\x96")->how, "utf8-valid");
}

TEST(DecodeTest, RejectsEmptyAndBinary) {
  EXPECT_TRUE(DecodeToUtf8("").status().IsInvalidArgument());
  auto r = DecodeToUtf8(std::string("abc\0def", 7));
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("binary content"));
  r = DecodeToUtf8(std::string(100, '\x01') + "abc");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("control characters"));
}

TEST(DecodeTest, DeclaredCharsetForms) {
  EXPECT_EQ(DeclaredCharset("<meta charset=\"GB2312\">"), "gb2312");
  EXPECT_EQ(
      DeclaredCharset(
          "<meta http-equiv=content-type content='text/html; charset=big5'>"),
      "big5");
  EXPECT_EQ(DeclaredCharset("<?xml version=\"1.0\" encoding=\"GBK\"?>"), "gbk");
  EXPECT_EQ(DeclaredCharset("<p>no charset</p>"), "");
}

}  // namespace
}  // namespace ink::cleaner
