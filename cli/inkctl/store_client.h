// How inkctl talks to the store: a request on the store daemon's query
// socket, or, when the daemon does not answer, the same request run in this
// process on the store opened directly.
#pragma once

#include "cli/inkctl/context.h"
#include "common/status.h"
#include "ink/v1/store.pb.h"

namespace ink::ctl {

// Sends `req` to the store daemon and waits up to `timeout_ms` for the
// reply. A request with a long timeout is preceded by a 2 s probe, so a
// daemon that is down is noticed at once. Without a daemon, the request
// runs in this process on the store opened read-only, or read-write when
// `writable` (maintenance that changes the store). Unavailable when neither
// works; the reply's own ok/error carry the store's answer.
Result<v1::StoreReply> AskStore(Context& ctx, const v1::StoreRequest& req,
                                bool writable, int timeout_ms);

}  // namespace ink::ctl
