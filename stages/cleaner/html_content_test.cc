// Tests of html_content.{h,cc} through CleanHtmlPage on pages written for them.
#include <gtest/gtest.h>

#include "stages/cleaner/cleaner.h"
