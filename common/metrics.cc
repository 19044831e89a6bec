#include "common/metrics.h"

#include <prometheus/counter.h>
#include <prometheus/exposer.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>

namespace ink {
namespace {

// Upper bounds of the latency buckets in seconds: 50 µs doubling to ~13 s,
// fine enough for p50/p99 of stages that take from microseconds (fetcher
// bookkeeping) to tens of milliseconds (the store on a large article).
std::vector<double> LatencyBounds() {
  std::vector<double> b;
  for (double v = 50e-6; v < 20; v *= 2) b.push_back(v);
  return b;
}

// A Prometheus metric name from a JSON field name.
std::string MetricName(const std::string& s) {
  std::string out;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '_';
    out += ok ? c : '_';
  }
  return out;
}

}  // namespace

struct StageMetrics::Impl {
  std::string stage;
  std::shared_ptr<prometheus::Registry> registry =
      std::make_shared<prometheus::Registry>();
  std::vector<prometheus::Counter*> events;  // Indexed by Event.
  prometheus::Histogram* latency = nullptr;
  prometheus::Gauge* rss = nullptr;
  std::map<std::string, prometheus::Gauge*> details;
  std::vector<double> bounds = LatencyBounds();

  prometheus::Counter* AddCounter(const std::string& name,
                                  const std::string& help) {
    return &prometheus::BuildCounter()
                .Name(name)
                .Help(help)
                .Register(*registry)
                .Add({{"stage", stage}});
  }
};

StageMetrics::StageMetrics(const std::string& stage)
    : impl_(std::make_unique<Impl>()) {
  impl_->stage = stage;
  auto& e = impl_->events;
  e.push_back(impl_->AddCounter("ink_documents_received_total",
                                "Envelopes taken from the input socket."));
  e.push_back(impl_->AddCounter("ink_documents_emitted_total",
                                "Envelopes sent to the next stage."));
  e.push_back(impl_->AddCounter("ink_reports_sent_total",
                                "Acks and dead letters sent to the fetcher."));
  e.push_back(impl_->AddCounter(
      "ink_documents_failed_total",
      "Documents the stage could not process (dead letters)."));
  e.push_back(
      impl_->AddCounter("ink_documents_deferred_total",
                        "Transient failures left to the fetcher's resend."));
  e.push_back(impl_->AddCounter("ink_messages_garbage_total",
                                "Messages that did not parse."));
  e.push_back(impl_->AddCounter("ink_sends_dropped_total",
                                "Sends abandoned at shutdown or time-out."));
  impl_->latency = &prometheus::BuildHistogram()
                        .Name("ink_processing_seconds")
                        .Help("Time the stage spent on one document.")
                        .Register(*impl_->registry)
                        .Add({{"stage", stage}}, impl_->bounds);
  impl_->rss = &prometheus::BuildGauge()
                    .Name("ink_process_resident_memory_bytes")
                    .Help("Resident memory of the daemon.")
                    .Register(*impl_->registry)
                    .Add({{"stage", stage}});
}

StageMetrics::~StageMetrics() = default;

void StageMetrics::Count(Event event) {
  impl_->events[static_cast<size_t>(event)]->Increment();
}

uint64_t StageMetrics::Get(Event event) const {
  return static_cast<uint64_t>(
      impl_->events[static_cast<size_t>(event)]->Value());
}

void StageMetrics::ObserveProcessing(int64_t micros) {
  impl_->latency->Observe(static_cast<double>(micros) / 1e6);
}

void StageMetrics::SetDetailGauges(const nlohmann::json& details) {
  if (!details.is_object()) return;
  for (const auto& [key, value] : details.items()) {
    if (!value.is_number() && !value.is_boolean()) continue;
    auto it = impl_->details.find(key);
    if (it == impl_->details.end()) {
      const std::string name =
          "ink_" + MetricName(impl_->stage) + "_" + MetricName(key);
      auto* g = &prometheus::BuildGauge()
                     .Name(name)
                     .Help("The " + impl_->stage + " stage's '" + key +
                           "' (inkctl status, details).")
                     .Register(*impl_->registry)
                     .Add({{"stage", impl_->stage}});
      it = impl_->details.emplace(key, g).first;
    }
    it->second->Set(value.is_boolean() ? (value.get<bool>() ? 1.0 : 0.0)
                                       : value.get<double>());
  }
}

int64_t StageMetrics::SampleResidentBytes() {
  int64_t pages = 0;
  if (FILE* f = std::fopen("/proc/self/statm", "r")) {
    long long size = 0, resident = 0;
    if (std::fscanf(f, "%lld %lld", &size, &resident) == 2) pages = resident;
    std::fclose(f);
  }
  const int64_t bytes = pages * ::sysconf(_SC_PAGESIZE);
  impl_->rss->Set(static_cast<double>(bytes));
  return bytes;
}

nlohmann::json StageMetrics::LatencyJson() const {
  const prometheus::ClientMetric m = impl_->latency->Collect();
  std::vector<double> le_ms, cumulative;
  for (const auto& b : m.histogram.bucket) {
    if (std::isfinite(b.upper_bound)) le_ms.push_back(b.upper_bound * 1e3);
    cumulative.push_back(static_cast<double>(b.cumulative_count));
  }
  auto round3 = [](double v) { return std::round(v * 1000) / 1000; };
  return {{"le_ms", le_ms},
          {"cumulative", cumulative},
          {"count", m.histogram.sample_count},
          {"sum_ms", round3(m.histogram.sample_sum * 1e3)},
          {"p50_ms", round3(HistogramQuantile(0.5, le_ms, cumulative))},
          {"p99_ms", round3(HistogramQuantile(0.99, le_ms, cumulative))}};
}

std::string StageMetrics::TextExposition() const {
  return prometheus::TextSerializer().Serialize(impl_->registry->Collect());
}

struct MetricsServer::Impl {
  std::unique_ptr<prometheus::Exposer> exposer;
};

MetricsServer::MetricsServer(std::unique_ptr<Impl> impl, std::string url)
    : impl_(std::move(impl)), url_(std::move(url)) {}

MetricsServer::~MetricsServer() = default;

Result<std::unique_ptr<MetricsServer>> MetricsServer::Start(
    const std::string& address, const StageMetrics& metrics) {
  const size_t colon = address.rfind(':');
  const std::string host =
      colon == std::string::npos ? "" : address.substr(0, colon);
  const std::string port =
      colon == std::string::npos ? "" : address.substr(colon + 1);
  if (host.empty() || port.empty() ||
      port.find_first_not_of("0123456789") != std::string::npos ||
      port.size() > 5) {
    return Status::InvalidArgument("metrics address '" + address +
                                   "' is not host:port (e.g. 127.0.0.1:9461)");
  }
  auto impl = std::make_unique<Impl>();
  try {
    // One serving thread: scrapes are rare and small.
    impl->exposer = std::make_unique<prometheus::Exposer>(address, 1);
  } catch (const std::exception& e) {
    return Status::Unavailable("cannot serve metrics on " + address + ": " +
                               e.what());
  }
  impl->exposer->RegisterCollectable(metrics.impl_->registry);
  const std::vector<int> ports = impl->exposer->GetListeningPorts();
  const std::string bound = ports.empty() ? port : std::to_string(ports[0]);
  return std::unique_ptr<MetricsServer>(new MetricsServer(
      std::move(impl), "http://" + host + ":" + bound + "/metrics"));
}

int64_t DirectoryBytes(const std::string& dir) {
  int64_t total = 0;
  std::error_code ec;
  for (std::filesystem::recursive_directory_iterator it(dir, ec), end;
       !ec && it != end; it.increment(ec)) {
    std::error_code size_ec;
    if (it->is_regular_file(size_ec)) {
      const auto size = it->file_size(size_ec);
      if (!size_ec) total += static_cast<int64_t>(size);
    }
  }
  return total;
}

double HistogramQuantile(double q, const std::vector<double>& upper_bounds,
                         const std::vector<double>& cumulative) {
  if (cumulative.empty() || cumulative.back() <= 0) return 0;
  const double rank = q * cumulative.back();
  for (size_t i = 0; i < cumulative.size(); ++i) {
    if (cumulative[i] < rank) continue;
    if (i >= upper_bounds.size())
      return upper_bounds.empty() ? 0 : upper_bounds.back();
    const double lower = i == 0 ? 0 : upper_bounds[i - 1];
    const double below = i == 0 ? 0 : cumulative[i - 1];
    const double in_bucket = cumulative[i] - below;
    if (in_bucket <= 0) return upper_bounds[i];
    return lower + (upper_bounds[i] - lower) * (rank - below) / in_bucket;
  }
  return upper_bounds.empty() ? 0 : upper_bounds.back();
}

}  // namespace ink
