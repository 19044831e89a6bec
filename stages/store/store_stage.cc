#include "stages/store/store_stage.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <random>

#include "stages/segmenter/segmenter_stage.h"

namespace ink::store {

StoreStage::StoreStage(std::unique_ptr<segmenter::Segmenter> segmenter,
                       std::unique_ptr<Store> store)
    : segmenter_(std::move(segmenter)),
      store_(std::move(store)),
      searcher_(store_.get()) {}

StoreStage::~StoreStage() { Shutdown(); }

void StoreStage::Shutdown() {
  cancel_reindex_ = true;
  WaitForReindex();
}

nlohmann::json StoreStage::ReindexStateLocked() const {
  return {{"running", reindex_running_},
          {"run", reindex_run_},
          {"last", reindex_last_}};
}

nlohmann::json StoreStage::WaitForReindex() {
  std::unique_lock lock(reindex_mu_);
  reindex_done_.wait(lock, [this] { return !reindex_running_; });
  // Finished: the join returns at once.
  if (reindex_thread_.joinable()) reindex_thread_.join();
  return ReindexStateLocked();
}

Result<nlohmann::json> StoreStage::StartReindex() {
  std::lock_guard lock(reindex_mu_);
  if (reindex_running_ || store_->reindexing())
    return Status::Unavailable("a reindex is already running");
  if (store_->read_only()) return Status::Unavailable("store is read-only");
  if (reindex_thread_.joinable()) reindex_thread_.join();  // Finished.
  reindex_running_ = true;
  cancel_reindex_ = false;
  // Random, so that a daemon restarted by the supervisor (whose counters
  // start again) never reports another run under the same name.
  std::random_device random;
  reindex_run_ = fmt::format("{:08x}{:08x}", random(), random());
  const uint64_t documents = store_->CorpusStatsNow().documents;
  reindex_thread_ = std::thread([this] {
    ReindexControl control;
    control.cancel = &cancel_reindex_;
    control.before_switch = reindex_hook_;
    Result<nlohmann::json> r = store_->Reindex(control);
    if (r.ok()) {
      spdlog::info("reindex done: {}", r->dump());
    } else {
      spdlog::error("reindex failed: {}", r.status().ToString());
    }
    std::lock_guard done(reindex_mu_);
    reindex_last_ =
        r.ok() ? *r : nlohmann::json{{"error", r.status().ToString()}};
    reindex_running_ = false;
    reindex_done_.notify_all();
  });
  return nlohmann::json{
      {"started", true}, {"run", reindex_run_}, {"documents", documents}};
}

Result<std::unique_ptr<StoreStage>> StoreStage::Create(
    const segmenter::Options& segmenter_options, const Options& store_options) {
  ASSIGN_OR_RETURN(std::unique_ptr<segmenter::Segmenter> seg,
                   segmenter::Segmenter::Create(segmenter_options));
  ASSIGN_OR_RETURN(std::unique_ptr<Store> store,
                   Store::Open(store_options, seg.get()));
  if (const uint64_t n = store->Stats().value("resegmented_at_open", 0ULL)) {
    spdlog::warn(
        "the last run stopped before writing its last segment: segmented "
        "the stored text of its {} newest documents again to index them",
        n);
  }
  return std::make_unique<StoreStage>(std::move(seg), std::move(store));
}

Status StoreStage::Process(v1::Envelope& envelope, Emitter* out) {
  if (!envelope.has_clean()) {
    return Status::InvalidArgument("envelope " + envelope.doc_id() +
                                   " has no clean article");
  }
  bool duplicate = false;
  Status s = store_->Put(envelope, &duplicate);
  if (!s.ok()) {
    if (s.code() == Status::Code::kIOError ||
        s.code() == Status::Code::kUnavailable) {
      // Not the document's fault (disk full, failing disk): no dead letter,
      // no ack; the fetcher's redelivery retries once the disk is back.
      ++write_errors_;
      if (exit_on_write_failure_ && s.code() == Status::Code::kIOError) {
        spdlog::critical(
            "write failed ({}); exiting so that the store restarts on a "
            "fresh database handle (the document is not acknowledged and "
            "will be sent again)",
            s.message());
        spdlog::default_logger()->flush();
        std::_Exit(kExitWriteFailed);
      }
      return Status::Unavailable(s.message());
    }
    return s;
  }
  ++(duplicate ? duplicates_ : stored_);
  v1::DeliveryReport report;
  report.set_doc_id(envelope.doc_id());
  report.set_delivery_key(envelope.delivery_key());
  report.set_attempt(envelope.attempt());
  report.set_outcome(duplicate ? v1::DeliveryReport::DUPLICATE
                               : v1::DeliveryReport::STORED);
  report.set_stage("store");
  report.set_source(envelope.source());
  out->Report(report);
  return Status::OK();
}

v1::StoreReply StoreStage::Answer(const v1::StoreRequest& request) {
  v1::StoreReply reply;
  auto fail = [&reply](const Status& s) {
    reply.set_ok(false);
    reply.set_error(s.ToString());
    return reply;
  };
  // Readers of the in-memory state that do not lock it themselves (a
  // reindex may switch it on its worker thread).
  Store::ReadGuard read_lock;
  if (request.op() == v1::StoreRequest::GET ||
      request.op() == v1::StoreRequest::HISTORY ||
      request.op() == v1::StoreRequest::TERM_STATS)
    read_lock = store_->ReadLock();
  switch (request.op()) {
    case v1::StoreRequest::SEARCH: {
      SearchOptions options;
      options.limit = request.limit();
      options.offset = request.offset();
      options.collapse = request.collapse();
      options.facets = request.facets();
      options.exact_total = request.exact_total();
      Result<SortOrder> sort = ParseSortOrder(request.sort());
      if (!sort.ok()) return fail(sort.status());
      options.sort = *sort;
      Result<SearchResult> r = searcher_.Search(request.query(), options);
      if (!r.ok()) return fail(r.status());
      reply.set_total(r->total);
      reply.set_total_estimated(!r->total_exact);
      for (v1::Hit& hit : r->hits) *reply.add_hits() = std::move(hit);
      if (options.facets) reply.set_facets_json(r->facets.dump());
      break;
    }
    case v1::StoreRequest::GET: {
      Result<v1::StoredDocument> doc = store_->Get(request.id());
      if (!doc.ok()) return fail(doc.status());
      *reply.mutable_document() = std::move(doc.value());
      break;
    }
    case v1::StoreRequest::STATS: {
      nlohmann::json stats = store_->Stats();
      {
        std::lock_guard lock(reindex_mu_);
        stats["reindex"] = ReindexStateLocked();
      }
      reply.set_stats_json(stats.dump());
      break;
    }
    case v1::StoreRequest::DELETE: {
      std::string deleted;
      Status s = store_->Delete(request.id(), &deleted);
      if (!s.ok()) return fail(s);
      reply.set_result_json(nlohmann::json{{"deleted", deleted}}.dump());
      break;
    }
    case v1::StoreRequest::HISTORY: {
      Result<nlohmann::json> h = History(*store_, request.source());
      if (!h.ok()) return fail(h.status());
      reply.set_result_json(h->dump());
      break;
    }
    case v1::StoreRequest::VERIFY: {
      Result<nlohmann::json> v = store_->Verify();
      if (!v.ok()) return fail(v.status());
      reply.set_result_json(v->dump());
      break;
    }
    case v1::StoreRequest::COMPACT: {
      Status s = store_->Compact();
      if (!s.ok()) return fail(s);
      reply.set_result_json(store_->Stats().dump());
      break;
    }
    case v1::StoreRequest::BACKUP: {
      Status s = store_->Backup(request.dir());
      if (!s.ok()) return fail(s);
      reply.set_result_json(nlohmann::json{{"backup", request.dir()}}.dump());
      break;
    }
    case v1::StoreRequest::REINDEX: {
      Result<nlohmann::json> r = StartReindex();
      if (!r.ok()) return fail(r.status());
      reply.set_result_json(r->dump());
      break;
    }
    case v1::StoreRequest::TERM_STATS: {
      // For the enricher's keyword IDF: in how many documents each term
      // occurs (title and body frequencies are kept apart; the larger is a
      // close lower bound of the document's).
      reply.set_total(store_->ReadCorpusStats().documents);
      for (const std::string& term : request.terms()) {
        reply.add_document_frequencies(
            std::max(store_->DocumentFrequency(Field::kTitle, term),
                     store_->DocumentFrequency(Field::kBody, term)));
      }
      break;
    }
    default:
      return fail(Status::InvalidArgument("unknown store request op " +
                                          std::to_string(request.op())));
  }
  reply.set_ok(true);
  return reply;
}

Result<nlohmann::json> History(const Store& store, std::string_view source) {
  ASSIGN_OR_RETURN(std::vector<std::string> ids, store.Versions(source));
  nlohmann::json versions = nlohmann::json::array();
  for (const std::string& id : ids) {
    Result<v1::StoredDocument> doc = store.Get(id);
    if (!doc.ok()) {
      versions.push_back({{"id", id}, {"error", doc.status().ToString()}});
      continue;
    }
    versions.push_back({{"id", id},
                        {"version", doc->version()},
                        {"title", doc->clean().title()},
                        {"date", doc->clean().date()},
                        {"stored_unix_ms", doc->stored_unix_ms()},
                        {"superseded_by", doc->superseded_by()},
                        {"current", doc->superseded_by().empty()}});
  }
  return nlohmann::json{{"source", source}, {"versions", versions}};
}

std::string StoreStage::HandleRequest(const std::string& request) {
  v1::StoreRequest parsed;
  v1::StoreReply reply;
  if (!parsed.ParseFromString(request)) {
    reply.set_ok(false);
    reply.set_error("InvalidArgument: malformed StoreRequest");
  } else {
    reply = Answer(parsed);
  }
  return reply.SerializeAsString();
}

nlohmann::json StoreStage::StatusJson() const {
  const CorpusStats c = store_->CorpusStatsNow();
  return {{"documents", c.documents},
          {"superseded", c.superseded},
          {"stored", stored_.load()},
          {"duplicates", duplicates_.load()},
          {"write_errors", write_errors_.load()},
          {"reindexing", store_->reindexing()}};
}

ink::StageDescriptor Descriptor() {
  ink::StageDescriptor d;
  d.name = "store";
  d.schema.name = "store";
  d.schema.help =
      "The store: RocksDB index of the documents, and the query service.";
  d.schema.keys = {
      {"path", config::Type::kString, "{home}/store",
       "Directory of the RocksDB database (created when missing)."},
      {"sync_writes", config::Type::kBool, "false",
       "fsync the write-ahead log before acknowledging each document. The WAL "
       "is always on; without sync a machine crash may lose the last acks."},
  };
  // Indexing and query parsing segment with the segmenter's own settings.
  d.shared_schemas = {segmenter::Descriptor().schema};
  // Its memtables, index and metadata grow with every document.
  d.huge_page_heap = true;
  d.create =
      [](const config::Config& c) -> Result<std::unique_ptr<ink::Stage>> {
    const config::Section& s = c.section("store");
    segmenter::Options seg_options =
        segmenter::OptionsFromSection(c.section("segmenter"));
    Options options;
    options.path = s.GetString("path");
    options.sync_writes = s.GetBool("sync_writes");
    ASSIGN_OR_RETURN(std::unique_ptr<StoreStage> stage,
                     StoreStage::Create(seg_options, options));
    stage->set_exit_on_write_failure(true);
    spdlog::info("store open at {}: {} documents", options.path,
                 stage->store().ReadCorpusStats().documents);
    return std::unique_ptr<ink::Stage>(std::move(stage));
  };
  return d;
}

}  // namespace ink::store
