#include "stages/enricher/entities.h"

#include <gtest/gtest.h>

#include "stages/enricher/test_fields.h"

namespace ink::enricher {
namespace {

using testing::MakeField;

TEST(EntitiesTest, CountsPersonPlaceOrganization) {
  auto body = MakeField("body", {{"陈飞斌", "nr"},
                                 {"任", "v"},
                                 {"组长", "n"},
                                 {"，", "x"},
                                 {"三明", "ns"},
                                 {"分行", "n"},
                                 {"陈飞斌", "nr"},
                                 {"前往", "v"},
                                 {"工商银行", "nt"},
                                 {"湖北", "ns"},
                                 {"湖北省", "ns"},
                                 {"省", "n", true},
                                 {"李", "nr"}});
  auto entities = ExtractEntities(body);
  ASSERT_EQ(entities.size(), 5u);  // Not the one-character 李.
  EXPECT_EQ(entities[0].type(), "person");
  EXPECT_EQ(entities[0].text(), "陈飞斌");
  EXPECT_EQ(entities[0].count(), 2u);
  ASSERT_EQ(entities[0].char_offsets_size(), 2);
  EXPECT_EQ(entities[0].char_offsets(0), 0u);
  EXPECT_EQ(entities[0].char_offsets(1), 11u);  // After 陈飞斌任组长，三明分行.
  EXPECT_EQ(entities[1].type(), "place");
  EXPECT_EQ(entities[1].normalized(), "三明");
  EXPECT_EQ(entities[2].type(), "organization");
  EXPECT_EQ(entities[2].text(), "工商银行");
  EXPECT_EQ(entities[3].text(), "湖北");
  EXPECT_EQ(entities[4].text(), "湖北省");  // Its sub-word 省 is not counted.
  EXPECT_EQ(ExtractEntities(body, 2).size(), 2u);
}

TEST(EntitiesTest, TypeForTag) {
  EXPECT_STREQ(EntityTypeForTag("nr"), "person");
  EXPECT_STREQ(EntityTypeForTag("nrt"), "person");
  EXPECT_STREQ(EntityTypeForTag("ns"), "place");
  EXPECT_STREQ(EntityTypeForTag("nt"), "organization");
  EXPECT_STREQ(EntityTypeForTag("n"), "");
  EXPECT_STREQ(EntityTypeForTag(""), "");
}

}  // namespace
}  // namespace ink::enricher
