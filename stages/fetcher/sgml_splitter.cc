#include "stages/fetcher/sgml_splitter.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstring>

#include "stages/fetcher/sgml_record.h"

namespace ink::fetcher {
namespace {

constexpr std::string_view kOpen = "<REUTERS";
constexpr std::string_view kClose = "</REUTERS>";

bool IsSpace(char c) { return std::isspace(static_cast<unsigned char>(c)); }

uint64_t CountLines(std::string_view s) {
  return static_cast<uint64_t>(std::count(s.begin(), s.end(), '\n'));
}
}  // namespace

bool IsSgmlName(const std::string& name) {
  for (const char* ext : {".sgm", ".sgml", ".sgm.gz", ".sgml.gz"}) {
    size_t n = std::strlen(ext);
    if (name.size() > n && SgmlHasAt(name, name.size() - n, ext)) return true;
  }
  return false;
}

bool LooksLikeSgmlArchive(std::string_view head) {
  size_t i = 0;
  while (true) {
    while (i < head.size() && IsSpace(head[i])) ++i;
    if (SgmlHasAt(head, i, "<!--")) {
      i = head.find("-->", i + 4);
      if (i == std::string_view::npos) return false;
      i += 3;
    } else if (SgmlHasAt(head, i, "<!DOCTYPE") || SgmlHasAt(head, i, "<?")) {
      i = head.find('>', i);
      if (i == std::string_view::npos) return false;
      ++i;
    } else if (SgmlStartTagAt(head, i, "LEWIS")) {
      i = head.find('>', i);
      if (i == std::string_view::npos) return false;
      ++i;
    } else {
      return SgmlStartTagAt(head, i, "REUTERS");
    }
  }
}

bool IsSgmlArchiveFile(const std::string& path) {
  gzFile in = gzopen(path.c_str(), "rb");
  if (!in) return false;
  std::string head(4096, '\0');
  int n = gzread(in, head.data(), static_cast<unsigned>(head.size()));
  gzclose(in);
  return n > 0 && LooksLikeSgmlArchive(std::string_view(head.data(), n));
}
SgmlSplitter::SgmlSplitter(uint64_t max_document_bytes, Emit emit)
    : max_document_bytes_(max_document_bytes), emit_(std::move(emit)) {}

Status SgmlSplitter::Feed(std::string_view bytes) {
  pending_.append(bytes);
  return Scan(false);
}

Status SgmlSplitter::SplitFile(const std::string& path,
                               uint64_t max_total_bytes) {
  gzFile in = gzopen(path.c_str(), "rb");  // Reads plain files as they are.
  if (!in) return Status::IOError("open " + path);
  gzbuffer(in, 1 << 16);
  std::string buf(1 << 16, '\0');
  uint64_t total = 0;
  Status status;
  while (status.ok()) {
    int n = gzread(in, buf.data(), static_cast<unsigned>(buf.size()));
    if (n < 0) {
      int err;
      status = Status::InvalidArgument(std::string("corrupt gzip data: ") +
                                       gzerror(in, &err));
      break;
    }
    if (n == 0) {
      status = Finish();
      break;
    }
    total += n;
    if (total > max_total_bytes) {
      status = Status::TooLarge("archive expands past " +
                                std::to_string(max_total_bytes) +
                                " bytes (a gzip bomb?)");
      break;
    }
    status = Feed(std::string_view(buf.data(), n));
  }
  gzclose(in);
  return status;
}

Status SgmlSplitter::Finish() {
  RETURN_IF_ERROR(Scan(true));
  if (in_document_) {
    return Fail("the document opened at line " + std::to_string(line_) +
                " has no </REUTERS> (a truncated file?)");
  }
  if (documents_ == 0) return Fail("no <REUTERS> document in the file");
  return Status::OK();
}
Status SgmlSplitter::Fail(const std::string& what) const {
  return Status::InvalidArgument("SGML archive: " + what);
}

// Invariant between calls: in a document (not skipping), the document's
// start tag is at pending_[0]; otherwise pending_ holds what follows the
// last consumed document or declaration.
Status SgmlSplitter::Scan(bool at_end) {
  std::string_view s = pending_;
  size_t pos = 0;
  // Lines in s before `pos` that line_ does not count yet are counted as
  // `pos` moves past them, so messages name the right line.
  auto advance = [&](size_t to) {
    line_ += CountLines(s.substr(pos, to - pos));
    pos = to;
  };
  auto line_at = [&](size_t at) {
    return line_ + CountLines(s.substr(pos, at - pos));
  };
  Status status;
  while (status.ok()) {
    if (!in_document_) {
      size_t b = pos;
      while (b < s.size() && IsSpace(s[b])) ++b;
      advance(b);
      if (pos == s.size()) break;
      if (s[pos] != '<') {
        std::string_view what = s.substr(pos, 40);
        what = what.substr(0, what.find('\n'));
        status = Fail("line " + std::to_string(line_) +
                      ": text outside a <REUTERS> document: \"" +
                      std::string(what) + "\"");
        break;
      }
      // Enough bytes to tell a start tag from a declaration.
      if (s.size() - pos < kOpen.size() + 1 && !at_end) break;
      if (SgmlStartTagAt(s, pos, "REUTERS")) {
        in_document_ = true;
        searched_ = pos + 1;
        continue;
      }
      const bool comment = SgmlHasAt(s, pos, "<!--");
      if (comment || SgmlHasAt(s, pos, "<!") || SgmlHasAt(s, pos, "<?") ||
          SgmlStartTagAt(s, pos, "LEWIS") || SgmlHasAt(s, pos, "</LEWIS")) {
        size_t end = comment ? s.find("-->", pos + 4) : s.find('>', pos);
        if (end != std::string_view::npos) end += comment ? 3 : 1;
        // The same limit as a document's, whether or not its end has
        // arrived yet.
        const bool too_long =
            (end == std::string_view::npos ? s.size() : end) - pos >
            max_document_bytes_;
        if (too_long || (end == std::string_view::npos && at_end)) {
          status = Fail(
              "line " + std::to_string(line_) +
              ": a declaration is not closed" +
              (too_long
                   ? " within " + std::to_string(max_document_bytes_) + " bytes"
                   : std::string()));
          break;
        }
        if (end != std::string_view::npos) {
          advance(end);
          continue;
        }
        break;
      }
      std::string_view tag = s.substr(pos, 30);
      tag = tag.substr(0, tag.find_first_of("\n>") == std::string_view::npos
                              ? tag.size()
                              : tag.find_first_of("\n>") + 1);
      status = Fail("line " + std::to_string(line_) + ": " + std::string(tag) +
                    " where a <REUTERS> document should start");
      break;
    }

    // In a document starting at `pos` (or, when skipping, somewhere before).
    size_t close = std::string_view::npos;
    // Not skipping, s[pos] is the document's own start tag.
    size_t lt = s.find('<', std::max(searched_, skipping_ ? pos : pos + 1));
    for (; lt != std::string_view::npos; lt = s.find('<', lt + 1)) {
      if (SgmlHasAt(s, lt, kClose)) {
        close = lt;
        break;
      }
      if (SgmlStartTagAt(s, lt, "REUTERS")) {
        std::string id = skipping_ ? "" : SgmlNewId(s.substr(pos, lt - pos));
        status = Fail("the document opened at line " + std::to_string(line_) +
                      (id.empty() ? "" : " (NEWID " + id + ")") +
                      " has no </REUTERS> before the next <REUTERS> at line " +
                      std::to_string(line_at(lt)));
        break;
      }
      // A tag cut off at the end of what has arrived: look again later.
      if (s.size() - lt < kClose.size() && !at_end) break;
    }
    if (!status.ok()) break;
    if (close == std::string_view::npos) {
      searched_ = lt != std::string_view::npos ? lt : s.size();
      if (!skipping_ && s.size() - pos > max_document_bytes_) {
        status = emit_(SgmlOverlongRecord(s.substr(pos), max_document_bytes_));
        ++documents_;
        skipping_ = true;
      }
      if (skipping_) advance(searched_);  // Its bytes are not kept.
      break;
    }
    const size_t end = close + kClose.size();
    if (!skipping_) {
      // Whole in one piece, but still over the limit.
      std::string_view document = s.substr(pos, end - pos);
      status = emit_(document.size() > max_document_bytes_
                         ? SgmlOverlongRecord(document, max_document_bytes_)
                         : SgmlRecord(document));
      ++documents_;
    }
    skipping_ = false;
    in_document_ = false;
    advance(end);
  }
  pending_.erase(0, pos);
  searched_ = searched_ > pos ? searched_ - pos : 0;
  return status;
}

}  // namespace ink::fetcher