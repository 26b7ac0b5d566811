// Encoding detection and decoding, with the input split at arbitrary read boundaries.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "sources/encoding.h"

namespace {

class SplitSource final : public paicha::sources::detail::ByteSource {
 public:
  SplitSource(std::string_view data, size_t step) : data_(data), step_(step) {}
  size_t read(char* out, size_t n) override {
    size_t take = std::min({n, step_, data_.size() - pos_});
    std::memcpy(out, data_.data() + pos_, take);
    pos_ += take;
    return take;
  }

 private:
  std::string_view data_;
  size_t step_;
  size_t pos_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace paicha::sources::detail;
  if (size < 2) return 0;
  size_t step = 1 + data[0] % 17;
  size_t out_block = 1 + data[1] % 64;
  std::string_view bytes(reinterpret_cast<const char*>(data) + 2, size - 2);
  EncodingGuess guess = detect_encoding(bytes, true);
  (void)utf8_cut(bytes, out_block);
  for (const char* encoding : {"gb18030", "utf-16le", "utf-16be"}) {
    SplitSource raw(bytes, step);
    Utf8DecodingSource decoder(encoding, raw);
    std::string out;
    char block[64];
    for (;;) {
      size_t got = decoder.read(block, out_block);
      if (got == 0) break;
      if (got > out_block) __builtin_trap();
      out.append(block, got);
    }
    if (!is_valid_utf8(out, true)) __builtin_trap();  // the decoder only ever emits UTF-8
  }
  (void)guess;
  return 0;
}
