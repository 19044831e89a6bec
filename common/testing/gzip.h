// Gzip for tests that build compressed inputs (dumps, gzip bombs).
#pragma once

#include <string>

namespace ink::testing {

// `data` compressed in the gzip format (level 9).
std::string Gzip(const std::string& data);

}  // namespace ink::testing
