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

}  // namespace
}  // namespace ink::cleaner
