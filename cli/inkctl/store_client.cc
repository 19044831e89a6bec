#include "cli/inkctl/store_client.h"

#include <nlohmann/json.hpp>

#include "common/bus.h"
#include "stages/segmenter/segmenter_stage.h"
#include "stages/store/store_stage.h"

namespace ink::ctl {
namespace {

// Runs the request in this process on the store opened read-only, or
// read-write for the maintenance ops that change it (the daemon is down, so
// nothing else holds it).
Result<v1::StoreReply> AskOffline(const config::Config& c,
                                  const v1::StoreRequest& req, bool writable) {
  const auto& s = c.section("store");
  auto seg = segmenter::Segmenter::Create(
      segmenter::OptionsFromSection(c.section("segmenter")));
  if (!seg.ok()) return seg.status();
  store::Options o;
  o.path = s.GetString("path");
  auto st = writable ? store::Store::Open(o, seg.value().get())
                     : store::Store::OpenReadOnly(o, seg.value().get());
  if (!st.ok()) {
    return Status::Unavailable(
        "the store daemon is down and the store cannot be opened: " +
        st.status().ToString());
  }
  store::StoreStage stage(std::move(seg.value()), std::move(st.value()));
  v1::StoreReply reply;
  if (!reply.ParseFromString(stage.HandleRequest(req.SerializeAsString()))) {
    return Status::Corruption("bad reply from the store");
  }
  // The stage reindexes on a worker thread and answers at once; here the
  // caller wants the outcome, and the store closes when this returns.
  if (req.op() == v1::StoreRequest::REINDEX && reply.ok()) {
    const nlohmann::json last =
        stage.WaitForReindex().value("last", nlohmann::json::object());
    if (last.contains("error"))
      return Status::Internal(last["error"].get<std::string>());
    reply.set_result_json(last.dump());
  }
  return reply;
}

}  // namespace

// Asks the daemon; falls back to opening the store in this process when it
// does not answer (read-only unless `writable`).
Result<v1::StoreReply> AskStore(Context& ctx, const v1::StoreRequest& req,
                                bool writable, int timeout_ms) {
  const config::Config* c = ctx.Config();
  if (!c) return Status::InvalidArgument("bad config");
  const std::string endpoint = c->section("bus").GetString("query");
  // A long operation first checks, quickly, that the daemon answers at all:
  // with nobody listening, the request would wait for its whole timeout.
  constexpr int kProbeMs = 2000;
  if (timeout_ms > kProbeMs) {
    v1::StoreRequest ping;
    ping.set_op(v1::StoreRequest::STATS);
    if (!bus::Request(ctx.zmq, endpoint, ping.SerializeAsString(), kProbeMs)
             .ok())
      return AskOffline(*c, req, writable);
  }
  auto raw =
      bus::Request(ctx.zmq, endpoint, req.SerializeAsString(), timeout_ms);
  if (!raw.ok()) return AskOffline(*c, req, writable);
  v1::StoreReply reply;
  if (!reply.ParseFromString(raw.value()))
    return Status::Corruption("bad reply from the store");
  return reply;
}

}  // namespace ink::ctl
