// The xwlb_zh corpus as news items, for benchmarks and evaluations: each
// daily file news/YYYYMMDD.md is split at its "### " headings (heading =
// title; the non-empty lines up to the next heading = paragraphs).
#pragma once

#include <string>
#include <vector>

namespace ink::bench {

struct NewsItem {
  std::string id;    // "<YYYYMMDD>-<n>", n counting from 0 within the day.
  std::string date;  // YYYY-MM-DD from the file name.
  std::string title;
  std::string body;  // Paragraphs joined by a blank line.
};

// Every item with a body, from the *.md files under `dir` in name order.
// Empty when `dir` does not exist (callers print that they skip).
std::vector<NewsItem> LoadNewsItems(const std::string& dir);

}  // namespace ink::bench
