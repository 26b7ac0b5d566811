#include "pii/window_masks.h"

#include "pii/text_util.h"

#include <cstdlib>
#include <cstring>
#include <initializer_list>

#if defined(__x86_64__)
#include <immintrin.h>
#define PAICHA_X86_64 1
#endif

namespace paicha::pii::bytes {

namespace {

// The plain copies (other CPUs, and the reference the tests compare with) use text_util's
// byte classes.
bool is_digit_byte(unsigned char b) {
  return is_digit(static_cast<char>(b));
}
bool is_alnum_byte(unsigned char b) {
  return is_alnum(static_cast<char>(b));
}

void token_masks_scalar(const char* p, size_t count, TokenMasks* out) {
  for (size_t k = 0; k < count; ++k) {
    TokenMasks m;
    for (unsigned i = 0; i < kWindow; ++i) {
      unsigned char b = static_cast<unsigned char>(p[k * kWindow + i]);
      m.alnum |= static_cast<uint64_t>(is_alnum_byte(b)) << i;
      m.digits |= static_cast<uint64_t>(is_digit_byte(b)) << i;
      m.marks |= static_cast<uint64_t>(b == '@' || b == '*') << i;
    }
    out[k] = m;
  }
}

void csv_masks_scalar(const char* p, size_t count, char delimiter, CsvMasks* out) {
  for (size_t k = 0; k < count; ++k) {
    CsvMasks m;
    for (unsigned i = 0; i < kWindow; ++i) {
      char c = p[k * kWindow + i];
      m.quotes |= static_cast<uint64_t>(c == '"') << i;
      m.newlines |= static_cast<uint64_t>(c == '\n') << i;
      m.delimiters |= static_cast<uint64_t>(c == delimiter) << i;
    }
    out[k] = m;
  }
}

void email_masks_scalar(const char* p, EmailMasks* out) {
  EmailMasks m;
  for (unsigned i = 0; i < kWindow; ++i) {
    unsigned char b = static_cast<unsigned char>(p[i]);
    m.alnum |= static_cast<uint64_t>(is_alnum_byte(b)) << i;
    m.digits |= static_cast<uint64_t>(is_digit_byte(b)) << i;
    m.dots |= static_cast<uint64_t>(b == '.') << i;
    m.hyphens |= static_cast<uint64_t>(b == '-') << i;
    m.local_marks |= static_cast<uint64_t>(b == '_' || b == '%' || b == '+') << i;
  }
  *out = m;
}

#if PAICHA_X86_64

// Unsigned range tests lo <= b < lo + n become one signed comparison after adding 0x80 - lo.

uint64_t sse2_in_range(__m128i v, char lo, char n) {
  __m128i shifted = _mm_add_epi8(v, _mm_set1_epi8(static_cast<char>(0x80 - lo)));
  __m128i limit = _mm_set1_epi8(static_cast<char>(n - 128));
  return static_cast<uint16_t>(_mm_movemask_epi8(_mm_cmplt_epi8(shifted, limit)));
}
uint64_t sse2_eq(__m128i v, char c) {
  return static_cast<uint16_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(c))));
}

void token_masks_sse2(const char* p, size_t count, TokenMasks* out) {
  for (size_t k = 0; k < count; ++k) {
    TokenMasks m;
    for (unsigned i = 0; i < kWindow; i += 16) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + k * kWindow + i));
      uint64_t digits = sse2_in_range(v, '0', 10);
      uint64_t alpha = sse2_in_range(_mm_or_si128(v, _mm_set1_epi8(0x20)), 'a', 26);
      m.digits |= digits << i;
      m.alnum |= (alpha | digits) << i;
      m.marks |= (sse2_eq(v, '@') | sse2_eq(v, '*')) << i;
    }
    out[k] = m;
  }
}

void csv_masks_sse2(const char* p, size_t count, char delimiter, CsvMasks* out) {
  for (size_t k = 0; k < count; ++k) {
    CsvMasks m;
    for (unsigned i = 0; i < kWindow; i += 16) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + k * kWindow + i));
      m.quotes |= sse2_eq(v, '"') << i;
      m.newlines |= sse2_eq(v, '\n') << i;
      m.delimiters |= sse2_eq(v, delimiter) << i;
    }
    out[k] = m;
  }
}

void email_masks_sse2(const char* p, EmailMasks* out) {
  EmailMasks m;
  for (unsigned i = 0; i < kWindow; i += 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    uint64_t digits = sse2_in_range(v, '0', 10);
    uint64_t alpha = sse2_in_range(_mm_or_si128(v, _mm_set1_epi8(0x20)), 'a', 26);
    m.digits |= digits << i;
    m.alnum |= (alpha | digits) << i;
    m.dots |= sse2_eq(v, '.') << i;
    m.hyphens |= sse2_eq(v, '-') << i;
    m.local_marks |= (sse2_eq(v, '_') | sse2_eq(v, '%') | sse2_eq(v, '+')) << i;
  }
  *out = m;
}

// The AVX2 and AVX-512BW copies spell out their intrinsics rather than share helpers, which
// would be compiled for the baseline (or, if inlined, tie the helper to one instruction set).

__attribute__((target("avx2"))) void token_masks_avx2(const char* p, size_t count,
                                                      TokenMasks* out) {
  const __m256i to_digits = _mm256_set1_epi8(static_cast<char>(0x80 - '0'));
  const __m256i digit_limit = _mm256_set1_epi8(static_cast<char>(10 - 128));
  const __m256i to_alpha = _mm256_set1_epi8(static_cast<char>(0x80 - 'a'));
  const __m256i alpha_limit = _mm256_set1_epi8(static_cast<char>(26 - 128));
  const __m256i case_bit = _mm256_set1_epi8(0x20);
  const __m256i at = _mm256_set1_epi8('@'), star = _mm256_set1_epi8('*');
  for (size_t k = 0; k < count; ++k) {
    TokenMasks m;
    for (unsigned i = 0; i < kWindow; i += 32) {
      __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + k * kWindow + i));
      __m256i digit = _mm256_cmpgt_epi8(digit_limit, _mm256_add_epi8(v, to_digits));
      __m256i alpha =
          _mm256_cmpgt_epi8(alpha_limit, _mm256_add_epi8(_mm256_or_si256(v, case_bit), to_alpha));
      __m256i mark = _mm256_or_si256(_mm256_cmpeq_epi8(v, at), _mm256_cmpeq_epi8(v, star));
      m.digits |= uint64_t{static_cast<uint32_t>(_mm256_movemask_epi8(digit))} << i;
      m.alnum |=
          uint64_t{static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_or_si256(alpha, digit)))} << i;
      m.marks |= uint64_t{static_cast<uint32_t>(_mm256_movemask_epi8(mark))} << i;
    }
    out[k] = m;
  }
}

__attribute__((target("avx2"))) void csv_masks_avx2(const char* p, size_t count, char delimiter,
                                                    CsvMasks* out) {
  const __m256i quote = _mm256_set1_epi8('"'), newline = _mm256_set1_epi8('\n'),
                delim = _mm256_set1_epi8(delimiter);
  for (size_t k = 0; k < count; ++k) {
    CsvMasks m;
    for (unsigned i = 0; i < kWindow; i += 32) {
      __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + k * kWindow + i));
      m.quotes |= uint64_t{static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, quote)))}
                  << i;
      m.newlines |=
          uint64_t{static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, newline)))} << i;
      m.delimiters |=
          uint64_t{static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, delim)))} << i;
    }
    out[k] = m;
  }
}

__attribute__((target("avx2"))) void email_masks_avx2(const char* p, EmailMasks* out) {
  const __m256i to_digits = _mm256_set1_epi8(static_cast<char>(0x80 - '0'));
  const __m256i digit_limit = _mm256_set1_epi8(static_cast<char>(10 - 128));
  const __m256i to_alpha = _mm256_set1_epi8(static_cast<char>(0x80 - 'a'));
  const __m256i alpha_limit = _mm256_set1_epi8(static_cast<char>(26 - 128));
  const __m256i case_bit = _mm256_set1_epi8(0x20);
  EmailMasks m;
  for (unsigned i = 0; i < kWindow; i += 32) {
    __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i));
    __m256i digit = _mm256_cmpgt_epi8(digit_limit, _mm256_add_epi8(v, to_digits));
    __m256i alpha =
        _mm256_cmpgt_epi8(alpha_limit, _mm256_add_epi8(_mm256_or_si256(v, case_bit), to_alpha));
    __m256i marks = _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('_')),
                                                    _mm256_cmpeq_epi8(v, _mm256_set1_epi8('%'))),
                                    _mm256_cmpeq_epi8(v, _mm256_set1_epi8('+')));
    m.digits |= uint64_t{static_cast<uint32_t>(_mm256_movemask_epi8(digit))} << i;
    m.alnum |= uint64_t{static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_or_si256(alpha, digit)))}
               << i;
    m.dots |= uint64_t{static_cast<uint32_t>(
                  _mm256_movemask_epi8(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('.'))))}
              << i;
    m.hyphens |= uint64_t{static_cast<uint32_t>(
                     _mm256_movemask_epi8(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('-'))))}
                 << i;
    m.local_marks |= uint64_t{static_cast<uint32_t>(_mm256_movemask_epi8(marks))} << i;
  }
  *out = m;
}

__attribute__((target("avx512bw"))) void token_masks_avx512(const char* p, size_t count,
                                                            TokenMasks* out) {
  const __m512i zero = _mm512_set1_epi8('0'), ten = _mm512_set1_epi8(10);
  const __m512i a = _mm512_set1_epi8('a'), letters = _mm512_set1_epi8(26);
  const __m512i case_bit = _mm512_set1_epi8(0x20);
  const __m512i at = _mm512_set1_epi8('@'), star = _mm512_set1_epi8('*');
  for (size_t k = 0; k < count; ++k) {
    __m512i v = _mm512_loadu_si512(p + k * kWindow);
    __mmask64 digit = _mm512_cmplt_epu8_mask(_mm512_sub_epi8(v, zero), ten);
    __mmask64 alpha =
        _mm512_cmplt_epu8_mask(_mm512_sub_epi8(_mm512_or_si512(v, case_bit), a), letters);
    out[k].digits = digit;
    out[k].alnum = digit | alpha;
    out[k].marks = _mm512_cmpeq_epi8_mask(v, at) | _mm512_cmpeq_epi8_mask(v, star);
  }
}

__attribute__((target("avx512bw"))) void csv_masks_avx512(const char* p, size_t count,
                                                          char delimiter, CsvMasks* out) {
  const __m512i quote = _mm512_set1_epi8('"'), newline = _mm512_set1_epi8('\n'),
                delim = _mm512_set1_epi8(delimiter);
  for (size_t k = 0; k < count; ++k) {
    __m512i v = _mm512_loadu_si512(p + k * kWindow);
    out[k].quotes = _mm512_cmpeq_epi8_mask(v, quote);
    out[k].newlines = _mm512_cmpeq_epi8_mask(v, newline);
    out[k].delimiters = _mm512_cmpeq_epi8_mask(v, delim);
  }
}

__attribute__((target("avx512bw"))) void email_masks_avx512(const char* p, EmailMasks* out) {
  __m512i v = _mm512_loadu_si512(p);
  __mmask64 digit =
      _mm512_cmplt_epu8_mask(_mm512_sub_epi8(v, _mm512_set1_epi8('0')), _mm512_set1_epi8(10));
  __mmask64 alpha = _mm512_cmplt_epu8_mask(
      _mm512_sub_epi8(_mm512_or_si512(v, _mm512_set1_epi8(0x20)), _mm512_set1_epi8('a')),
      _mm512_set1_epi8(26));
  out->digits = digit;
  out->alnum = digit | alpha;
  out->dots = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('.'));
  out->hyphens = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('-'));
  out->local_marks = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('_')) |
                     _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('%')) |
                     _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('+'));
}

#endif  // PAICHA_X86_64

}  // namespace

bool isa_supported(Isa isa) {
  switch (isa) {
    case Isa::scalar:
      return true;
#if PAICHA_X86_64
    case Isa::sse2:
      return true;
    case Isa::avx2:
      return __builtin_cpu_supports("avx2");
    case Isa::avx512bw:
      return __builtin_cpu_supports("avx512bw");
#endif
    default:
      return false;
  }
}

Isa best_isa() {
  static const Isa best = [] {
    // PAICHA_SIMD=sse2 (avx2, scalar) holds the loops to a narrower copy than the CPU allows,
    // for measuring each copy and for ruling the wide ones out when hunting a fault.
    const char* wanted = std::getenv("PAICHA_SIMD");
    for (Isa isa : {Isa::avx512bw, Isa::avx2, Isa::sse2})
      if (isa_supported(isa) && (!wanted || std::strcmp(wanted, isa_name(isa)) == 0)) return isa;
    return Isa::scalar;
  }();
  return best;
}

const char* isa_name(Isa isa) {
  switch (isa) {
    case Isa::scalar:
      return "scalar";
    case Isa::sse2:
      return "sse2";
    case Isa::avx2:
      return "avx2";
    case Isa::avx512bw:
      return "avx512bw";
  }
  return "?";
}

void token_masks(const char* p, size_t count, TokenMasks* out, Isa isa) {
  switch (isa) {
#if PAICHA_X86_64
    case Isa::avx512bw:
      return token_masks_avx512(p, count, out);
    case Isa::avx2:
      return token_masks_avx2(p, count, out);
    case Isa::sse2:
      return token_masks_sse2(p, count, out);
#endif
    default:
      return token_masks_scalar(p, count, out);
  }
}

void csv_masks(const char* p, size_t count, char delimiter, CsvMasks* out, Isa isa) {
  switch (isa) {
#if PAICHA_X86_64
    case Isa::avx512bw:
      return csv_masks_avx512(p, count, delimiter, out);
    case Isa::avx2:
      return csv_masks_avx2(p, count, delimiter, out);
    case Isa::sse2:
      return csv_masks_sse2(p, count, delimiter, out);
#endif
    default:
      return csv_masks_scalar(p, count, delimiter, out);
  }
}

void email_masks(const char* p, EmailMasks* out, Isa isa) {
  switch (isa) {
#if PAICHA_X86_64
    case Isa::avx512bw:
      return email_masks_avx512(p, out);
    case Isa::avx2:
      return email_masks_avx2(p, out);
    case Isa::sse2:
      return email_masks_sse2(p, out);
#endif
    default:
      return email_masks_scalar(p, out);
  }
}

}  // namespace paicha::pii::bytes
