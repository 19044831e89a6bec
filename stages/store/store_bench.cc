// store_bench: our store side by side with Xapian and SQLite FTS5 on the
// xwlb_zh corpus (each daily file split at its "### " headings). All
// engines get the same words from our segmenter; the table reports index
// build rate, size on disk after compaction, and in-process latency of
// two-word AND and phrase queries (fixed seed, top 10, BM25), then the
// same queries to our store with full hits (documents and snippets), in
// process and through the store's query socket (REQ/REP, as inkctl asks
// the daemon), and the known-item MRR@10 of our store (each item's title
// as the query).
//
//   INK_BENCH_CORPUS   corpus folder (default ../shared/corpus/xwlb_zh)
//   INK_BENCH_MRR      items sampled for MRR@10 (default 2000; 0 = all)
//   INK_BENCH_MISSES   set: lists the unique-title items not ranked first
//   INK_BENCH_DURING   set: times AND queries run beside an ingest too
//   INK_BENCH_ENGINES  comma list of ink,xapian,fts5 (default all built)
//   INK_BENCH_LIMIT    use only the first N items (default all)
//   INK_BENCH_SCALE    index the corpus this many times, with new ids
//                      (default 1)
//   INK_BENCH_SLOWEST  print this many of our slowest queries
//
// Exits 0 with a message when the corpus folder is absent.
#include <sqlite3.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#ifdef INK_HAVE_XAPIAN
#include <xapian.h>
#endif

#include <thread>
#include <zmq.hpp>

#include "common/bench/news_corpus.h"
#include "common/bus.h"
#include "common/huge_page_heap.h"
#include "stages/segmenter/segmenter.h"
#include "stages/store/search.h"
#include "stages/store/store.h"
#include "stages/store/store_stage.h"

namespace ink::store {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Word {
  std::string norm;
  uint32_t position;
};

struct Item {
  std::string id;
  std::string date;
  std::string title;
  std::string body;
  v1::SegmentedArticle segmented;  // Search mode, for our store.
  std::vector<Word> title_words;   // Exact mode, stop words dropped.
  std::vector<Word> body_words;
};

// CPU time of the whole process (every thread, RocksDB's background
// flushes and compactions included): on a shared machine it tells the cost
// of a build apart from the wait for a core.
double ProcessCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + ts.tv_nsec / 1e9;
}

// CPU time of the calling thread only: for our store, the writer's own
// share of a build (Put) apart from RocksDB's background threads.
double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + ts.tv_nsec / 1e9;
}

// CPU time of this process's threads named `name` (comm), from /proc: for
// our store, its indexing thread ("ink-indexer").
double NamedThreadsCpuSeconds(const std::string& name) {
  double seconds = 0;
  std::error_code ec;
  for (const auto& task :
       std::filesystem::directory_iterator("/proc/self/task", ec)) {
    std::string comm;
    std::getline(std::ifstream(task.path() / "comm"), comm);
    if (comm != name) continue;
    std::string stat;
    std::getline(std::ifstream(task.path() / "stat"), stat);
    // Fields after the ")" closing comm: state is field 3; utime and stime
    // are fields 14 and 15.
    std::istringstream rest(stat.substr(stat.rfind(')') + 2));
    std::string field;
    unsigned long long utime = 0, stime = 0;
    for (int i = 3; i <= 15 && rest >> field; ++i) {
      if (i == 14) utime = std::stoull(field);
      if (i == 15) stime = std::stoull(field);
    }
    seconds += static_cast<double>(utime + stime) /
               static_cast<double>(sysconf(_SC_CLK_TCK));
  }
  return seconds;
}

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

uint64_t DirBytes(const std::string& path) {
  uint64_t total = 0;
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) return fs::file_size(path, ec);
  for (auto& e : fs::recursive_directory_iterator(path, ec)) {
    if (e.is_regular_file(ec)) total += e.file_size(ec);
  }
  return total;
}

std::vector<Word> Words(const segmenter::Segmenter& seg,
                        std::string_view text) {
  std::vector<Word> out;
  for (const auto& t : seg.Cut(text, segmenter::Mode::kExact)) {
    if (t.stop || t.norm.empty()) continue;
    out.push_back({t.norm, t.position});
  }
  return out;
}

std::string Join(const std::vector<Word>& words) {
  std::string out;
  for (const Word& w : words) {
    if (!out.empty()) out += ' ';
    out += w.norm;
  }
  return out;
}

struct Latency {
  std::vector<double> ms;
  double P(double q) {
    if (ms.empty()) return 0;
    std::sort(ms.begin(), ms.end());
    return ms[std::min(ms.size() - 1, static_cast<size_t>(q * ms.size()))];
  }
};

struct Row {
  std::string engine;
  size_t docs = 0;  // Indexed; 0 for rows that only query.
  double build_s = 0;
  double build_cpu_s = 0;  // Process CPU time of the build.
  uint64_t bytes = 0;
  Latency and_q, phrase_q;
  double and_hits = 0, phrase_hits = 0;
};

struct Queries {
  std::vector<std::pair<std::string, std::string>> and_pairs;
  std::vector<std::pair<std::string, std::string>> phrase_pairs;
};

Queries MakeQueries(const std::vector<Item>& items) {
  Queries q;
  std::mt19937_64 rng(20200331);
  auto ok = [](const std::string& w) {
    // Words the FTS5 tokenizer keeps whole: letters and CJK, no digits or
    // punctuation inside.
    return std::all_of(w.begin(), w.end(), [](unsigned char c) {
      return c >= 0x80 || std::isalpha(c);
    });
  };
  while (q.and_pairs.size() < 200) {
    const Item& it = items[rng() % items.size()];
    if (it.body_words.size() < 10) continue;
    const auto& a = it.body_words[rng() % it.body_words.size()].norm;
    const auto& b = it.body_words[rng() % it.body_words.size()].norm;
    if (a == b || !ok(a) || !ok(b)) continue;
    q.and_pairs.emplace_back(a, b);
  }
  while (q.phrase_pairs.size() < 100) {
    const Item& it = items[rng() % items.size()];
    if (it.body_words.size() < 10) continue;
    size_t i = rng() % (it.body_words.size() - 1);
    const Word& a = it.body_words[i];
    const Word& b = it.body_words[i + 1];
    if (b.position != a.position + 1 || !ok(a.norm) || !ok(b.norm)) continue;
    q.phrase_pairs.emplace_back(a.norm, b.norm);
  }
  return q;
}

// The id of the item a document copies: scaled runs index every item
// again as "<id>-r<round>".
std::string OriginalId(const std::string& id) {
  const size_t r = id.rfind("-r");
  if (r == std::string::npos || r + 2 == id.size() ||
      id.find_first_not_of("0123456789", r + 2) != std::string::npos)
    return id;
  return id.substr(0, r);
}

// The best strict reciprocal rank an item can expect when its title query
// names k items alike: between them they can take only ranks 1..k, so over
// the k items the reciprocal ranks sum to at most H(min(k, 10)).
double StrictRankCeiling(size_t k) {
  double h = 0;
  for (size_t r = 1; r <= std::min<size_t>(k, 10); ++r)
    h += 1.0 / static_cast<double>(r);
  return k == 0 ? 0 : h / static_cast<double>(k);
}

template <typename Fn>
void Time(Latency* lat, double* hits, Fn fn) {
  auto t0 = Clock::now();
  size_t n = fn();
  lat->ms.push_back(Seconds(t0, Clock::now()) * 1000);
  *hits += static_cast<double>(n);
}

// Fills `row` with the latencies of the benchmark queries through `run`
// (which returns the number of matches).
template <typename Run>
void TimeQueries(const Queries& q, Row* row, Run run) {
  for (const auto& [a, b] : q.and_pairs)
    Time(&row->and_q, &row->and_hits, [&] { return run(a + " " + b); });
  for (const auto& [a, b] : q.phrase_pairs) {
    Time(&row->phrase_q, &row->phrase_hits,
         [&] { return run("\"" + a + " " + b + "\""); });
  }
}

// Queries beside an ingest: a fresh store takes the corpus once while
// another thread runs the AND queries in a loop, as a user searching
// during an ingest would. Each query waits for the documents stored
// before it (searchable once acknowledged), so its latency includes any
// indexing (and segment write) under way.
void RunDuringIngest(const std::vector<Item>& items, const Queries& q,
                     const segmenter::Segmenter& seg, const std::string& dir) {
  Options options;
  options.path = dir + "/ink-during";
  auto store = Store::Open(options, &seg);
  if (!store.ok()) {
    std::fprintf(stderr, "ink: %s\n", store.status().ToString().c_str());
    return;
  }
  v1::Envelope e;
  std::atomic<bool> done{false};
  Latency lat;
  double hits = 0;
  std::thread reader([&] {
    Searcher searcher(store->get());
    SearchOptions ids;
    ids.limit = 10;
    ids.documents = false;
    for (size_t i = 0; !done.load(std::memory_order_relaxed); ++i) {
      const auto& [a, b] = q.and_pairs[i % q.and_pairs.size()];
      Time(&lat, &hits, [&] {
        auto r = searcher.Search(a + " " + b, ids);
        return r.ok() ? r->total : 0;
      });
    }
  });
  auto t0 = Clock::now();
  for (const Item& it : items) {
    e.set_doc_id(it.id);
    e.set_source(it.id + ".md");
    e.mutable_clean()->set_title(it.title);
    e.mutable_clean()->set_date(it.date);
    e.mutable_clean()->clear_paragraphs();
    e.mutable_clean()->add_paragraphs(it.body);
    *e.mutable_segmented() = it.segmented;
    bool dup = false;
    Status s = (*store)->Put(e, &dup);
    if (!s.ok()) std::fprintf(stderr, "ink put: %s\n", s.ToString().c_str());
  }
  (void)(*store)->ReadLock();
  const double build_s = Seconds(t0, Clock::now());
  done.store(true);
  reader.join();
  const size_t n = lat.ms.size();
  std::printf(
      "inkstream during an ingest: %zu AND queries beside %zu Puts (%.0f "
      "docs/s): p50 %.3f ms, p99 %.3f ms, max %.3f ms\n",
      n, items.size(), items.size() / std::max(build_s, 1e-9), lat.P(0.5),
      lat.P(0.99), lat.P(1.0));
}

std::vector<Row> RunInk(const std::vector<Item>& items, size_t scale,
                        const Queries& q, const segmenter::Segmenter& seg,
                        const std::string& dir, size_t mrr_sample, double* mrr,
                        double* mrr_same, double* mrr_ceiling, size_t* mrr_n) {
  std::vector<Row> rows(1);
  Row& row = rows[0];
  row.engine = "inkstream";
  Options options;
  options.path = dir + "/ink";
  auto store = Store::Open(options, &seg);
  if (!store.ok()) {
    std::fprintf(stderr, "ink: %s\n", store.status().ToString().c_str());
    return rows;
  }
  std::vector<v1::Envelope> envs(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    v1::Envelope& e = envs[i];
    e.mutable_clean()->set_title(items[i].title);
    e.mutable_clean()->set_date(items[i].date);
    e.mutable_clean()->add_paragraphs(items[i].body);
    *e.mutable_segmented() = items[i].segmented;
  }
  double build_s = 0, put_cpu_s = 0, indexer_cpu_s = 0;
  for (size_t round = 0; round < scale; ++round) {
    // Round 0 keeps the corpus ids (MRR looks them up); later rounds are
    // new documents with the same text.
    const std::string suffix = round == 0 ? "" : "-r" + std::to_string(round);
    for (size_t i = 0; i < items.size(); ++i) {
      envs[i].set_doc_id(items[i].id + suffix);
      envs[i].set_source(items[i].id + suffix + ".md");
    }
    auto t0 = Clock::now();
    const double cpu0 = ProcessCpuSeconds();
    const double thread0 = ThreadCpuSeconds();
    const double indexer0 = NamedThreadsCpuSeconds("ink-indexer");
    for (const auto& e : envs) {
      bool dup = false;
      Status s = (*store)->Put(e, &dup);
      if (!s.ok()) std::fprintf(stderr, "ink put: %s\n", s.ToString().c_str());
    }
    // Until every document is searchable: the store's indexing thread may
    // still be adding the last ones when the last Put returns.
    (void)(*store)->ReadLock();
    build_s += Seconds(t0, Clock::now());
    put_cpu_s += ThreadCpuSeconds() - thread0;
    indexer_cpu_s += NamedThreadsCpuSeconds("ink-indexer") - indexer0;
    row.build_cpu_s += ProcessCpuSeconds() - cpu0;
  }
  row.docs = items.size() * scale;
  row.build_s = build_s;
  std::printf(
      "inkstream build: %.2f s CPU in the writing thread (Put), %.2f s in "
      "the store's indexing thread, %.2f s in the process (RocksDB's "
      "background flushes and compactions included)\n",
      put_cpu_s, indexer_cpu_s, row.build_cpu_s);
  (void)(*store)->Compact();
  row.bytes = DirBytes(options.path);
  {
    const nlohmann::json stats = (*store)->Stats();
    std::printf("inkstream on disk by column family (MB):");
    for (const auto& [name, cf] : stats["column_families"].items()) {
      const double mb = cf["sst_bytes"].get<uint64_t>() / 1e6;
      if (mb >= 0.05) std::printf(" %s %.1f", name.c_str(), mb);
    }
    std::printf("; index in memory %.1f MB, %zu terms\n",
                stats["index_memory_bytes"].get<uint64_t>() / 1e6,
                stats["terms"].get<size_t>());
  }

  Searcher searcher(store->get());
  // Ranked ids, as the references return them.
  SearchOptions ids;
  ids.limit = 10;
  ids.documents = false;
  TimeQueries(q, &row, [&](const std::string& query) {
    auto r = searcher.Search(query, ids);
    return r.ok() ? r->total : 0;
  });
  // INK_BENCH_SLOWEST=N: the N slowest of those queries, for profiling.
  if (const char* env = std::getenv("INK_BENCH_SLOWEST")) {
    std::vector<std::pair<double, std::string>> slow;
    for (size_t i = 0; i < q.and_pairs.size(); ++i) {
      slow.emplace_back(row.and_q.ms[i],
                        q.and_pairs[i].first + " " + q.and_pairs[i].second);
    }
    for (size_t i = 0; i < q.phrase_pairs.size(); ++i) {
      slow.emplace_back(row.phrase_q.ms[i], "\"" + q.phrase_pairs[i].first +
                                                " " + q.phrase_pairs[i].second +
                                                "\"");
    }
    std::sort(slow.rbegin(), slow.rend());
    slow.resize(std::min<size_t>(slow.size(), std::atoi(env)));
    for (const auto& [ms, query] : slow) {
      auto r = searcher.Search(query, ids);
      std::printf("slow query %.3f ms: %s (%llu matches%s)\n", ms,
                  query.c_str(),
                  static_cast<unsigned long long>(r.ok() ? r->total : 0),
                  r.ok() && !r->total_exact ? ", estimated" : "");
    }
  }
  // Full hits: titles and snippets from the documents.
  Row& full = rows.emplace_back();
  full.engine = "ink +snippet";
  SearchOptions hits;
  hits.limit = 10;
  TimeQueries(q, &full, [&](const std::string& query) {
    auto r = searcher.Search(query, hits);
    return r.ok() ? r->total : 0;
  });

  // Known-item search: the title as a user would type it, unquoted.
  std::mt19937_64 rng(7);
  std::vector<size_t> sample(items.size());
  for (size_t i = 0; i < sample.size(); ++i) sample[i] = i;
  std::shuffle(sample.begin(), sample.end(), rng);
  if (mrr_sample > 0 && sample.size() > mrr_sample) sample.resize(mrr_sample);
  // Many items share a title ("国内联播快讯" 1365 times): such a query
  // names every one of them equally, so two figures are given. Strict: only
  // the sampled item counts. Same-title: any item whose title is identical
  // counts (the query cannot tell them apart), the honest known-item
  // figure when titles repeat. Also strict over the unique titles only.
  std::map<std::string, std::set<std::string>> ids_by_title;
  std::map<std::string, const Item*> item_by_id;
  for (const Item& it : items) {
    ids_by_title[it.title].insert(it.id);
    item_by_id[it.id] = &it;
  }
  // INK_BENCH_MISSES=1: the unique-title items not ranked first.
  const bool show_misses = std::getenv("INK_BENCH_MISSES") != nullptr;
  double sum = 0, same_sum = 0, unique_sum = 0, ceiling_sum = 0;
  size_t n = 0, unique_n = 0;
  for (size_t i : sample) {
    const std::string query = Join(items[i].title_words);
    if (query.empty()) continue;
    ++n;
    const std::set<std::string>& same = ids_by_title[items[i].title];
    // At scale > 1 an item's copies tie with it and rank after it (ties go
    // to the older document), but other items' copies may not: no simple
    // bound then (see the figure at scale 1).
    ceiling_sum += StrictRankCeiling(same.size());
    const bool unique = same.size() == 1;
    unique_n += unique ? 1 : 0;
    auto r = searcher.Search(query, ids);
    if (!r.ok()) continue;
    if (show_misses && unique &&
        (r->hits.empty() || r->hits[0].doc_id() != items[i].id)) {
      size_t rank = 0;
      for (size_t k = 0; k < r->hits.size() && rank == 0; ++k)
        if (r->hits[k].doc_id() == items[i].id) rank = k + 1;
      const Item* first = nullptr;
      if (!r->hits.empty()) {
        auto f = item_by_id.find(OriginalId(r->hits[0].doc_id()));
        if (f != item_by_id.end()) first = f->second;
      }
      std::printf(
          "miss rank %zu: %s [%s] %zu bytes; first: %s %s %zu bytes\n", rank,
          items[i].title.c_str(), query.c_str(), items[i].body.size(),
          r->hits.empty() ? "-" : r->hits[0].doc_id().c_str(),
          first ? first->title.c_str() : "", first ? first->body.size() : 0);
    }
    bool same_found = false;
    for (size_t k = 0; k < r->hits.size(); ++k) {
      const double rr = 1.0 / static_cast<double>(k + 1);
      if (!same_found && same.count(OriginalId(r->hits[k].doc_id()))) {
        same_sum += rr;
        same_found = true;
      }
      if (r->hits[k].doc_id() == items[i].id) {
        sum += rr;
        if (unique) unique_sum += rr;
        break;
      }
    }
  }
  *mrr = n ? sum / static_cast<double>(n) : 0;
  *mrr_same = n ? same_sum / static_cast<double>(n) : 0;
  *mrr_ceiling = n ? ceiling_sum / static_cast<double>(n) : 0;
  *mrr_n = n;
  std::printf(
      "known-item MRR@10 over the %zu sampled items with a unique title: "
      "%.4f\n",
      unique_n, unique_n ? unique_sum / static_cast<double>(unique_n) : 0.0);
  store->reset();

  // The daemon's query path: the store stage (its own segmenter, the store
  // opened and loaded from disk) answering on a REP socket; each query a
  // fresh REQ socket, as inkctl asks.
  auto t_open = Clock::now();
  auto stage = StoreStage::Create(segmenter::Options(), options);
  if (!stage.ok()) {
    std::fprintf(stderr, "ink stage: %s\n", stage.status().ToString().c_str());
    return rows;
  }
  const double open_s = Seconds(t_open, Clock::now());
  zmq::context_t ctx;
  const std::string endpoint = "ipc://" + dir + "/query.sock";
  auto rep = bus::Open(ctx, zmq::socket_type::rep, endpoint, /*bind=*/true,
                       bus::SocketOptions());
  if (!rep.ok()) {
    std::fprintf(stderr, "bind: %s\n", rep.status().ToString().c_str());
    return rows;
  }
  std::thread server([&] {
    try {
      for (;;) {
        zmq::message_t m;
        if (!rep->recv(m)) continue;
        std::string reply = (*stage)->HandleRequest(m.to_string());
        rep->send(zmq::buffer(reply), zmq::send_flags::none);
      }
    } catch (const zmq::error_t&) {
      // The context was shut down.
    }
  });
  Row& socket = rows.emplace_back();
  socket.engine = "ink socket";
  TimeQueries(q, &socket, [&](const std::string& query) -> size_t {
    v1::StoreRequest req;
    req.set_op(v1::StoreRequest::SEARCH);
    req.set_query(query);
    req.set_limit(10);
    auto raw = bus::Request(ctx, endpoint, req.SerializeAsString(), 10000);
    v1::StoreReply reply;
    if (!raw.ok() || !reply.ParseFromString(*raw)) return 0;
    return reply.total();
  });
  ctx.shutdown();
  server.join();
  rep->close();
  std::printf("store open (load into memory) by the stage: %.2f s\n", open_s);
  return rows;
}

// FTS5 terms are quoted so that no word is read as an operator.
std::string FtsTerm(const std::string& w) {
  std::string out = "\"";
  for (char c : w) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

Row RunFts5(const std::vector<Item>& items, size_t scale, const Queries& q,
            const std::string& dir) {
  Row row;
  row.engine = "sqlite-fts5";
  const std::string path = dir + "/fts5.db";
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) return row;
  auto exec = [db](const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::fprintf(stderr, "fts5: %s: %s\n", sql, err ? err : "?");
      sqlite3_free(err);
    }
  };
  exec("PRAGMA journal_mode=WAL");
  exec("PRAGMA synchronous=NORMAL");
  exec("CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize='unicode61')");
  std::vector<std::pair<std::string, std::string>> texts;
  for (const Item& it : items)
    texts.emplace_back(Join(it.title_words), Join(it.body_words));
  auto t0 = Clock::now();
  const double cpu0 = ProcessCpuSeconds();
  exec("BEGIN");
  sqlite3_stmt* ins = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO t(rowid, title, body) VALUES(?, ?, ?)",
                     -1, &ins, nullptr);
  for (size_t round = 0; round < scale; ++round) {
    for (size_t i = 0; i < texts.size(); ++i) {
      sqlite3_bind_int64(ins, 1,
                         static_cast<int64_t>(round * texts.size() + i));
      sqlite3_bind_text(ins, 2, texts[i].first.c_str(), -1, SQLITE_STATIC);
      sqlite3_bind_text(ins, 3, texts[i].second.c_str(), -1, SQLITE_STATIC);
      sqlite3_step(ins);
      sqlite3_reset(ins);
    }
  }
  sqlite3_finalize(ins);
  exec("COMMIT");
  row.build_s = Seconds(t0, Clock::now());
  row.build_cpu_s = ProcessCpuSeconds() - cpu0;
  row.docs = texts.size() * scale;
  exec("INSERT INTO t(t) VALUES('optimize')");
  exec("PRAGMA wal_checkpoint(TRUNCATE)");
  exec("VACUUM");
  row.bytes = DirBytes(path);

  sqlite3_stmt* sel = nullptr;
  sqlite3_prepare_v2(db,
                     "SELECT rowid FROM t WHERE t MATCH ? ORDER BY "
                     "bm25(t, 2.0, 1.0) LIMIT 10",
                     -1, &sel, nullptr);
  auto run = [&](const std::string& match) {
    sqlite3_bind_text(sel, 1, match.c_str(), -1, SQLITE_TRANSIENT);
    size_t n = 0;
    while (sqlite3_step(sel) == SQLITE_ROW) ++n;
    sqlite3_reset(sel);
    return n;
  };
  for (const auto& [a, b] : q.and_pairs) {
    Time(&row.and_q, &row.and_hits,
         [&] { return run(FtsTerm(a) + " AND " + FtsTerm(b)); });
  }
  for (const auto& [a, b] : q.phrase_pairs) {
    Time(&row.phrase_q, &row.phrase_hits,
         [&] { return run(FtsTerm(a + " " + b)); });
  }
  sqlite3_finalize(sel);
  sqlite3_close(db);
  return row;
}

#ifdef INK_HAVE_XAPIAN
Row RunXapian(const std::vector<Item>& items, size_t scale, const Queries& q,
              const std::string& dir) {
  Row row;
  row.engine = "xapian";
  const std::string path = dir + "/xapian";
  try {
    auto t0 = Clock::now();
    const double cpu0 = ProcessCpuSeconds();
    {
      Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OVERWRITE);
      for (size_t round = 0; round < scale; ++round) {
        for (const Item& it : items) {
          Xapian::Document doc;
          // Title words weigh double (wdf 2), as our title weight does.
          for (const Word& w : it.title_words)
            doc.add_posting(w.norm, w.position + 1, 2);
          for (const Word& w : it.body_words)
            doc.add_posting(w.norm, w.position + 100000);
          doc.set_data(it.id);
          db.add_document(doc);
        }
      }
      db.commit();
    }
    row.build_s = Seconds(t0, Clock::now());
    row.build_cpu_s = ProcessCpuSeconds() - cpu0;
    row.docs = items.size() * scale;
    {
      Xapian::Database db(path);
      db.compact(path + "-compact");
    }
    row.bytes = DirBytes(path + "-compact");
    Xapian::Database db(path + "-compact");
    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(Xapian::BM25Weight());
    auto run = [&](Xapian::Query::op op, const std::string& a,
                   const std::string& b) {
      std::vector<std::string> terms = {a, b};
      enquire.set_query(Xapian::Query(op, terms.begin(), terms.end()));
      Xapian::MSet m = enquire.get_mset(0, 10);
      return static_cast<size_t>(m.size());
    };
    for (const auto& [a, b] : q.and_pairs) {
      Time(&row.and_q, &row.and_hits,
           [&] { return run(Xapian::Query::OP_AND, a, b); });
    }
    for (const auto& [a, b] : q.phrase_pairs) {
      Time(&row.phrase_q, &row.phrase_hits,
           [&] { return run(Xapian::Query::OP_PHRASE, a, b); });
    }
  } catch (const Xapian::Error& e) {
    std::fprintf(stderr, "xapian: %s\n", e.get_description().c_str());
  }
  return row;
}
#endif

bool Wanted(const std::string& engines, const char* name) {
  return engines.empty() ||
         ("," + engines + ",").find(std::string(",") + name + ",") !=
             std::string::npos;
}

int Main() {
  const char* env_corpus = std::getenv("INK_BENCH_CORPUS");
  const std::string corpus =
      env_corpus ? env_corpus : "../shared/corpus/xwlb_zh";
  const char* env_mrr = std::getenv("INK_BENCH_MRR");
  const size_t mrr_sample = env_mrr ? std::strtoul(env_mrr, nullptr, 10) : 2000;
  const char* env_scale = std::getenv("INK_BENCH_SCALE");
  const size_t scale =
      std::max<size_t>(env_scale ? std::strtoul(env_scale, nullptr, 10) : 1, 1);
  const char* env_engines = std::getenv("INK_BENCH_ENGINES");
  const std::string engines = env_engines ? env_engines : "";
  std::error_code ec;
  if (!fs::is_directory(corpus, ec)) {
    std::printf(
        "store_bench: corpus %s not found; skipping (set INK_BENCH_CORPUS)\n",
        corpus.c_str());
    return 0;
  }
  std::vector<Item> items;
  std::set<std::string> days;
  for (bench::NewsItem& n : bench::LoadNewsItems(corpus)) {
    days.insert(n.date);
    Item& it = items.emplace_back();
    it.id = std::move(n.id);
    it.date = std::move(n.date);
    it.title = std::move(n.title);
    it.body = std::move(n.body);
  }
  if (const char* limit = std::getenv("INK_BENCH_LIMIT")) {
    const size_t n = std::strtoul(limit, nullptr, 10);
    if (n > 0 && items.size() > n) items.resize(n);
  }
  if (items.empty()) {
    std::printf("store_bench: no items in %s; skipping\n", corpus.c_str());
    return 0;
  }

  auto seg = segmenter::Segmenter::Create(segmenter::Options());
  if (!seg.ok()) {
    std::fprintf(stderr, "segmenter: %s\n", seg.status().ToString().c_str());
    return 1;
  }
  auto t0 = Clock::now();
  for (Item& it : items) {
    v1::CleanArticle a;
    a.set_title(it.title);
    a.add_paragraphs(it.body);
    (*seg)->SegmentArticle(a, &it.segmented);
    it.title_words = Words(**seg, it.title);
    it.body_words = Words(**seg, it.body);
  }
  const double seg_s = Seconds(t0, Clock::now());
  std::printf(
      "corpus: %zu files, %zu items; segmentation %.1f s (%.0f items/s, "
      "not counted below)\n",
      days.size(), items.size(), seg_s, items.size() / seg_s);
  const Queries q = MakeQueries(items);

  // A scratch directory for the three indexes, removed at the end.
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp ? tmp : "/tmp") + "/ink-bench-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) {
    std::perror("mkdtemp");
    return 1;
  }
  struct Scratch {
    std::string path;
    ~Scratch() {
      std::error_code ignored;
      fs::remove_all(path, ignored);
    }
    const std::string& operator()() const { return path; }
  } dir{pattern};
  std::vector<Row> rows;
  double mrr = 0, mrr_same = 0, mrr_ceiling = 0;
  size_t mrr_n = 0;
  if (Wanted(engines, "ink")) {
    for (Row& r : RunInk(items, scale, q, **seg, dir(), mrr_sample, &mrr,
                         &mrr_same, &mrr_ceiling, &mrr_n))
      rows.push_back(std::move(r));
  }
  // INK_BENCH_DURING=1: also the queries beside an ingest (another store).
  if (Wanted(engines, "ink") && std::getenv("INK_BENCH_DURING") != nullptr)
    RunDuringIngest(items, q, **seg, dir());
#ifdef INK_HAVE_XAPIAN
  if (Wanted(engines, "xapian"))
    rows.push_back(RunXapian(items, scale, q, dir()));
#endif
  if (Wanted(engines, "fts5")) rows.push_back(RunFts5(items, scale, q, dir()));

  std::printf("\nscale %zux: %zu documents per engine\n", scale,
              items.size() * scale);
  std::printf("%-13s %9s %9s %9s %9s | %8s %8s %8s | %8s %8s %8s\n", "engine",
              "build s", "cpu s", "docs/s", "size MB", "AND p50", "AND p99",
              "hits", "PHR p50", "PHR p99", "hits");
  for (Row& r : rows) {
    if (r.docs > 0) {
      std::printf("%-13s %9.2f %9.2f %9.0f %9.1f", r.engine.c_str(), r.build_s,
                  r.build_cpu_s, r.docs / std::max(r.build_s, 1e-9),
                  r.bytes / 1e6);
    } else {
      std::printf("%-13s %9s %9s %9s %9s", r.engine.c_str(), "", "", "", "");
    }
    std::printf(" | %8.3f %8.3f %8.1f | %8.3f %8.3f %8.1f\n", r.and_q.P(0.5),
                r.and_q.P(0.99),
                r.and_hits / std::max<size_t>(r.and_q.ms.size(), 1),
                r.phrase_q.P(0.5), r.phrase_q.P(0.99),
                r.phrase_hits / std::max<size_t>(r.phrase_q.ms.size(), 1));
  }
  std::printf(
      "(build s: wall clock until every document is stored and searchable; "
      "cpu s: process CPU time of the build, "
      "background threads included; latency in ms, top 10 by BM25; inkstream, "
      "xapian, sqlite-fts5: "
      "in-process, ranked ids; ink +snippet: in-process with titles and "
      "snippets; ink socket: the same through the store stage's REQ/REP "
      "socket; hits: mean matches per query (inkstream: total; others: "
      "returned, at most 10))\n");
  if (mrr_n > 0 && scale == 1) {
    std::printf(
        "\nknown-item MRR@10 (inkstream, title as query, %zu items): strict "
        "(only the item itself) %.4f of a best achievable %.4f (items "
        "sharing a title take ranks 1..k between them); same-title (any "
        "item with the identical title) %.4f\n",
        mrr_n, mrr, mrr_ceiling, mrr_same);
  } else if (mrr_n > 0) {
    std::printf(
        "\nknown-item MRR@10 (inkstream, title as query, %zu items): strict "
        "(only the original item, not its copies) %.4f; same-title (any "
        "item with the identical title, or a copy) %.4f\n",
        mrr_n, mrr, mrr_same);
  }
  return 0;
}

}  // namespace
}  // namespace ink::store

int main() {
  ink::UseHugePagesForHeap();
  return ink::store::Main();
}
