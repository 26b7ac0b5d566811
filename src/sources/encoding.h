#pragma once
// Per-file encoding detection and streaming conversion to UTF-8.
//
// Chinese exports are often GBK/GB18030 or UTF-16 with a BOM. Detection looks at the first
// block only (BOM, UTF-8 validity, then uchardet), so a file is decoded one way throughout.
#include <iconv.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "sources/byte_source.h"

namespace paicha::sources::detail {

struct EncodingGuess {
  std::string name;      // "utf-8", "ascii", "gb18030", "utf-16le", "utf-16be" or another
                         // lower-case iconv name uchardet reported; "" when binary
  size_t bom_bytes = 0;  // byte-order mark to drop before decoding
  bool binary = false;   // NUL bytes or control characters: not text
};

// `head` is the first block of the file; `complete` says it is the whole file (so a multibyte
// sequence cut at its end is an error rather than the block boundary).
EncodingGuess detect_encoding(std::string_view head, bool complete);

// True when `data` is valid UTF-8, except that an incomplete sequence at the very end is
// accepted unless `complete`.
bool is_valid_utf8(std::string_view data, bool complete);

// Length of the longest prefix of `data` (at most `max`) that does not end inside a UTF-8
// sequence; used to cut over-long lines without splitting a character.
size_t utf8_cut(std::string_view data, size_t max);

// Decodes a non-UTF-8 byte stream into UTF-8, in big blocks, straight into the caller's
// buffer. Multibyte sequences split across reads are carried over; invalid bytes become
// U+FFFD and are counted.
class Utf8DecodingSource final : public ByteSource {
 public:
  // `encoding` is an iconv name such as "gb18030" or "utf-16le". Throws SourceError when
  // iconv does not know it.
  Utf8DecodingSource(std::string_view encoding, ByteSource& raw);
  ~Utf8DecodingSource() override;
  Utf8DecodingSource(const Utf8DecodingSource&) = delete;
  Utf8DecodingSource& operator=(const Utf8DecodingSource&) = delete;

  size_t read(char* out, size_t n) override;
  uint64_t invalid_sequences() const { return invalid_; }

 private:
  bool refill();  // false at the end of the raw input
  size_t convert(char* out, size_t n);

  iconv_t cd_;
  ByteSource& raw_;
  std::string in_;  // raw bytes read but not yet converted are in_[in_pos_, in_end_)
  size_t in_pos_ = 0;
  size_t in_end_ = 0;
  bool raw_done_ = false;
  size_t unit_ = 1;    // bytes to skip over an invalid sequence (2 for UTF-16)
  std::string spill_;  // converted bytes that did not fit a tiny caller buffer
  size_t spill_pos_ = 0;
  uint64_t invalid_ = 0;
};

}  // namespace paicha::sources::detail
