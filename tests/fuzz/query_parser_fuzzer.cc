// Fuzzes the store's query parser, ParseQuery(), with the analyzer the
// store uses (the real segmenter on jieba's dictionary), and checks the
// shape its header promises for every query it accepts.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "stages/segmenter/segmenter.h"
#include "stages/store/query_parser.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

const ink::segmenter::Segmenter* g_segmenter = nullptr;

void CheckNode(const ink::store::QueryNode& node, int depth) {
  using Kind = ink::store::QueryNode::Kind;
  // A group nests an AND inside an OR or NOT at most: two nodes a level.
  if (depth > 3 * ink::store::kMaxQueryDepth + 3)
    ink::fuzz::Fail("tree deeper than kMaxQueryDepth allows", "");
  switch (node.kind) {
    case Kind::kAnd:
    case Kind::kOr:
      if (node.children.empty() && depth > 0)
        ink::fuzz::Fail("AND/OR without children", "");
      break;
    case Kind::kNot:
      if (node.children.size() != 1)
        ink::fuzz::Fail("NOT without exactly one child", "");
      break;
    case Kind::kClause:
      if (node.clause.terms.empty())
        ink::fuzz::Fail("clause without terms", node.clause.text);
      break;
    case Kind::kFilter:
      if ((node.filter == ink::store::FilterKind::kAfter ||
           node.filter == ink::store::FilterKind::kBefore) &&
          node.value.size() != 10)
        ink::fuzz::Fail("date filter not YYYY-MM-DD", node.value);
      break;
  }
  for (const auto& child : node.children) CheckNode(child, depth + 1);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  auto seg = ink::segmenter::Segmenter::Create(ink::segmenter::Options());
  if (!seg.ok())
    ink::fuzz::Fail("cannot load the segmenter (python3-jieba installed?)",
                    seg.status().ToString());
  g_segmenter = seg.value().release();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto query =
      ink::store::ParseQuery(text, ink::store::SegmenterAnalyzer(g_segmenter));
  if (!query.ok()) {
    ink::fuzz::CheckRefusal(query.status());
    if (query.status().code() != ink::Status::Code::kInvalidArgument)
      ink::fuzz::Fail("ParseQuery() returned an undocumented status",
                      query.status().ToString());
    return 0;
  }
  if (query->root.kind != ink::store::QueryNode::Kind::kAnd)
    ink::fuzz::Fail("root is not an AND", query->DebugString());
  CheckNode(query->root, 0);
  (void)query->PositiveTerms();
  if (query->DebugString().empty()) ink::fuzz::Fail("empty DebugString", "");
  return 0;
}
