#pragma once
// 16-byte bit masks of byte classes (one bit per byte, bit i for p[i]) for the hot scanning
// loops: the tokenizer and the CSV column cursor look at every byte of the input, and a mask
// per 16 bytes replaces a branch per byte. SSE2 is part of x86-64; other targets get the same
// masks from a scalar loop.
#include <cstddef>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace paicha::pii::bytes {

inline constexpr size_t kBlock = 16;

// Bits set in a 16-bit mask. Baseline x86-64 has no POPCNT instruction (std::popcount becomes
// a library call there), so two lookups in a 256-entry table.
inline constexpr auto kBitCount = [] {
  struct Table {
    uint8_t n[256];
  } t{};
  for (unsigned i = 1; i < 256; ++i) t.n[i] = static_cast<uint8_t>(t.n[i >> 1] + (i & 1));
  return t;
}();
inline unsigned count(unsigned mask16) {
  return kBitCount.n[mask16 & 0xFF] + kBitCount.n[(mask16 >> 8) & 0xFF];
}

#if defined(__SSE2__)
struct Block {
  __m128i v;
  explicit Block(const char* p) : v(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))) {}
  unsigned eq(char c) const {
    return static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(c))));
  }
  // Bytes b with lo <= b < lo + n (unsigned), for n <= 128.
  unsigned in_range(unsigned char lo, unsigned char n) const {
    // Shifting by 0x80 - lo turns the unsigned range test into one signed comparison.
    __m128i shifted = _mm_add_epi8(v, _mm_set1_epi8(static_cast<char>(0x80 - lo)));
    __m128i limit = _mm_set1_epi8(static_cast<char>(static_cast<int>(n) - 128));
    return static_cast<unsigned>(_mm_movemask_epi8(_mm_cmplt_epi8(shifted, limit)));
  }
  unsigned digits() const { return in_range('0', 10); }
  unsigned alnum() const {
    __m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
    __m128i shifted = _mm_add_epi8(lower, _mm_set1_epi8(static_cast<char>(0x80 - 'a')));
    __m128i limit = _mm_set1_epi8(static_cast<char>(26 - 128));
    unsigned alpha = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmplt_epi8(shifted, limit)));
    return alpha | digits();
  }
};
#else
struct Block {
  const unsigned char* p;
  explicit Block(const char* q) : p(reinterpret_cast<const unsigned char*>(q)) {}
  template <typename Fn>
  unsigned mask(Fn&& f) const {
    unsigned m = 0;
    for (unsigned i = 0; i < kBlock; ++i) m |= static_cast<unsigned>(f(p[i])) << i;
    return m;
  }
  unsigned eq(char c) const {
    return mask([c](unsigned char b) { return b == static_cast<unsigned char>(c); });
  }
  unsigned in_range(unsigned char lo, unsigned char n) const {
    return mask([lo, n](unsigned char b) { return static_cast<unsigned char>(b - lo) < n; });
  }
  unsigned digits() const { return in_range('0', 10); }
  unsigned alnum() const {
    return mask([](unsigned char b) {
      return static_cast<unsigned char>(b - '0') < 10 ||
             static_cast<unsigned char>((b | 0x20) - 'a') < 26;
    });
  }
};
#endif

}  // namespace paicha::pii::bytes
