#include "common/bench/news_corpus.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace ink::bench {
namespace {

void SplitFile(const std::filesystem::path& path,
               std::vector<NewsItem>* items) {
  std::ifstream in(path);
  const std::string stem = path.stem().string();
  std::string date = stem;
  if (date.size() == 8)
    date =
        date.substr(0, 4) + "-" + date.substr(4, 2) + "-" + date.substr(6, 2);
  std::string line;
  NewsItem* current = nullptr;
  int n = 0;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind("### ", 0) == 0) {
      current = &items->emplace_back();
      current->id = stem + "-" + std::to_string(n++);
      current->title = line.substr(4);
      current->date = date;
    } else if (line.rfind("#", 0) == 0) {
      current = nullptr;
    } else if (current != nullptr && !line.empty()) {
      if (!current->body.empty()) current->body += "\n\n";
      current->body += line;
    }
  }
}

}  // namespace

std::vector<NewsItem> LoadNewsItems(const std::string& dir) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (auto& e : std::filesystem::recursive_directory_iterator(dir, ec)) {
    if (e.is_regular_file() && e.path().extension() == ".md")
      files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<NewsItem> items;
  for (const auto& f : files) SplitFile(f, &items);
  std::erase_if(items, [](const NewsItem& it) { return it.body.empty(); });
  return items;
}

}  // namespace ink::bench
