// Fuzzes the cleaner on gzipped input. zlib is not instrumented, so raw
// mutations of compressed bytes rarely reach the parsers behind it; the
// first byte therefore chooses between
//   - a valid gzip stream of the rest of the input, cut after a fuzzed
//     number of bytes (truncated downloads), and
//   - the rest of the input as it is behind the gzip magic (corrupt data),
// and which file name (.txt.gz, .md.gz, .html.gz, .json.gz, .gz) it had.
#include <fuzzer/FuzzedDataProvider.h>
#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "tests/fuzz/clean_check.h"

namespace {

std::string Gzip(const std::string& plain) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_BEST_SPEED, Z_DEFLATED, 16 + MAX_WBITS, 8,
                   Z_DEFAULT_STRATEGY) != Z_OK)
    ink::fuzz::Fail("deflateInit2", "");
  std::string out(deflateBound(&zs, plain.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(plain.data()));
  zs.avail_in = static_cast<uInt>(plain.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  if (deflate(&zs, Z_FINISH) != Z_STREAM_END) ink::fuzz::Fail("deflate", "");
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const char* const kNames[] = {"article.txt.gz", "article.md.gz",
                                       "article.html.gz", "record.json.gz",
                                       "article.gz"};
  FuzzedDataProvider in(data, size);
  const bool compress = in.ConsumeBool();
  const char* name = kNames[in.ConsumeIntegralInRange<size_t>(0, 4)];
  const uint16_t keep = in.ConsumeIntegral<uint16_t>();
  std::string rest = in.ConsumeRemainingBytesAsString();
  std::string bytes;
  if (compress) {
    bytes = Gzip(rest);
    // keep == 0 keeps the whole stream; otherwise cut it.
    if (keep != 0 && keep < bytes.size()) bytes.resize(keep);
  } else {
    bytes = "\x1f\x8b" + rest;
  }
  ink::v1::RawDocument raw;
  raw.set_content(bytes);
  raw.set_filename(name);
  ink::fuzz::CleanAndCheck(raw);
  return 0;
}
