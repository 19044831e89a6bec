// inkctl search / get / stats, answered by the store (store_client.h).
#include <google/protobuf/util/json_util.h>

#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/inkctl/context.h"
#include "cli/inkctl/store_client.h"
#include "ink/v1/store.pb.h"

namespace ink::ctl {
namespace {

Result<v1::StoreReply> Ask(Context& ctx, const v1::StoreRequest& req) {
  return AskStore(ctx, req, /*writable=*/false, 10000);
}

std::string Highlight(const std::string& snippet, bool tty) {
  std::string out = snippet;
  auto swap = [&](const std::string& from, const std::string& to) {
    for (size_t p = 0; (p = out.find(from, p)) != std::string::npos;
         p += to.size())
      out.replace(p, from.size(), to);
  };
  if (tty) {
    swap("[[", "\033[1;33m");
    swap("]]", "\033[0m");
  }
  return out;
}

int ReplyError(const Result<v1::StoreReply>& r, int code_if_error) {
  if (!r.ok()) return Fail(kUnavailable, r.status().ToString());
  if (!r->ok()) return Fail(code_if_error, r->error());
  return -1;
}

struct SearchFlags {
  int limit = 10;
  int offset = 0;
  std::string sort = "relevance";
  bool collapse = false;
  bool facets = false;
  bool exact_total = false;
  bool json = false;
};

void PrintFacets(const nlohmann::json& f) {
  // The largest counts first, at most kShown of them (--json has all);
  // months stay in calendar order.
  constexpr size_t kShown = 12;
  auto counts = [&](const char* title, const nlohmann::json& m,
                    bool by_count = true) {
    if (!m.is_object() || m.empty()) return;
    std::vector<std::pair<std::string, uint64_t>> items;
    for (auto it = m.begin(); it != m.end(); ++it)
      items.emplace_back(it.key(), it.value().get<uint64_t>());
    if (by_count) {
      std::stable_sort(
          items.begin(), items.end(),
          [](const auto& a, const auto& b) { return a.second > b.second; });
    }
    std::printf("  %s:", title);
    const size_t shown =
        by_count ? std::min(items.size(), kShown) : items.size();
    for (size_t i = 0; i < shown; ++i)
      std::printf(" %s (%llu)", items[i].first.c_str(),
                  static_cast<unsigned long long>(items[i].second));
    if (shown < items.size())
      std::printf(" ... +%zu more", items.size() - shown);
    std::printf("\n");
  };
  std::printf("\nfacets\n");
  counts("source", f.value("source", nlohmann::json::object()));
  counts("language", f.value("language", nlohmann::json::object()));
  counts("month", f.value("month", nlohmann::json::object()),
         /*by_count=*/false);
  const auto& e = f.value("entity", nlohmann::json::array());
  if (!e.empty()) {
    std::printf("  entity:");
    for (const auto& pair : e)
      std::printf(" %s (%llu)", pair[0].get<std::string>().c_str(),
                  static_cast<unsigned long long>(pair[1].get<uint64_t>()));
    std::printf("\n");
  }
}

int Search(Context& ctx, const std::string& query, const SearchFlags& flags) {
  v1::StoreRequest req;
  req.set_op(v1::StoreRequest::SEARCH);
  req.set_query(query);
  req.set_limit(flags.limit);
  req.set_offset(flags.offset);
  req.set_sort(flags.sort);
  req.set_collapse(flags.collapse);
  req.set_facets(flags.facets);
  req.set_exact_total(flags.exact_total);
  auto r = Ask(ctx, req);
  if (int rc = ReplyError(r, kUsage); rc >= 0) return rc;
  nlohmann::json facets;
  if (flags.facets)
    facets = nlohmann::json::parse(r->facets_json(), nullptr, false);
  if (flags.json) {
    nlohmann::json j;
    j["total"] = r->total();
    j["total_exact"] = !r->total_estimated();
    j["hits"] = nlohmann::json::array();
    for (const auto& h : r->hits()) {
      nlohmann::json hl = nlohmann::json::array();
      for (const auto& s : h.highlights())
        hl.push_back({s.char_begin(), s.char_end()});
      j["hits"].push_back({{"id", h.doc_id()},
                           {"title", h.title()},
                           {"date", h.date()},
                           {"source", h.source()},
                           {"file", h.file()},
                           {"language", h.language()},
                           {"cluster", h.cluster()},
                           {"collapsed", h.collapsed()},
                           {"score", h.score()},
                           {"snippet", h.snippet()},
                           {"snippet_plain", h.snippet_plain()},
                           {"highlights", hl}});
    }
    if (flags.facets) j["facets"] = facets;
    std::printf("%s\n", j.dump(2).c_str());
    return kOk;
  }
  bool tty = StdoutIsTty();
  std::printf("%s%llu %s%s for %s\n", r->total_estimated() ? "about " : "",
              static_cast<unsigned long long>(r->total()),
              flags.collapse ? "cluster" : "result", r->total() == 1 ? "" : "s",
              query.c_str());
  int n = flags.offset;
  for (const auto& h : r->hits()) {
    std::string more =
        h.collapsed() ? "  +" + std::to_string(h.collapsed()) + " similar" : "";
    std::printf("\n%2d. %s%s%s\n    %s  %s  score %.2f  id %s%s\n    %s\n", ++n,
                tty ? "\033[1m" : "", h.title().c_str(), tty ? "\033[0m" : "",
                h.date().empty() ? "(no date)" : h.date().c_str(),
                h.source().c_str(), h.score(), h.doc_id().substr(0, 12).c_str(),
                more.c_str(), Highlight(h.snippet(), tty).c_str());
  }
  if (flags.facets && facets.is_object()) PrintFacets(facets);
  return kOk;
}

int Get(Context& ctx, const std::string& id, bool json) {
  v1::StoreRequest req;
  req.set_op(v1::StoreRequest::GET);
  req.set_id(id);
  auto r = Ask(ctx, req);
  if (int rc = ReplyError(r, kNotFound); rc >= 0) return rc;
  const auto& d = r->document();
  if (json) {
    std::string out;
    google::protobuf::util::JsonPrintOptions opts;
    opts.add_whitespace = true;
    opts.preserve_proto_field_names = true;
    (void)google::protobuf::util::MessageToJsonString(d, &out, opts);
    std::printf("%s\n", out.c_str());
    return kOk;
  }
  const auto& a = d.clean();
  std::string authors;
  for (const auto& x : a.authors())
    authors += (authors.empty() ? "" : ", ") + x;
  std::printf(
      "%s\n\nid:      %s\nsource:  %s (file %s, version %u%s)\ndate:    %s\n",
      a.title().c_str(), d.doc_id().c_str(), a.source().c_str(),
      d.source().c_str(), d.version(),
      d.superseded_by().empty()
          ? ""
          : (", superseded by " + d.superseded_by()).c_str(),
      a.date().c_str());
  if (!d.cluster().empty() && d.cluster() != d.doc_id())
    std::printf("cluster: %s (near-duplicate of its first member)\n",
                d.cluster().c_str());
  if (!authors.empty()) std::printf("authors: %s\n", authors.c_str());
  if (!a.editor().empty()) std::printf("editor:  %s\n", a.editor().c_str());
  const auto& e = d.enrichment();
  if (e.keywords_size()) {
    std::printf("keywords:");
    for (const auto& k : e.keywords()) std::printf(" %s", k.term().c_str());
    std::printf("\n");
  }
  std::printf("\n%s\n", d.body().c_str());
  return kOk;
}

int Stats(Context& ctx, bool json) {
  v1::StoreRequest req;
  req.set_op(v1::StoreRequest::STATS);
  auto r = Ask(ctx, req);
  if (int rc = ReplyError(r, kError); rc >= 0) return rc;
  auto j = nlohmann::json::parse(r->stats_json(), nullptr, false);
  std::printf("%s\n", j.is_discarded() ? r->stats_json().c_str()
                                       : j.dump(json ? 2 : 2).c_str());
  return kOk;
}

}  // namespace

void AddQueryCommands(CLI::App& app, Context& ctx, int* exit_code) {
  auto* search = app.add_subcommand(
      "search",
      "Search the store: words, \"phrases\", OR, -word, (groups), title: "
      "source: "
      "author: lang: entity: keyword: cluster: after: before:");
  auto* query = search->add_option("QUERY", "The query")->required();
  auto flags = std::make_shared<SearchFlags>();
  search->add_option("--limit", flags->limit, "Results per page")
      ->capture_default_str();
  search->add_option("--offset", flags->offset, "Results to skip")
      ->capture_default_str();
  search
      ->add_option("--sort", flags->sort,
                   "relevance (BM25) or date (newest first)")
      ->check(CLI::IsMember({"relevance", "date"}))
      ->capture_default_str();
  AddFlag(search, "--collapse", "One hit per near-duplicate cluster")
      ->each([flags](const std::string&) { flags->collapse = true; });
  AddFlag(search, "--facets",
          "Counts by source, language, month and top entities")
      ->each([flags](const std::string&) { flags->facets = true; });
  AddFlag(search, "--exact-total",
          "Count every match (a ranked query with many matches otherwise "
          "skips those that cannot reach the page and estimates the total)")
      ->each([flags](const std::string&) { flags->exact_total = true; });
  AddFlag(search, "--json",
          "Print JSON: total, total_exact, hits (with highlight offsets), "
          "facets")
      ->each([flags](const std::string&) { flags->json = true; });
  search->footer(
      "Examples:\n  inkctl search 疫情\n  inkctl search '\"金融服务\" -保险 "
      "after:2020-01-01'\n"
      "  inkctl search '(分行 OR 支行) entity:三明 lang:zh' --sort date "
      "--collapse --facets");
  search->callback([&ctx, exit_code, query, flags] {
    *exit_code = Search(ctx, query->as<std::string>(), *flags);
  });

  auto* get = app.add_subcommand(
      "get", "Show one stored article (id or a prefix of 8+ chars)");
  auto* id = get->add_option("ID", "Document id")->required();
  auto* gjson = AddFlag(get, "--json", "Print the stored document as JSON");
  get->callback([&ctx, exit_code, id, gjson] {
    *exit_code = Get(ctx, id->as<std::string>(), gjson->count() > 0);
  });

  auto* stats =
      app.add_subcommand("stats", "Store figures: documents, terms, sizes");
  auto* sjson = AddFlag(stats, "--json", "Print JSON");
  stats->callback([&ctx, exit_code, sjson] {
    *exit_code = Stats(ctx, sjson->count() > 0);
  });
}

}  // namespace ink::ctl
