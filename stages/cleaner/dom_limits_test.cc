#include "stages/cleaner/dom_limits.h"

#include <gtest/gtest.h>

namespace ink::cleaner {
namespace {

std::string Nested(int depth) {
  std::string s = "<html><body>";
  for (int i = 0; i < depth; ++i) s += "<div>";
  s += "text";
  for (int i = 0; i < depth; ++i) s += "</div>";
  return s + "</body></html>";
}

TEST(DomLimitsTest, AcceptsOrdinaryPagesWithUnclosedAndVoidTags) {
  EXPECT_TRUE(CheckHtmlNesting(Nested(200)).ok());
  std::string flat = "<html><body>";
  for (int i = 0; i < 5000; ++i) flat += "<p>para<br><img src=x.jpg/><li>item";
  EXPECT_TRUE(CheckHtmlNesting(flat).ok());
}

TEST(DomLimitsTest, RefusesHostileNestingWithAReason) {
  Status s = CheckHtmlNesting(Nested(100000));
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_NE(s.message().find("nested deeper"), std::string::npos);
}

// Tags are found with memchr and their names read without std::isalnum:
// upper-case names, names longer than any void element, a '<' as the
// last byte, text with '<' that opens no tag and closing tags all count
// as before.
TEST(DomLimitsTest, CountsTagsWrittenInAnyCaseAndShape) {
  std::string upper = "<HTML><BODY>";
  for (int i = 0; i < 1100; ++i) upper += "<DiV class=x>";
  EXPECT_FALSE(CheckHtmlNesting(upper).ok());
  // Upper-case void elements do not nest.
  std::string voids = "<html><body>";
  for (int i = 0; i < 2000; ++i) voids += "<BR><IMG src=a.png><P>x";
  EXPECT_TRUE(CheckHtmlNesting(voids + "<").ok());
  // A long custom element name nests like any other.
  std::string custom;
  for (int i = 0; i < 1100; ++i) custom += "<my-very-long-element-name>";
  EXPECT_FALSE(CheckHtmlNesting(custom).ok());
  // "a < b" in text and closed elements leave the depth flat.
  std::string flat;
  for (int i = 0; i < 2000; ++i) flat += "<span>a < b</span><div>c</DIV>";
  EXPECT_TRUE(CheckHtmlNesting(flat).ok());
  EXPECT_FALSE(CheckHtmlNesting(flat + Nested(1001)).ok());
}

}  // namespace
}  // namespace ink::cleaner
