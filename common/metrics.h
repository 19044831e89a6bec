// What a daemon counts about its work, served as Prometheus metrics and
// returned in its control socket's status reply (so `inkctl status`, `inkctl
// top` and a Prometheus scrape read the same numbers).
//
// Built on prometheus-cpp (Debian's prometheus-cpp-dev): its registry, its
// thread-safe counters, gauges and histograms, its text exposition format,
// and its small HTTP server (civetweb) for GET /metrics. The server answers
// on its own threads, so a scrape never waits for the stage's loop and a
// slow document never delays a scrape.
//
// Metric names (every one labelled stage="<name>"):
//   ink_documents_received_total     envelopes taken from the input socket
//   ink_documents_emitted_total      envelopes sent to the next stage
//   ink_reports_sent_total           acks and dead letters sent
//   ink_documents_failed_total       dead letters (the stage gave up)
//   ink_documents_deferred_total     transient failures, left to a resend
//   ink_messages_garbage_total       messages that did not parse
//   ink_sends_dropped_total          sends abandoned at shutdown or time-out
//   ink_processing_seconds           histogram of Process() time per document
//   ink_process_resident_memory_bytes
//   ink_<stage>_<field>              one gauge per numeric field of the
//                                    stage's StatusJson(): in_flight and
//                                    waiting (fetcher), documents (store)...
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/status.h"

namespace ink {

// Thread-safe: the runner's loop updates, the HTTP server's threads read.
class StageMetrics {
 public:
  enum class Event {
    kReceived,
    kEmitted,
    kReports,
    kFailed,
    kDeferred,
    kGarbage,
    kSendDropped,
  };

  explicit StageMetrics(const std::string& stage);
  ~StageMetrics();
  StageMetrics(const StageMetrics&) = delete;
  StageMetrics& operator=(const StageMetrics&) = delete;

  void Count(Event event);
  uint64_t Get(Event event) const;

  // Records the processing time of one document.
  void ObserveProcessing(int64_t micros);

  // Sets the gauge ink_<stage>_<field> for each number or boolean at the
  // top level of `details` (a stage's StatusJson()); other fields are
  // skipped. Gauges are created on first sight.
  void SetDetailGauges(const nlohmann::json& details);

  // Reads this process's resident memory into its gauge; returns it.
  int64_t SampleResidentBytes();

  // The latency histogram as JSON for status replies:
  // {"le_ms": [upper bounds], "cumulative": [counts, the last for +Inf],
  //  "count", "sum_ms", "p50_ms", "p99_ms"}.
  nlohmann::json LatencyJson() const;

  // Every metric in the Prometheus text exposition format (what GET
  // /metrics answers).
  std::string TextExposition() const;

 private:
  friend class MetricsServer;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Serves a StageMetrics over HTTP at http://<address>/metrics.
class MetricsServer {
 public:
  // `address` is "host:port" (port 0 picks a free one). InvalidArgument
  // when it is malformed, Unavailable when it cannot be bound. `metrics`
  // must outlive the server.
  static Result<std::unique_ptr<MetricsServer>> Start(
      const std::string& address, const StageMetrics& metrics);
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  // "http://host:port/metrics" with the port actually bound.
  const std::string& url() const { return url_; }

 private:
  struct Impl;
  explicit MetricsServer(std::unique_ptr<Impl> impl, std::string url);
  std::unique_ptr<Impl> impl_;
  std::string url_;
};

// Bytes of the regular files under `dir` (the store's size on disk); 0 when
// it cannot be read.
int64_t DirectoryBytes(const std::string& dir);

// The q-quantile (0 < q < 1) of a histogram given by its finite upper
// bounds and cumulative bucket counts (one more count than bounds, the last
// for +Inf), interpolating linearly inside the bucket as Prometheus's
// histogram_quantile() does. A quantile that falls in the +Inf bucket is
// reported as the highest finite bound. 0 for an empty histogram.
double HistogramQuantile(double q, const std::vector<double>& upper_bounds,
                         const std::vector<double>& cumulative);

}  // namespace ink
