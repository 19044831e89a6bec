#include "stages/cleaner/page_mojibake.h"

#include <gtest/gtest.h>

namespace ink::cleaner {
namespace {

TEST(PageMojibakeTest, RestoresUtf8ReadAsLatin1) {
  // "’" (E2 80 99) read as Latin-1 and written again as UTF-8.
  EXPECT_EQ(RepairDoubleUtf8("Investor\xC3\xA2\xC2\x80\xC2\x99s Guide"),
            "Investor\xE2\x80\x99s Guide");
  // Once a control proves it, the other characters of the text come back
  // too ("é" read as "Ã©").
  EXPECT_EQ(RepairDoubleUtf8("caf\xC3\x83\xC2\xA9 \xC3\xA2\xC2\x80\xC2\x94 ok"),
            "caf\xC3\xA9 \xE2\x80\x94 ok");
}

TEST(PageMojibakeTest, RestoresUtf8ReadAsWindows1252) {
  // "â€™" (Windows-1252 signs) beside a C1 control elsewhere in the text.
  EXPECT_EQ(RepairDoubleUtf8("It\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2s \xC2\x81"),
            "It\xE2\x80\x99s \xC2\x81");
}

TEST(PageMojibakeTest, LeavesCleanTextAlone) {
  EXPECT_EQ(RepairDoubleUtf8("plain text, caf\xC3\xA9"), std::nullopt);
  // "Ã©" may be real text: without a control nothing is proven.
  EXPECT_EQ(RepairDoubleUtf8("\xC3\x83\xC2\xA9 and more"), std::nullopt);
  // A lead that the following characters cannot continue.
  EXPECT_EQ(RepairDoubleUtf8("\xC3\xA2 x \xC2\x99"), std::nullopt);
  EXPECT_EQ(RepairDoubleUtf8(""), std::nullopt);
}

}  // namespace
}  // namespace ink::cleaner
