// Rules that tell page chrome and metadata lines from body text, shared by
// the plain-text and HTML paths so a rule added once applies to both. Every
// rule is a row of a table, not code of its own.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ink/v1/envelope.pb.h"
#include "stages/cleaner/chrome.h"

namespace ink::cleaner {

// What a metadata line ("来源: X 2020-03-31 16:40", "作者：X", "[责任编辑:X]",
// "发布时间：...", "By Jane Doe") says. Empty fields were not stated.
struct Byline {
  std::string source;
  std::string date;       // ISO 8601 (see date_parse.h).
  std::string date_rule;  // Which line gave the date: source-line, date-line...
  std::string editor;
  std::vector<std::string> authors;      // People.
  std::vector<std::string> author_orgs;  // Organisations named as author.
  std::vector<std::string> tags;
  // Body text glued after the metadata, as in "来源: X 2020-03-31 16:40新年
  // 伊始,..." when line breaks were lost in copying.
  std::string rest;
};

// Returns the metadata of `line` if the line is a metadata line, nullopt if
// it is body text. A line counts only if it starts with a label, a date or a
// bracketed label, so prose that mentions "来源" is left alone.
std::optional<Byline> ParseByline(std::string_view line,
                                  int default_offset_minutes);

// True for a line that only announces the byline printed on the next line:
// "By", "Written by", "WRITTEN BY", "Author:", "Authors".
bool IsBylineLabel(std::string_view line);

// Removes a trailing credit such as "(图/文 阎菁菁)", "（记者 张三 通讯员
// 李四）" or "文/张三" from `*paragraph` and returns the named people (empty if
// there is no credit; then `*paragraph` is unchanged).
std::vector<std::string> TakeCredit(std::string* paragraph);

// Finds reporters credited in a line of a Chinese article: "本报记者 张三
// 李四", "□ 光明日报记者 王五", "记者马六/文", "本报记者赵七发自北京" (short
// lines only, so prose such as "记者了解到，" is not read as a name), and
// parenthesised credits "（总台记者 张倩）", "（记者 格桑边觉）" anywhere,
// "（姚峰 上海报道）" or a bare "（袁源）" ending the line. Returns the
// names (empty if none); `*whole_line` says whether the credit is all the
// line holds (then it is not body text).
std::vector<std::string> FindReporterCredit(std::string_view line,
                                            bool* whole_line);

// True for a Chinese personal name: two or three Han characters, a common
// surname first, no organisation ending ("尹娟", "欧阳修"; not "新华社").
bool LooksLikePersonName(std::string_view name);

// True for a name with an organisation's ending: "新华社", "人民网",
// "工商局".
bool LooksLikeOrgName(std::string_view name);

// Splits an author field into people and organisations:
// "工行三明分行 陈丽新" -> persons {陈丽新}, orgs {工行三明分行}. Job words
// (记者, 通讯员) are dropped.
void SplitAuthors(std::string_view value, std::vector<std::string>* persons,
                  std::vector<std::string>* orgs);

// Copies what `byline` states into the fields of `out` that are still
// empty, recording `rule_prefix` + the line's rule ("source-line",
// "author-line", "editor-line"...) in field_rules for each. Authors are
// appended without duplicates; an organisation named as author becomes the
// source when there is none.
void MergeByline(const Byline& byline, const std::string& rule_prefix,
                 v1::CleanArticle* out);

// True for a line that only announces the credit on the next line:
// "本报记者", "本报实习生", "通讯员", "作者：".
bool IsCreditLabel(std::string_view line);

}  // namespace ink::cleaner
