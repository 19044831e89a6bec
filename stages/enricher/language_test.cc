#include "stages/enricher/language.h"

#include <gtest/gtest.h>

namespace ink::enricher {
namespace {

TEST(LanguageTest, Simplified) {
  EXPECT_EQ(
      DetectLanguage("这次疫情发生后，建行湖北省分行党委第一时间快速反应，"
                     "启动全行疫情防控应急机制。"),
      "zh-Hans");
}

TEST(LanguageTest, Traditional) {
  EXPECT_EQ(
      DetectLanguage("這次疫情發生後，建行湖北省分行黨委第一時間快速反應，"
                     "啟動全行疫情防控應急機制。"),
      "zh-Hant");
  EXPECT_EQ(DetectLanguage("我們說的話"), "zh-Hant");
}

TEST(LanguageTest, ChineseWithSomeEnglish) {
  EXPECT_EQ(DetectLanguage(
                "中国建设银行（CCB）发布2021年ESG报告，介绍绿色金融发展情况。"),
            "zh-Hans");
}

TEST(LanguageTest, English) {
  EXPECT_EQ(DetectLanguage("The bank opened a temporary office within two "
                           "hours and restored its services for customers."),
            "en");
  EXPECT_EQ(DetectLanguage("COVID-19 update"), "en");
}

TEST(LanguageTest, Other) {
  EXPECT_EQ(DetectLanguage(""), "other");
  EXPECT_EQ(DetectLanguage("12345 !!! ---"), "other");
  EXPECT_EQ(
      DetectLanguage(
          "東京都は新型コロナウイルスの感染者が確認されたと発表しました。"),
      "other");
  EXPECT_EQ(DetectLanguage("Банк открыл временный офис"), "other");
  EXPECT_EQ(
      DetectLanguage(
          "Die Bank hat innerhalb von zwei Stunden ein provisorisches Büro "
          "eingerichtet und ihre Dienste für die Kunden wiederhergestellt, "
          "während die Mitarbeiter zu Hause bleiben mussten wegen Corona"),
      "other");
}

TEST(LanguageTest, CountsScripts) {
  ScriptCounts c = CountScripts("这個 the Bank");
  EXPECT_EQ(c.han, 2u);
  EXPECT_EQ(c.simplified, 1u);
  EXPECT_EQ(c.traditional, 1u);
  EXPECT_EQ(c.latin, 7u);
  EXPECT_EQ(c.latin_words, 2u);
  EXPECT_EQ(c.english_words, 1u);
}

}  // namespace
}  // namespace ink::enricher
