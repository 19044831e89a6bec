// What the files of the Store class share (store.cc, segments.cc,
// document_codec.cc, near_duplicates.cc, store_maintenance.cc): keys of
// the meta, pending and segments column families, the conversion of
// RocksDB statuses, the stored form of documents. Internal to ink_store.
#pragma once

#include <rocksdb/status.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "ink/v1/envelope.pb.h"
#include "ink/v1/store.pb.h"
#include "stages/store/inverted_index.h"
#include "stages/store/store.h"

namespace ink::store {

// meta keys (see the layout in store.h).
inline constexpr char kSequenceKey[] = "sequence";
inline constexpr char kSegmentsKey[] = "segments";
inline constexpr char kFlushedKey[] = "flushed";

// A key after every key of the segments and postings column families
// (they start with a field byte) and of pending (4-byte keys).
inline const std::string kKeysEnd(6, '\xff');

// A Status carrying `what` and RocksDB's message, with the matching code.
Status FromRocks(const rocksdb::Status& s, std::string_view what);

// Milliseconds since the Unix epoch, now.
int64_t NowUnixMs();

// fixed64 little-endian bytes of v.
std::string Fixed64(uint64_t v);

// The cluster id of a document: its own doc_id when DocMeta has none.
std::string ClusterOf(std::string_view doc_id, const DocMeta& m);

void PutBigEndian32(std::string* dst, uint32_t v);
// Reads 4 bytes; `in` must hold at least 4.
uint32_t GetBigEndian32(std::string_view in);

// pending key: the document number, big-endian so keys sort by number.
std::string PendingKey(DocNum doc);
// segments key: IndexKey + '\0' + segment id (big-endian).
std::string SegmentKey(std::string_view index_key, uint32_t segment);
// Splits a segments key; false when malformed.
bool ParseSegmentKey(std::string_view key, std::string_view* index_key,
                     uint32_t* segment);

// --- document_codec.cc ---

// "YYYY-MM-DD" from an ISO 8601 date, or empty when it does not start so.
std::string DatePart(std::string_view iso);

// sources value: the doc_ids of a source's versions, length-prefixed.
std::string EncodeVersions(const std::vector<std::string>& ids);
bool DecodeVersions(std::string_view in, std::vector<std::string>* ids);

// Whether `text` is what BodyText() makes of the article (compared in
// place, without building it).
bool IsBodyText(std::string_view text, const v1::CleanArticle& article);

// The stored form of a document: its body is left out when it is the one
// BodyText() makes from the article (Get() puts it back), which halves
// what most documents weigh; the cluster is left out (doc_meta has it).
std::string StoredBytes(v1::StoredDocument doc);

// The stored form of a new document from its envelope: what StoredBytes()
// gives for the StoredDocument of doc_id, source, stored_unix_ms, clean,
// enrichment (when the envelope has one), body (when not null), version
// and trace, written straight from the envelope (no copy of the article)
// and without protobuf's UTF-8 check of the article's strings (checked
// when the envelope was parsed). Written into *buffer (reused; `scratch`
// too); the view covers it.
std::string_view EncodeNewDocument(const v1::Envelope& env,
                                   int64_t stored_unix_ms,
                                   const std::string* body, uint32_t version,
                                   std::string* buffer, std::string* scratch);

// Fills *terms (cleared first; a reused DocTerms keeps its buffers) with
// the indexed terms of the "title" and "body" fields. Returns the body
// field's text (what snippets and highlights cut from), or null when there
// is no body field.
const std::string* IndexFields(const v1::SegmentedArticle& segmented,
                               DocTerms* terms);

}  // namespace ink::store
