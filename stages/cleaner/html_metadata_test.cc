// Tests of html_metadata.{h,cc} through CleanHtmlPage on pages written for them.
#include <gtest/gtest.h>

#include "stages/cleaner/cleaner.h"
