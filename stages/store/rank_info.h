// What ranking reads of every candidate document.
#pragma once

#include <cstdint>

namespace ink::store {

// What ranking reads of every candidate document, packed so that a query
// touches one small entry per candidate instead of a DocMeta.
struct RankInfo {
  uint32_t length[2] = {0, 0};  // Field lengths in kFields order.
  bool live = false;            // Stored (not deleted, number given).
  bool superseded = false;
};

}  // namespace ink::store
