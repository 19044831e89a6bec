// A minimal HTTP/1.0 GET for tests that scrape a daemon's metrics.
#pragma once

#include <map>
#include <string>

#include "common/status.h"

namespace ink::testing {

// GETs "http://host:port/path" and returns the body when the status is 200;
// Unavailable when the connection fails, Internal for another status.
Result<std::string> HttpGet(const std::string& url);

// Parses the Prometheus text exposition format into "name{labels}" -> value
// (comments skipped). Lines that do not parse are reported as Corruption.
Result<std::map<std::string, double>> ParsePrometheusText(
    const std::string& text);

}  // namespace ink::testing
