// Crawler dumps hold many documents in one file: JSON Lines (.jsonl,
// .ndjson, optionally gzipped) or a JSON array (.json whose first character
// is '['). The fetcher splits them into one file per record in the inbox,
// so that delivery stays one file, one document, one ack.
//
// Record files are named "<stem>.<n>.json" (n from 1, zero-padded), written
// under a hidden temporary name and renamed into the inbox. Splitting the
// same dump again after a crash writes the same names and bytes, so the
// store sees redeliveries, which are no-ops. A line that is not valid JSON
// is still written as a record: the cleaner rejects it with its reason, and
// it ends in failed/ rather than vanishing.
#pragma once

#include <cstdint>
#include <string>

#include "common/status.h"

namespace ink::fetcher {

// True for names that are dumps to split: *.jsonl, *.ndjson (and .gz of
// them); *.json only when `first_byte` is '['.
bool IsRecordDump(const std::string& name, char first_byte);

// The first byte of the file at `path` that is not white space (what
// IsRecordDump() wants), or 0 for an empty or unreadable file.
char FirstNonBlankByte(const std::string& path);

// IsRecordDump() for the file `name` at `path`, reading its first byte only
// when the name leaves the question open (*.json): no extra open and read
// for every article.
bool IsRecordDumpFile(const std::string& name, const std::string& path);

struct SplitStats {
  uint64_t records = 0;
  uint64_t bytes = 0;
};

// Splits `path` into record files in `inbox`. `max_record_bytes` bounds one
// record, `max_total_bytes` the uncompressed dump (a gzip bomb stops there
// with TooLarge). On error, records already written stay (they are whole).
Result<SplitStats> SplitRecordDump(const std::string& path,
                                   const std::string& name,
                                   const std::string& inbox,
                                   uint64_t max_record_bytes,
                                   uint64_t max_total_bytes);

}  // namespace ink::fetcher
