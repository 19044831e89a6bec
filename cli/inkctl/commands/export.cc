// inkctl export: the store written out as JSON Lines, one stored document
// (the enriched article with its provenance) per line.
//
// It opens the store read-only in this process, which works whether the
// store daemon is running or not, and sees the documents as of the open.
#include <google/protobuf/util/json_util.h>

#include <cstdio>
#include <memory>

#include "cli/inkctl/context.h"
#include "stages/store/store.h"

namespace ink::ctl {
namespace {

struct ExportOptions {
  std::string output;   // Empty: stdout.
  bool latest = false;  // Skip versions a newer one superseded.
};

int Export(Context& ctx, const ExportOptions& opt) {
  const config::Config* c = ctx.Config();
  if (!c) return kUsage;
  store::Options so;
  so.path = c->section("store").GetString("path");
  // No segmenter: exporting never searches.
  auto st = store::Store::OpenReadOnly(so, nullptr);
  if (!st.ok()) {
    return Fail(kUnavailable, "cannot open the store at " + so.path + ": " +
                                  st.status().ToString() +
                                  " (is --home right?)");
  }
  std::vector<std::string> ids;
  Status listed = st.value()->ForEachDocMeta(
      [&](std::string_view id, const store::DocMeta& meta) {
        if (!(opt.latest && meta.superseded)) ids.emplace_back(id);
        return true;
      });
  if (!listed.ok()) return Fail(kError, listed.ToString());

  FILE* out = stdout;
  std::unique_ptr<FILE, int (*)(FILE*)> file(nullptr, &std::fclose);
  if (!opt.output.empty() && opt.output != "-") {
    file.reset(std::fopen(opt.output.c_str(), "wb"));
    if (!file)
      return Fail(kError,
                  "cannot write " + opt.output + ": " + std::strerror(errno));
    out = file.get();
  }
  google::protobuf::util::JsonPrintOptions json;
  json.preserve_proto_field_names = true;
  size_t written = 0;
  for (const auto& id : ids) {
    auto doc = st.value()->Get(id);
    if (!doc.ok()) {
      std::fprintf(stderr, "inkctl: skipped %s: %s\n", id.c_str(),
                   doc.status().ToString().c_str());
      continue;
    }
    std::string line;
    auto s =
        google::protobuf::util::MessageToJsonString(doc.value(), &line, json);
    if (!s.ok()) {
      std::fprintf(stderr, "inkctl: skipped %s: %s\n", id.c_str(),
                   s.ToString().c_str());
      continue;
    }
    line += '\n';
    if (std::fwrite(line.data(), 1, line.size(), out) != line.size())
      return Fail(kError, "write failed: " + std::string(std::strerror(errno)));
    ++written;
  }
  if (std::fflush(out) != 0)
    return Fail(kError, "write failed: " + std::string(std::strerror(errno)));
  if (file && std::fclose(file.release()) != 0)
    return Fail(kError, "cannot close " + opt.output);
  if (!opt.output.empty() && opt.output != "-")
    std::fprintf(stderr, "exported %zu documents to %s\n", written,
                 opt.output.c_str());
  return kOk;
}

}  // namespace

void AddExportCommands(CLI::App& app, Context& ctx, int* exit_code) {
  auto opt = std::make_shared<ExportOptions>();
  auto* cmd = app.add_subcommand(
      "export", "Write every stored document out as JSON Lines");
  cmd->footer(
      "One line per document: doc_id, source, version, the clean article\n"
      "(title, date, authors...), body, enrichment (keywords, entities,\n"
      "summary, language, simhash) and trace. Works with the store daemon\n"
      "up or down (the store is opened read-only).\n\n"
      "Examples:\n"
      "  inkctl export --json > articles.jsonl\n"
      "  inkctl export --json --latest -o current.jsonl\n"
      "  inkctl export --json | jq -r .clean.title");
  AddFlag(cmd, "--json",
          "JSON Lines (the only format; accepted for clarity in scripts)");
  cmd->add_option("--output,-o", opt->output, "Write here instead of stdout");
  cmd->add_flag("--latest", opt->latest,
                "Skip versions superseded by a newer one of the same source");
  cmd->callback([&ctx, exit_code, opt] { *exit_code = Export(ctx, *opt); });
}

}  // namespace ink::ctl
