// Rules over text alone: dates, amounts, organisation links and grouping.
// The name rules over real tokens are tested in enricher_segmenter_test.
#include "stages/enricher/entities.h"

#include <gtest/gtest.h>

#include <map>

#include "stages/enricher/amounts.h"
#include "stages/enricher/dates.h"

namespace ink::enricher {
namespace {

// normalized by text, for the mentions of one type.
std::map<std::string, std::string> ByText(const std::vector<Mention>& ms,
                                          std::string_view type) {
  std::map<std::string, std::string> out;
  for (const Mention& m : ms) {
    if (m.type == type) out[m.text] = m.normalized;
  }
  return out;
}

TEST(DatesTest, FullPartialAndChineseNumerals) {
  CodePoints text(
      "该行自2020年1月24日起建立制度，2019年12月启动，2018年完成；"
      "二〇二一年三月十五日签约，发布于2020-03-31 16:40。");
  auto d = ByText(FindDates(text, ""), "date");
  EXPECT_EQ(d["2020年1月24日"], "2020-01-24");
  EXPECT_EQ(d["2019年12月"], "2019-12");
  EXPECT_EQ(d["2018年"], "2018");
  EXPECT_EQ(d["二〇二一年三月十五日"], "2021-03-15");
  EXPECT_EQ(d["2020-03-31"], "2020-03-31");
  auto t = ByText(FindDates(text, ""), "time");
  EXPECT_EQ(t["16:40"], "2020-03-31T16:40");
}

TEST(DatesTest, RelativeToTheArticleDate) {
  CodePoints text(
      "8月3日上午，支行员工出门上班。8月11日，荆门市进行管控。有了去年的大考，"
      "今年更从容。1月31日，支行行长慰问群众；同日，泰宁支行响应号召。"
      "她每天工作到夜里十二点，下午3点半开会。");
  auto d = ByText(FindDates(text, "2021-08-17T06:56:06+00:00"), "date");
  EXPECT_EQ(d["8月3日"], "2021-08-03");
  EXPECT_EQ(d["8月11日"], "2021-08-11");
  EXPECT_EQ(d["去年"], "2020");
  EXPECT_EQ(d["今年"], "2021");
  EXPECT_EQ(d["1月31日"], "2021-01-31");
  EXPECT_EQ(d["同日"], "2021-01-31");
  auto t = ByText(FindDates(text, "2021-08-17"), "time");
  EXPECT_EQ(t["夜里十二点"], "00:00");
  EXPECT_EQ(t["下午3点半"], "15:30");
}

TEST(DatesTest, YearChosenNearestTheArticle) {
  CodePoints text("12月28日召开会议。");
  auto d = ByText(FindDates(text, "2021-01-05"), "date");
  EXPECT_EQ(d["12月28日"], "2020-12-28");
  // Without a reference a month and day stay without a year.
  EXPECT_EQ(ByText(FindDates(text, ""), "date")["12月28日"], "--12-28");
}

TEST(DatesTest, NotDates) {
  CodePoints text(
      "一日一报，3个月，2小时内，第3日内完成，三元支行，重点工作。");
  EXPECT_TRUE(FindDates(text, "2020-03-31").empty());
}

TEST(AmountsTest, MoneyWithCurrencyAndMultipliers) {
  CodePoints text(
      "共计日元4.33亿元(折人民币2500万元)，另有3.5亿美元贷款和1,200元补贴，"
      "合计金额上千万。");
  std::map<std::string, Mention> by_text;
  for (const Mention& m : FindAmounts(text)) by_text[m.text] = m;
  ASSERT_TRUE(by_text.count("日元4.33亿元"));
  EXPECT_EQ(by_text["日元4.33亿元"].type, "money");
  EXPECT_EQ(by_text["日元4.33亿元"].normalized, "433000000 JPY");
  EXPECT_DOUBLE_EQ(by_text["日元4.33亿元"].value, 433000000);
  EXPECT_EQ(by_text["日元4.33亿元"].currency, "JPY");
  EXPECT_EQ(by_text["人民币2500万元"].normalized, "25000000 CNY");
  EXPECT_FALSE(by_text["人民币2500万元"].approximate);
  EXPECT_EQ(by_text["3.5亿美元"].normalized, "350000000 USD");
  EXPECT_EQ(by_text["1,200元"].normalized, "1200 CNY");
  ASSERT_TRUE(by_text.count("上千万"));
  EXPECT_EQ(by_text["上千万"].type, "money");
  EXPECT_EQ(by_text["上千万"].normalized, "~10000000 CNY");
  EXPECT_TRUE(by_text["上千万"].approximate);
}

TEST(AmountsTest, PeopleQuantitiesAndPercentages) {
  CodePoints text(
      "该行43名员工到岗，近2万人参与，5200余户，两位养殖户，驱车30公里，"
      "办理业务上百笔，增长12.5%，占比百分之三十，三元支行行长。");
  auto q = ByText(FindAmounts(text), "quantity");
  EXPECT_EQ(q["43名"], "43 person");
  EXPECT_EQ(q["近2万人"], "~20000 person");
  EXPECT_EQ(q["5200余户"], "~5200 户");
  EXPECT_EQ(q["两位"], "2 person");
  EXPECT_EQ(q["30公里"], "30 公里");
  EXPECT_EQ(q["上百笔"], "~100 笔");
  auto p = ByText(FindAmounts(text), "percent");
  EXPECT_EQ(p["12.5%"], "12.5%");
  EXPECT_EQ(p["百分之三十"], "30%");
  EXPECT_TRUE(ByText(FindAmounts(text), "money").empty());
}

Mention Org(const std::string& name, uint32_t at) {
  Mention m;
  m.type = "organization";
  m.text = m.normalized = name;
  m.char_begin = at;
  m.char_end = at + 1;
  return m;
}

TEST(LinkOrganizationsTest, ShortFormsToTheLongestForm) {
  std::vector<Mention> ms = {Org("三明分行", 0),
                             Org("省分行", 5),
                             Org("湖北省分行", 9),
                             Org("建行湖北省分行", 20),
                             Org("武汉经济开发区支行", 30),
                             Org("建行湖北武汉经济技术开发区支行", 40),
                             Org("荆门分行", 50),
                             Org("荆门月亮湖支行", 60)};
  LinkOrganizations({"工行三明分行"}, &ms);
  EXPECT_EQ(ms[0].normalized, "工行三明分行");
  EXPECT_EQ(ms[1].normalized, "建行湖北省分行");
  EXPECT_EQ(ms[2].normalized, "建行湖北省分行");
  EXPECT_EQ(ms[4].normalized, "建行湖北武汉经济技术开发区支行");
  // Different branches stay apart.
  EXPECT_EQ(ms[6].normalized, "荆门分行");
  EXPECT_EQ(ms[7].normalized, "荆门月亮湖支行");
}

TEST(GroupMentionsTest, CountsOffsetsAliasesAndOrder) {
  std::vector<Mention> ms = {Org("三明分行", 7), Org("工行三明分行", 2)};
  ms[0].normalized = "工行三明分行";
  Mention d;
  d.type = "date";
  d.text = "8月3日";
  d.normalized = "2021-08-03";
  d.char_begin = 1;
  ms.push_back(d);
  auto entities = GroupMentions(ms);
  ASSERT_EQ(entities.size(), 2u);
  EXPECT_EQ(entities[0].type(), "organization");
  EXPECT_EQ(entities[0].text(), "工行三明分行");
  EXPECT_EQ(entities[0].count(), 2u);
  ASSERT_EQ(entities[0].char_offsets_size(), 2);
  EXPECT_EQ(entities[0].char_offsets(0), 2u);
  EXPECT_EQ(entities[0].char_offsets(1), 7u);
  ASSERT_EQ(entities[0].aliases_size(), 1);
  EXPECT_EQ(entities[0].aliases(0), "三明分行");
  EXPECT_EQ(entities[1].normalized(), "2021-08-03");
}

}  // namespace
}  // namespace ink::enricher
