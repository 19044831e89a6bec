// inkctl search / get / stats: ask the store daemon over its query socket,
// or, when it is down, open the store read-only in this process.
#include <cstdio>

#include <google/protobuf/util/json_util.h>
#include <nlohmann/json.hpp>

#include "cli/inkctl/context.h"
#include "common/bus.h"
#include "ink/v1/store.pb.h"
#include "stages/store/store_stage.h"

namespace ink::ctl {
namespace {

Result<v1::StoreReply> AskOffline(const config::Config& c, const v1::StoreRequest& req) {
  const auto& s = c.section("store");
  segmenter::Options so;
  so.dict_path = s.GetString("dict");
  so.user_dict_path = s.GetString("user_dict");
  auto seg = segmenter::Segmenter::Create(so);
  if (!seg.ok()) return seg.status();
  store::Options o;
  o.path = s.GetString("path");
  auto st = store::Store::OpenReadOnly(o, seg.value().get());
  if (!st.ok()) {
    return Status::Unavailable("the store daemon is down and the store cannot be opened: " +
                               st.status().ToString());
  }
  store::StoreStage stage(std::move(seg.value()), std::move(st.value()));
  v1::StoreReply reply;
  if (!reply.ParseFromString(stage.HandleRequest(req.SerializeAsString()))) {
    return Status::Corruption("bad reply from the store");
  }
  return reply;
}

// Asks the daemon; falls back to a read-only open when it does not answer.
Result<v1::StoreReply> Ask(Context& ctx, const v1::StoreRequest& req) {
  const config::Config* c = ctx.Config();
  if (!c) return Status::InvalidArgument("bad config");
  auto raw = bus::Request(ctx.zmq, c->section("bus").GetString("query"), req.SerializeAsString(),
                          10000);
  if (!raw.ok()) return AskOffline(*c, req);
  v1::StoreReply reply;
  if (!reply.ParseFromString(raw.value())) return Status::Corruption("bad reply from the store");
  return reply;
}

std::string Highlight(const std::string& snippet, bool tty) {
  std::string out = snippet;
  auto swap = [&](const std::string& from, const std::string& to) {
    for (size_t p = 0; (p = out.find(from, p)) != std::string::npos; p += to.size())
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

int Search(Context& ctx, const std::string& query, int limit, int offset, bool json) {
  v1::StoreRequest req;
  req.set_op(v1::StoreRequest::SEARCH);
  req.set_query(query);
  req.set_limit(limit);
  req.set_offset(offset);
  auto r = Ask(ctx, req);
  if (int rc = ReplyError(r, kUsage); rc >= 0) return rc;
  if (json) {
    nlohmann::json j;
    j["total"] = r->total();
    j["hits"] = nlohmann::json::array();
    for (const auto& h : r->hits()) {
      nlohmann::json hl = nlohmann::json::array();
      for (const auto& s : h.highlights()) hl.push_back({s.char_begin(), s.char_end()});
      j["hits"].push_back({{"id", h.doc_id()},
                           {"title", h.title()},
                           {"date", h.date()},
                           {"source", h.source()},
                           {"file", h.file()},
                           {"score", h.score()},
                           {"snippet", h.snippet()},
                           {"snippet_plain", h.snippet_plain()},
                           {"highlights", hl}});
    }
    std::printf("%s\n", j.dump(2).c_str());
    return kOk;
  }
  bool tty = StdoutIsTty();
  std::printf("%llu result%s for %s\n", static_cast<unsigned long long>(r->total()),
              r->total() == 1 ? "" : "s", query.c_str());
  int n = offset;
  for (const auto& h : r->hits()) {
    std::printf("\n%2d. %s%s%s\n    %s  %s  score %.2f  id %s\n    %s\n", ++n, tty ? "\033[1m" : "",
                h.title().c_str(), tty ? "\033[0m" : "", h.date().empty() ? "(no date)" : h.date().c_str(),
                h.source().c_str(), h.score(), h.doc_id().substr(0, 12).c_str(),
                Highlight(h.snippet(), tty).c_str());
  }
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
  for (const auto& x : a.authors()) authors += (authors.empty() ? "" : ", ") + x;
  std::printf("%s\n\nid:      %s\nsource:  %s (file %s, version %u%s)\ndate:    %s\n", a.title().c_str(),
              d.doc_id().c_str(), a.source().c_str(), d.source().c_str(), d.version(),
              d.superseded_by().empty() ? "" : (", superseded by " + d.superseded_by()).c_str(),
              a.date().c_str());
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
  std::printf("%s\n", j.is_discarded() ? r->stats_json().c_str() : j.dump(json ? 2 : 2).c_str());
  return kOk;
}

}  // namespace

void AddQueryCommands(CLI::App& app, Context& ctx, int* exit_code) {
  auto* search = app.add_subcommand("search", "Search the store (words, \"phrases\", OR, -word, "
                                              "source:, after:, before:)");
  auto* query = search->add_option("QUERY", "The query")->required();
  auto* limit = search->add_option("--limit", "Results per page")->default_val(10);
  auto* offset = search->add_option("--offset", "Results to skip")->default_val(0);
  auto* json = AddFlag(search, "--json", "Print JSON: total and hits");
  search->footer("Examples:\n  inkctl search 疫情\n  inkctl search '\"金融服务\" -保险 after:2020-01-01'");
  search->callback([&ctx, exit_code, query, limit, offset, json] {
    *exit_code = Search(ctx, query->as<std::string>(), limit->as<int>(), offset->as<int>(),
                        json->count() > 0);
  });

  auto* get = app.add_subcommand("get", "Show one stored article (id or a prefix of 8+ chars)");
  auto* id = get->add_option("ID", "Document id")->required();
  auto* gjson = AddFlag(get, "--json", "Print the stored document as JSON");
  get->callback([&ctx, exit_code, id, gjson] {
    *exit_code = Get(ctx, id->as<std::string>(), gjson->count() > 0);
  });

  auto* stats = app.add_subcommand("stats", "Store figures: documents, terms, sizes");
  auto* sjson = AddFlag(stats, "--json", "Print JSON");
  stats->callback([&ctx, exit_code, sjson] { *exit_code = Stats(ctx, sjson->count() > 0); });
}

}  // namespace ink::ctl
