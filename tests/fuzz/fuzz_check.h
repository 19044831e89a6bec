// Checks shared by the fuzz targets. A broken invariant is a finding: the
// check prints what broke and aborts, which libFuzzer records as a crash
// (and which fails the seed regression test in the normal build).
#pragma once

#include <google/protobuf/message.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "common/status.h"

namespace ink::fuzz {

[[noreturn]] inline void Fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "fuzz check failed: %s: %s\n", what, detail.c_str());
  std::abort();
}

// The next stage parses what a stage emits: proto3 rejects a string field
// that is not valid UTF-8, so every message a stage produces must survive
// serialising and parsing again.
inline void CheckRoundTrips(const google::protobuf::Message& message) {
  std::string bytes;
  if (!message.SerializeToString(&bytes))
    Fail("serialize", message.GetTypeName());
  std::unique_ptr<google::protobuf::Message> back(message.New());
  if (!back->ParseFromString(bytes))
    Fail("the output does not parse back (invalid UTF-8 in a string field?)",
         message.GetTypeName());
}

// A refusal must carry a reason, for the dead letter.
inline void CheckRefusal(const Status& s) {
  if (!s.ok() && s.message().empty()) Fail("error without a reason", "");
}

}  // namespace ink::fuzz
