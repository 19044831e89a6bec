// Crawler dumps hold many documents in one file: JSON Lines (.jsonl,
// .ndjson, optionally gzipped), a JSON array (.json whose first character
// is '['), or a news feed (.rss, .atom, .rdf, or .xml whose root element is
// rss, feed or rdf:RDF; see feed_splitter.h), or an SGML news archive shaped
// like Reuters-21578 (.sgm, .sgml, their .gz, and .xml or .txt files whose
// content is one; see sgml_splitter.h). The fetcher splits them into one
// file per record in the inbox, so that delivery stays one file, one document,
// one ack.
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
// them), *.rss, *.atom, *.rdf; *.json only when `first_byte` is '['.
bool IsRecordDump(const std::string& name, char first_byte);

// The stem a dump's records are named after: "<stem>.<n>.json".
std::string DumpStem(const std::string& name);

// Up to the first 4 KB of the file at `path` ("" when unreadable).
std::string FileHead(const std::string& path);

// The first byte of the file at `path` that is not white space (what
// IsRecordDump() wants), or 0 for an empty or unreadable file.
char FirstNonBlankByte(const std::string& path);

// IsRecordDump() for the file `name` at `path`, reading its first bytes
// only when the name leaves the question open (*.json, *.xml, *.txt,
// *.sgm(l)(.gz)): no extra open and read for other articles.
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
