// inkctl clean / segment / enrich: a stage's logic on a file or stdin, with
// no daemon running. Each uses the same library and config as its daemon.
#include <google/protobuf/util/json_util.h>

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/inkctl/context.h"
#include "common/fs.h"
#include "stages/cleaner/cleaner.h"
#include "stages/enricher/enricher.h"
#include "stages/segmenter/segmenter.h"
#include "stages/segmenter/segmenter_stage.h"

namespace ink::ctl {
namespace {

segmenter::Options SegmenterOptions(const config::Config& c) {
  return segmenter::OptionsFromSection(c.section("segmenter"));
}

Result<v1::CleanArticle> CleanFile(const config::Config& c,
                                   const std::string& path) {
  cleaner::Options o;
  o.max_bytes = static_cast<size_t>(c.section("cleaner").GetInt("max_bytes"));
  auto bytes = fs::ReadFile(path, o.max_bytes);
  if (!bytes.ok()) return bytes.status();
  v1::RawDocument raw;
  raw.set_content(std::move(bytes.value()));
  raw.set_filename(std::filesystem::path(path).filename().string());
  cleaner::Cleaner cleaner(o);
  v1::CleanArticle article;
  RETURN_IF_ERROR(cleaner.Clean(raw, &article));
  return article;
}

// Authors as a reader writes them: "A and B", "A, B and C" for Latin
// names; "甲、乙" otherwise.
std::string JoinAuthors(
    const google::protobuf::RepeatedPtrField<std::string>& authors) {
  bool latin = true;
  for (const auto& a : authors) {
    for (unsigned char c : a) latin = latin && c < 0x80;
  }
  std::string out;
  for (int i = 0; i < authors.size(); ++i) {
    if (i > 0) {
      if (!latin)
        out += "、";
      else
        out += i + 1 == authors.size() ? " and " : ", ";
    }
    out += authors[i];
  }
  return out;
}

std::string ProtoJson(const google::protobuf::Message& m) {
  std::string out;
  google::protobuf::util::JsonPrintOptions opts;
  opts.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(m, &out, opts);
  return out;
}

int Clean(Context& ctx, const std::string& path, bool json) {
  const config::Config* c = ctx.Config();
  if (!c) return kUsage;
  auto a = CleanFile(*c, path);
  if (!a.ok()) return Fail(kError, path + ": " + a.status().ToString());
  std::string body = segmenter::BodyText(a.value());
  if (json) {
    // The full article, plus the flat fields scripts and scorers read.
    auto j = nlohmann::json::parse(ProtoJson(a.value()));
    std::string authors = JoinAuthors(a->authors());
    j["author"] = authors.empty() ? nlohmann::json() : nlohmann::json(authors);
    j["body"] = body;
    for (const char* k : {"title", "date", "source", "editor"}) {
      if (!j.contains(k)) j[k] = nullptr;
    }
    std::printf("%s\n", j.dump(2).c_str());
    return kOk;
  }
  std::printf("title:   %s\ndate:    %s\nsource:  %s\n", a->title().c_str(),
              a->date().c_str(), a->source().c_str());
  for (const auto& x : a->authors()) std::printf("author:  %s\n", x.c_str());
  if (!a->editor().empty()) std::printf("editor:  %s\n", a->editor().c_str());
  for (const auto& im : a->images())
    std::printf("image:   %s  %s\n", im.url().c_str(), im.caption().c_str());
  std::printf("\n%s\n", body.c_str());
  return kOk;
}

int Segment(Context& ctx, const std::string& mode_name, bool tags,
            bool offsets) {
  const config::Config* c = ctx.Config();
  if (!c) return kUsage;
  if (mode_name != "exact" && mode_name != "search") {
    return Fail(kUsage, "--mode must be exact or search");
  }
  auto seg = segmenter::Segmenter::Create(SegmenterOptions(*c));
  if (!seg.ok()) return Fail(kError, seg.status().ToString());
  auto mode = mode_name == "search" ? segmenter::Mode::kSearch
                                    : segmenter::Mode::kExact;
  std::ios::sync_with_stdio(false);  // Line-by-line reads of large inputs.
  std::string line;
  std::string out;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out.clear();
    for (const auto& t : seg.value()->Cut(line, mode)) {
      if (!out.empty()) out += ' ';
      out.append(t.text);
      if (tags && !t.tag.empty()) out.append("/").append(t.tag);
      if (offsets) {
        out += "[" + std::to_string(t.position) + ":" +
               std::to_string(t.char_begin) + "-" + std::to_string(t.char_end) +
               "]";
      }
    }
    out += '\n';
    std::fwrite(out.data(), 1, out.size(), stdout);
  }
  return kOk;
}

int Enrich(Context& ctx, const std::string& path, bool json) {
  const config::Config* c = ctx.Config();
  if (!c) return kUsage;
  auto a = CleanFile(*c, path);
  if (!a.ok()) return Fail(kError, path + ": " + a.status().ToString());
  auto seg = segmenter::Segmenter::Create(SegmenterOptions(*c));
  if (!seg.ok()) return Fail(kError, seg.status().ToString());
  v1::SegmentedArticle segmented;
  seg.value()->SegmentArticle(a.value(), &segmented);
  enricher::Options eo;
  eo.idf_path = c->section("enricher").GetString("idf");
  eo.stop_words_path = c->section("enricher").GetString("stop_words");
  auto enricher = enricher::Enricher::Create(eo);
  if (!enricher.ok()) return Fail(kError, enricher.status().ToString());
  v1::Enrichment e;
  Status s = enricher.value()->Enrich(a.value(), segmented, &e);
  if (!s.ok()) return Fail(kError, s.ToString());
  if (json) {
    auto j = nlohmann::json::parse(ProtoJson(e));
    char hex[32];
    std::snprintf(hex, sizeof hex, "%016llx",
                  static_cast<unsigned long long>(e.simhash()));
    j["simhash"] = hex;
    std::printf("%s\n", j.dump(2).c_str());
    return kOk;
  }
  std::printf("title:    %s\nlanguage: %s\nsimhash:  %016llx\nkeywords:",
              a->title().c_str(), e.language().c_str(),
              static_cast<unsigned long long>(e.simhash()));
  for (const auto& k : e.keywords())
    std::printf(" %s(%.2f)", k.term().c_str(), k.weight());
  std::printf("\nentities:\n");
  for (const auto& en : e.entities()) {
    std::printf(
        "  %-13s %s x%u\n", en.type().c_str(),
        en.normalized().empty() ? en.text().c_str() : en.normalized().c_str(),
        en.count());
  }
  std::printf("summary:\n");
  for (const auto& s : e.summary()) std::printf("  %s\n", s.c_str());
  return kOk;
}

}  // namespace

void AddOfflineCommands(CLI::App& app, Context& ctx, int* exit_code) {
  auto* clean = app.add_subcommand(
      "clean", "Extract the article from a file (no daemon needed)");
  auto* file = clean->add_option("FILE", "A .txt, .md, .html (or .gz) article")
                   ->required();
  auto* json = AddFlag(clean, "--json",
                       "Print JSON (title, author, date, source, body, ...)");
  clean->callback([&ctx, exit_code, file, json] {
    *exit_code = Clean(ctx, file->as<std::string>(), json->count() > 0);
  });

  auto* segment =
      app.add_subcommand("segment",
                         "Segment stdin: one output line per input line, "
                         "words separated by spaces");
  auto* mode =
      segment->add_option("--mode", "exact or search")->default_val("exact");
  auto* tags = AddFlag(segment, "--tags", "Append /tag to each word");
  auto* offsets =
      AddFlag(segment, "--offsets", "Append [position:char_begin-char_end]");
  segment->footer(
      "Example:\n  echo 工行三明分行坚守服务阵地 | inkctl segment --tags");
  segment->callback([&ctx, exit_code, mode, tags, offsets] {
    *exit_code = Segment(ctx, mode->as<std::string>(), tags->count() > 0,
                         offsets->count() > 0);
  });

  auto* enrich = app.add_subcommand(
      "enrich", "Clean, segment and enrich a file (no daemon)");
  auto* efile = enrich->add_option("FILE", "An article file")->required();
  auto* ejson = AddFlag(enrich, "--json", "Print JSON");
  enrich->callback([&ctx, exit_code, efile, ejson] {
    *exit_code = Enrich(ctx, efile->as<std::string>(), ejson->count() > 0);
  });
}

}  // namespace ink::ctl
