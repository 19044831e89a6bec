// UTF-8 decoding for the segmenter: text is decoded once into code points
// with their byte offsets, so the cutting loops index arrays, never bytes.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ink::segmenter {

// Stands for one byte that is not part of a valid UTF-8 sequence. It is not
// U+FFFD so that a real U+FFFD in the text stays distinguishable.
inline constexpr char32_t kInvalidByte = 0x110000;

// Decodes the code point at text[pos]; sets *len to its byte length (1 for
// an invalid byte, which decodes to kInvalidByte). Rejects overlong forms,
// surrogates and values above U+10FFFF.
inline char32_t DecodeUtf8(std::string_view text, size_t pos, int* len) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data()) + pos;
  const size_t left = text.size() - pos;
  const unsigned char b0 = s[0];
  *len = 1;
  if (b0 < 0x80) return b0;
  auto cont = [&](size_t i) { return i < left && (s[i] & 0xC0) == 0x80; };
  if (b0 >= 0xC2 && b0 <= 0xDF && cont(1)) {
    *len = 2;
    return ((b0 & 0x1Fu) << 6) | (s[1] & 0x3Fu);
  }
  if (b0 >= 0xE0 && b0 <= 0xEF && cont(1) && cont(2)) {
    char32_t c = ((b0 & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
    if (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF)) return kInvalidByte;
    *len = 3;
    return c;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4 && cont(1) && cont(2) && cont(3)) {
    char32_t c = ((b0 & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) |
                 ((s[2] & 0x3Fu) << 6) | (s[3] & 0x3Fu);
    if (c < 0x10000 || c > 0x10FFFF) return kInvalidByte;
    *len = 4;
    return c;
  }
  return kInvalidByte;
}

// A little-endian 32-bit value read with memcpy, in host order.
inline uint32_t Le32(uint32_t raw) {
  if constexpr (std::endian::native == std::endian::little) {
    return raw;
  } else {
    return __builtin_bswap32(raw);
  }
}

// An allocator whose resize() leaves new elements uninitialised: the
// decoding buffers are sized for the worst case and then overwritten, so
// zeroing them first would only double the memory traffic.
template <typename T>
struct UninitAllocator : std::allocator<T> {
  template <typename U>
  struct rebind {
    using other = UninitAllocator<U>;
  };
  UninitAllocator() = default;
  template <typename U>
  UninitAllocator(const UninitAllocator<U>&) {}
  template <typename U>
  void construct(U* p) {
    ::new (static_cast<void*>(p)) U;
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

using CodePoints = std::vector<char32_t, UninitAllocator<char32_t>>;

// A text decoded into code points. bytes[i] is the byte offset of cps[i];
// bytes has one more entry, the text size, so bytes[i+1] ends cps[i].
struct DecodedText {
  CodePoints cps;
  std::vector<uint32_t, UninitAllocator<uint32_t>> bytes;
};

inline void DecodeText(std::string_view text, DecodedText* out) {
  // Sized for the worst case (one code point per byte), then trimmed: the
  // loop writes through pointers, with a fast path for the three-byte
  // sequences of Chinese text.
  const size_t n = text.size();
  out->cps.resize(n);
  out->bytes.resize(n + 1);
  char32_t* cp = out->cps.data();
  uint32_t* bp = out->bytes.data();
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  size_t pos = 0, k = 0;
  while (pos < n) {
    // Runs of three-byte sequences (Chinese text), four bytes read at
    // once: both continuation bytes checked with one mask, and no
    // overlong form or surrogate.
    while (pos + 4 <= n) {
      uint32_t w;
      std::memcpy(&w, s + pos, 4);
      w = Le32(w);
      if ((w & 0xC0C0F0u) != 0x8080E0u) break;
      const char32_t c =
          ((w & 0x0Fu) << 12) | ((w & 0x3F00u) >> 2) | ((w >> 16) & 0x3Fu);
      if (c < 0x800 || (c - 0xD800u) < 0x800u) break;
      bp[k] = static_cast<uint32_t>(pos);
      cp[k++] = c;
      pos += 3;
    }
    if (pos >= n) break;
    const unsigned char b0 = s[pos];
    bp[k] = static_cast<uint32_t>(pos);
    if (b0 < 0x80) {
      cp[k++] = b0;
      ++pos;
      continue;
    }
    if ((b0 & 0xF0) == 0xE0 && pos + 2 < n) {
      const unsigned b1 = s[pos + 1], b2 = s[pos + 2];
      // Both continuation bytes checked at once: 10xxxxxx 10xxxxxx.
      const char32_t c =
          ((b0 & 0x0Fu) << 12) | ((b1 & 0x3Fu) << 6) | (b2 & 0x3Fu);
      if ((((b1 << 8) | b2) & 0xC0C0) == 0x8080 && c >= 0x800 &&
          (c < 0xD800 || c > 0xDFFF)) {
        cp[k++] = c;
        pos += 3;
        continue;
      }
    }
    int len;
    cp[k++] = DecodeUtf8(text, pos, &len);
    pos += len;
  }
  bp[k] = static_cast<uint32_t>(n);
  out->cps.resize(k);
  out->bytes.resize(k + 1);
}

// Appends the UTF-8 encoding of code point c (c <= 0x10FFFF).
inline void AppendUtf8(char32_t c, std::string* out) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (c >> 18)));
    out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

}  // namespace ink::segmenter
