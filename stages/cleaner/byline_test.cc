#include "stages/cleaner/byline.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ink::cleaner {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(BylineTest, ChromeTable) {
  for (const char* line : {"- 文章正文", "- 我要评论(0)", "已有12条评论", "分享到：", "打印",
                           "【关闭窗口】", "上一篇：某某新闻", "扫一扫在手机打开当前页",
                           "【大】【中】【小】"}) {
    EXPECT_EQ(ClassifyChrome(line), Chrome::kLine) << line;
  }
  EXPECT_EQ(ClassifyChrome("【相关链接】"), Chrome::kEnd);
  EXPECT_EQ(ClassifyChrome("相关新闻"), Chrome::kEnd);
  EXPECT_EQ(ClassifyChrome("该行积极组织员工开展志愿服务，分享到社区一线。"), Chrome::kNone);
}

TEST(BylineTest, SourceLineWithGluedParagraph) {
  auto b = ParseByline("来源: 工行三明分行 2020-03-31 16:40新年伊始,一场疫情。", 480);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->source, "工行三明分行");
  EXPECT_EQ(b->date, "2020-03-31T16:40:00+08:00");
  EXPECT_EQ(b->date_rule, "source-line");
  EXPECT_EQ(b->rest, "新年伊始,一场疫情。");
}

TEST(BylineTest, AuthorAndEditorLines) {
  auto b = ParseByline("作者:工行三明分行 陈丽新", 480);
  ASSERT_TRUE(b);
  EXPECT_THAT(b->authors, ElementsAre("陈丽新"));
  EXPECT_THAT(b->author_orgs, ElementsAre("工行三明分行"));
  b = ParseByline("[责任编辑:CXer]", 480);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->editor, "CXer");
  b = ParseByline("（责任编辑：王小二）", 480);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->editor, "王小二");
}

TEST(BylineTest, CombinedPortalLine) {
  auto b = ParseByline("2019-09-07 13:43:45　来源: 网易科技 作者：杨倩", 480);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->date, "2019-09-07T13:43:45+08:00");
  EXPECT_EQ(b->source, "网易科技");
  EXPECT_THAT(b->authors, ElementsAre("杨倩"));
}

TEST(BylineTest, EnglishBy) {
  auto b = ParseByline("By Jane Roe and John Doe", 0);
  ASSERT_TRUE(b);
  EXPECT_THAT(b->authors, ElementsAre("Jane Roe", "John Doe"));
}

TEST(BylineTest, ProseIsNotByline) {
  EXPECT_FALSE(ParseByline("该行表示，资金来源：一是自有资金，二是财政补贴，确保项目顺利推进。", 480));
  EXPECT_FALSE(ParseByline("为扎实做好疫情防控工作,分行党委高度重视。", 480));
}

TEST(BylineTest, TakeCredit) {
  std::string p = "继续用行动书写责任与担当。(图/文 阎菁菁)";
  EXPECT_THAT(TakeCredit(&p), ElementsAre("阎菁菁"));
  EXPECT_EQ(p, "继续用行动书写责任与担当。");
  p = "全文完。（记者 张三 通讯员 李四）";
  EXPECT_THAT(TakeCredit(&p), ElementsAre("张三", "李四"));
  p = "没有署名的段落。";
  EXPECT_THAT(TakeCredit(&p), IsEmpty());
  EXPECT_EQ(p, "没有署名的段落。");
}

}  // namespace
}  // namespace ink::cleaner
