// News archives in SGML shaped like the Reuters-21578 collection (its DTD is
// lewis.dtd): one file holds about a thousand documents, each
//
//   <REUTERS TOPICS="YES" ... OLDID="5544" NEWID="1">
//   <DATE>26-FEB-1987 15:01:01.79</DATE>
//   <TOPICS><D>cocoa</D></TOPICS>  <PLACES>...  <PEOPLE>  <ORGS>
//   <EXCHANGES>  <COMPANIES>  <UNKNOWN>wire codes</UNKNOWN>
//   <TEXT>&#2;<TITLE>...</TITLE><DATELINE>    SALVADOR, Feb 26 - </DATELINE>
//   <BODY>...</BODY></TEXT>
//   </REUTERS>
//
// after an optional <!DOCTYPE lewis ...>. The fetcher turns each document
// into one crawler record (the JSON object the cleaner reads), so that an
// archive goes the way of a .jsonl dump: one record file per story.
//
// A record carries "guid" (NEWID; the same file dropped again gives the same
// bytes, hence the same doc ids, which the store treats as redeliveries),
// "oldid", "title", "text", "published", "authors", "categories" (TOPICS),
// "tags" (PLACES, PEOPLE, ORGS, EXCHANGES, COMPANIES in that order; each also
// under its own lower-case key), "dateline", "text_type" (BRIEF, UNPROC) and
// "source": "Reuters", the agency the <REUTERS> element names.
//
// "text" keeps the story's paragraphs, one per line, separated by blank
// lines: the wire wraps lines at 70 columns and starts each paragraph with an
// indented line, so wrapped lines are joined and an indented line starts a
// new paragraph. The dateline stays at the start of the first paragraph as
// the agency writes it ("SALVADOR, Feb 26 - Showers continued ..."); the
// closing "Reuter" sign-off and the wire's control characters (&#2; &#3;)
// are dropped. UNPROC texts (tables, unusual layouts) keep their lines as
// written. BRIEF stories are one-line flashes whose text is the headline
// (the collection puts it in <TITLE>). A document with no text still becomes
// a record, with an "error" naming the reason: the cleaner rejects it and it
// ends in failed/ instead of vanishing.
//
// "published" is ISO 8601 local time without a zone ("1987-02-26T15:01:01"):
// the archive states no zone, so the cleaner applies its configured default
// offset.
//
// The markup is scanned by hand rather than by libxml2: its XML parser
// stops at the second top-level element and at the control-character
// references (&#3;) that fill the files, and its HTML parser lowercases the
// tags, merges <BODY> into the page body it builds and moves <TITLE> out of
// the document, losing the boundaries a record needs. The SGML here is
// regular (no nesting beyond the DTD above, only &lt; &amp; and numeric
// references), so a careful scanner is enough. Bytes that are not UTF-8 are
// read as Latin-1, the character set of archives of that age.
//
// This file finds the documents in a stream of bytes; sgml_record.h makes
// each one a record.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace ink::fetcher {

// True for names whose content may be such an archive: *.sgm, *.sgml and
// the .gz of them. LooksLikeSgmlArchive() still decides.
bool IsSgmlName(const std::string& name);

// True when the start of a file (its first few KB, uncompressed) is such an
// archive: after white space, comments, an optional <!DOCTYPE lewis ...> and
// an optional <LEWIS> start tag, the first element is <REUTERS ...>.
bool LooksLikeSgmlArchive(std::string_view head);

// True when the file at `path` (gzipped or not) starts like such an
// archive. Reads its first 4 KB, uncompressed.
bool IsSgmlArchiveFile(const std::string& path);

// Splits an archive handed over in pieces of any size. Not thread-safe.
class SgmlSplitter {
 public:
  // Called with each record in document order; an error stops the split.
  using Emit = std::function<Status(const std::string& record)>;

  // A document longer than `max_document_bytes` becomes a record with an
  // "error" (and its NEWID), and the scan goes on after its end tag.
  SgmlSplitter(uint64_t max_document_bytes, Emit emit);
  SgmlSplitter(const SgmlSplitter&) = delete;
  SgmlSplitter& operator=(const SgmlSplitter&) = delete;

  // Scans more bytes, emitting every document they complete.
  // InvalidArgument (with a line number) when the file is not such an
  // archive: text outside the documents, a document opened inside another.
  [[nodiscard]] Status Feed(std::string_view bytes);

  // The end of the file. InvalidArgument when a document is left open (a
  // truncated file) or the file held no document at all.
  [[nodiscard]] Status Finish();

  uint64_t documents() const { return documents_; }

  // Feeds the file at `path` (gzip is inflated) and finishes. TooLarge past
  // `max_total_bytes` uncompressed (a gzip bomb), InvalidArgument for
  // corrupt gzip data or a malformed archive; records emitted before an
  // error stay emitted.
  [[nodiscard]] Status SplitFile(const std::string& path,
                                 uint64_t max_total_bytes);

 private:
  Status Scan(bool at_end);
  Status Fail(const std::string& what) const;

  uint64_t max_document_bytes_;
  Emit emit_;
  std::string pending_;  // Bytes not yet consumed.
  uint64_t line_ = 1;    // Line of pending_[0].
  size_t searched_ = 0;  // In a document: pending_ before this has no end tag.
  bool in_document_ = false;
  bool skipping_ = false;  // Inside an over-long document, already reported.
  uint64_t documents_ = 0;
};

}  // namespace ink::fetcher
