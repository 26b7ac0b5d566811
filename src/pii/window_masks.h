#pragma once
// Byte-class masks of whole 64-byte windows, one bit per byte (bit i for p[64 * k + i]), for the
// two loops that look at every byte of a scanned text: the tokenizer and the CSV cell index.
// The build targets baseline x86-64, where these take four 16-byte SSE2 blocks per window;
// where the CPU has AVX-512BW (or AVX2) a copy compiled for it is chosen once at run time.
// Those copies live alone in window_masks.cpp and call no inline function shared with other
// files, so that no code compiled for a newer CPU can end up where the baseline runs.
#include <cstddef>
#include <cstdint>

namespace paicha::pii::bytes {

inline constexpr size_t kWindow = 64;

struct TokenMasks {
  uint64_t alnum = 0;   // ASCII letters and digits
  uint64_t digits = 0;  // 0-9
  uint64_t marks = 0;   // "@" and "*", which lead e-mails and MySQL password hashes
};

inline constexpr size_t kBatch = 64;  // windows whose masks are made in one call

// Calls visit(offset, masks) for each whole window of p[0, n) in order, the masks made kBatch
// windows at a time by make(p, count, out). Returns where the whole windows end.
template <typename Masks, typename Make, typename Visit>
size_t for_each_window(const char* p, size_t n, Make&& make, Visit&& visit) {
  Masks batch[kBatch];
  const size_t whole = n / kWindow;
  for (size_t first = 0; first < whole; first += kBatch) {
    const size_t count = whole - first < kBatch ? whole - first : kBatch;
    make(p + first * kWindow, count, batch);
    for (size_t k = 0; k < count; ++k) visit((first + k) * kWindow, batch[k]);
  }
  return whole * kWindow;
}

// The instruction sets with a copy of the loops; `best_isa()` is the one in use.
enum class Isa : uint8_t { scalar, sse2, avx2, avx512bw };
bool isa_supported(Isa isa);
Isa best_isa();
const char* isa_name(Isa isa);

// Masks of `count` whole windows starting at p (count * 64 bytes must be readable).
void token_masks(const char* p, size_t count, TokenMasks* out, Isa isa = best_isa());

struct CsvMasks {
  uint64_t quotes = 0;
  uint64_t newlines = 0;
  uint64_t delimiters = 0;
};

void csv_masks(const char* p, size_t count, char delimiter, CsvMasks* out, Isa isa = best_isa());

// The bytes of e-mail addresses in the 64 bytes before or after an "@": the address is cut
// out and checked from these masks instead of a byte loop each way (email_around.cpp).
struct EmailMasks {
  uint64_t alnum = 0;
  uint64_t digits = 0;
  uint64_t dots = 0;
  uint64_t hyphens = 0;
  uint64_t local_marks = 0;  // "_", "%" and "+", allowed before the "@" only
};

void email_masks(const char* p, EmailMasks* out, Isa isa = best_isa());

}  // namespace paicha::pii::bytes
