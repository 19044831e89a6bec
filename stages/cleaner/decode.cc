#include "stages/cleaner/decode.h"

#include <uchardet/uchardet.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <regex>

#include "stages/cleaner/text_util.h"

namespace ink::cleaner {
namespace {

// How much of the input the binary test and the charset sniffers look at.
constexpr size_t kSniffBytes = 64 * 1024;

struct Conversion {
  std::string text;
  uint32_t replaced_bytes = 0;
  bool ok = false;  // False if ICU does not know the charset.
};

// ICU to-Unicode callback: counts the bytes of each illegal or unmappable
// sequence, then substitutes U+FFFD like the default callback.
void CountingCallback(const void* context, UConverterToUnicodeArgs* args,
                      const char* code_units, int32_t length,
                      UConverterCallbackReason reason, UErrorCode* err) {
  if (reason <= UCNV_IRREGULAR) {
    *const_cast<uint32_t*>(static_cast<const uint32_t*>(context)) +=
        static_cast<uint32_t>(length);
  }
  UCNV_TO_U_CALLBACK_SUBSTITUTE(nullptr, args, code_units, length, reason, err);
}

Conversion Convert(std::string_view bytes, const char* charset) {
  Conversion result;
  UErrorCode err = U_ZERO_ERROR;
  std::unique_ptr<UConverter, decltype(&ucnv_close)> conv(
      ucnv_open(charset, &err), &ucnv_close);
  if (U_FAILURE(err) || !conv) return result;
  ucnv_setToUCallBack(conv.get(), CountingCallback, &result.replaced_bytes,
                      nullptr, nullptr, &err);
  if (U_FAILURE(err)) return result;
  icu::UnicodeString unicode(bytes.data(), static_cast<int32_t>(bytes.size()),
                             conv.get(), err);
  if (U_FAILURE(err)) return result;
  unicode.toUTF8String(result.text);
  result.ok = true;
  return result;
}

// Maps a declared or detected name to the converter we decode with.
std::string CanonicalCharset(std::string name) {
  name = AsciiLower(name);
  if (name == "gb2312" || name == "gbk" || name == "gb18030" ||
      name == "x-gbk" || name == "cp936" || name == "windows-936" ||
      name == "euc-cn" || name == "hz-gb-2312" || name == "gb_2312-80")
    return "GB18030";
  if (name == "big5" || name == "big-5" || name == "cp950" ||
      name == "x-x-big5")
    return "Big5";
  if (name == "big5-hkscs") return "Big5-HKSCS";
  if (name == "utf8" || name == "utf-8") return "UTF-8";
  if (name == "ascii" || name == "us-ascii") return "UTF-8";
  return name;
}

// Whether `s` is UTF-8 as ICU's U8_NEXT reads it (no ill-formed, overlong,
// surrogate or out-of-range sequence). Every page passes through here, and
// pages are mostly ASCII markup: runs of ASCII are skipped sixteen or eight
// bytes at a time, and only the bytes of other characters are decoded.
bool IsValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  int32_t i = 0;
  while (i < n) {
    if (i + 16 <= n) {
      uint64_t word[2];
      std::memcpy(word, p + i, sizeof word);
      if (((word[0] | word[1]) & 0x8080808080808080ULL) == 0) {
        i += 16;
        continue;
      }
    }
    if (i + 8 <= n) {
      uint64_t word;
      std::memcpy(&word, p + i, sizeof word);
      if ((word & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) return false;
  }
  return true;
}

// The reason, or "" when the bytes look like text.
std::string BinaryReason(std::string_view bytes) {
  std::string_view head = bytes.substr(0, kSniffBytes);
  if (head.find('\0') != std::string_view::npos)
    return "binary content (NUL bytes)";
  size_t control = 0;
  auto count = [&control](unsigned char c) {
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' &&
        c != '\v' && c != 0x1B)
      ++control;
    if (c == 0x7F) ++control;
  };
  // Eight bytes at a time: a word with no byte below 0x20 and no DEL (most
  // of text and markup) has nothing to count; the others are counted byte
  // by byte.
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  size_t i = 0;
  for (; i + 8 <= head.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, head.data() + i, sizeof w);
    const uint64_t below_space = (w - kOnes * 0x20) & ~w & kHigh;
    const uint64_t del = w ^ (kOnes * 0x7F);
    const uint64_t has_del = (del - kOnes) & ~del & kHigh;
    if ((below_space | has_del) == 0) continue;
    for (size_t k = i; k < i + 8; ++k)
      count(static_cast<unsigned char>(head[k]));
  }
  for (; i < head.size(); ++i) count(static_cast<unsigned char>(head[i]));
  if (control * 20 > head.size())
    return "binary content (mostly control characters)";
  return "";
}

std::string Uchardet(std::string_view bytes) {
  std::unique_ptr<std::remove_pointer_t<uchardet_t>, decltype(&uchardet_delete)>
      det(uchardet_new(), &uchardet_delete);
  std::string_view head = bytes.substr(0, kSniffBytes);
  if (uchardet_handle_data(det.get(), head.data(), head.size()) != 0) return "";
  uchardet_data_end(det.get());
  const char* name = uchardet_get_charset(det.get());
  return name ? name : "";
}

// Accepts a decoding when few bytes had to be replaced: a wrong charset
// produces errors all over, a right one at most a few damaged spots.
bool Plausible(const Conversion& c, size_t input_size) {
  return c.ok && c.replaced_bytes * 100 <= input_size;
}

}  // namespace

std::string DeclaredCharset(std::string_view bytes) {
  static const std::regex re(
      "(?:<meta[^>]*?charset\\s*=\\s*[\"']?|<\\?xml[^>]*?encoding\\s*=\\s*[\"']"
      ")"
      "([a-z0-9_.:-]+)",
      std::regex::ECMAScript | std::regex::icase | std::regex::optimize);
  std::string head(bytes.substr(0, 4096));
  std::smatch m;
  if (!std::regex_search(head, m, re)) return "";
  return AsciiLower(m[1].str());
}

Result<DecodedText> DecodeToUtf8(std::string_view bytes) {
  if (bytes.empty()) return Status::InvalidArgument("empty content");
  DecodedText out;

  // Byte order marks are unambiguous; UTF-16 must be checked before the NUL
  // test since its text is full of zero bytes.
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    bytes.remove_prefix(3);
    Conversion c = Convert(bytes, "UTF-8");
    out.text = std::move(c.text);
    out.encoding = "UTF-8";
    out.replaced_bytes = c.replaced_bytes;
    out.how = "bom";
    return out;
  }
  if (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF") {
    const char* cs = bytes[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE";
    Conversion c = Convert(bytes.substr(2), cs);
    out.text = std::move(c.text);
    out.encoding = cs;
    out.replaced_bytes = c.replaced_bytes;
    out.how = "bom";
    return out;
  }

  if (std::string reason = BinaryReason(bytes); !reason.empty())
    return Status::InvalidArgument(reason);

  if (IsValidUtf8(bytes)) {
    out.text = std::string(bytes);
    out.encoding = "UTF-8";
    out.how = "utf8-valid";
    return out;
  }

  std::string declared = DeclaredCharset(bytes);
  if (!declared.empty()) {
    std::string cs = CanonicalCharset(declared);
    Conversion c = Convert(bytes, cs.c_str());
    if (Plausible(c, bytes.size())) {
      out.text = std::move(c.text);
      out.encoding = cs;
      out.replaced_bytes = c.replaced_bytes;
      out.how = "meta";
      return out;
    }
  }

  // Undeclared or the declaration is wrong: ask uchardet, and fall back to
  // GB18030 then UTF-8 (our inputs are mostly Chinese), keeping whichever
  // decoding needs the fewest replacements.
  Conversion best;
  std::string best_cs;
  std::string detected = Uchardet(bytes);
  std::vector<std::string> tries;
  if (!detected.empty()) tries.push_back(CanonicalCharset(detected));
  tries.push_back("GB18030");
  tries.push_back("UTF-8");
  for (const std::string& cs : tries) {
    Conversion c = Convert(bytes, cs.c_str());
    if (!c.ok) continue;
    if (best_cs.empty() || c.replaced_bytes < best.replaced_bytes) {
      best = std::move(c);
      best_cs = cs;
    }
    if (Plausible(best, bytes.size())) break;
  }
  if (best_cs.empty())
    return Status::InvalidArgument("cannot decode: unknown charset");
  out.text = std::move(best.text);
  out.encoding = best_cs;
  out.replaced_bytes = best.replaced_bytes;
  out.how = (!detected.empty() && best_cs == CanonicalCharset(detected))
                ? "uchardet"
                : "fallback";
  return out;
}

}  // namespace ink::cleaner
