#pragma once
// Small helpers shared by the identification probes: bounds-checked byte reading and writing,
// case-insensitive text search, and turning hostile server text into something safe to show.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/probe.h"

namespace paicha::services {

// Reads integers and strings from a reply without ever reading past its end: every read
// returns false (and leaves the cursor alone) when the bytes are not there.
class ByteReader {
 public:
  explicit ByteReader(std::string_view data) : data_(data) {}

  size_t pos() const { return pos_; }
  size_t remaining() const { return data_.size() - pos_; }
  std::string_view rest() const { return data_.substr(pos_); }

  bool u8(uint8_t& out);
  bool u16be(uint16_t& out);
  bool u16le(uint16_t& out);
  bool u32be(uint32_t& out);
  bool u32le(uint32_t& out);
  bool i32le(int32_t& out);
  bool i64le(int64_t& out);
  bool bytes(size_t n, std::string_view& out);
  bool skip(size_t n);
  // A NUL-terminated string; the NUL is consumed but not returned.
  bool cstring(std::string_view& out);

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

void put_u8(std::string& out, uint8_t v);
void put_u16be(std::string& out, uint16_t v);
void put_u16le(std::string& out, uint16_t v);
void put_u32be(std::string& out, uint32_t v);
void put_u32le(std::string& out, uint32_t v);
void put_i32le(std::string& out, int32_t v);

bool starts_with_ci(std::string_view text, std::string_view prefix);
size_t find_ci(std::string_view text, std::string_view needle, size_t from = 0);
inline bool contains_ci(std::string_view text, std::string_view needle) {
  return find_ci(text, needle) != std::string_view::npos;
}
std::string_view trim(std::string_view text);

// The text up to the first '\n' (without "\r\n"), or nullopt when no line end arrived yet.
std::optional<std::string_view> first_line(std::string_view text);

// The value after "key" up to the end of its line, e.g. line_value(info, "redis_version:").
// The key must start a line.
std::optional<std::string_view> line_value(std::string_view text, std::string_view key);

// Leading run of characters that may appear in a version ("10.11.19", "9.2p1", "3.8.1-rc1").
std::string_view version_prefix(std::string_view text);

// Leading run of digits and dots ("8.0.35" of "8.0.35-0ubuntu0.22.04.1"), no trailing dot.
std::string_view numeric_version(std::string_view text);

// Server text made safe for reports and JSON: valid UTF-8 is kept, control characters become
// spaces (runs folded), invalid bytes become \xHH, and at most `max_chars` characters are kept
// ("..." appended when cut).
std::string clean_text(std::string_view text, size_t max_chars = 120);

// Appends "; part" (or just part) to info when part is not empty.
void append_info(std::string& info, std::string_view part);

// Splits a "name/version rest" product token as found in Server headers and banners:
// "nginx/1.22.1" -> {nginx, 1.22.1}; "Apache/2.4.57 (Debian)" -> {Apache, 2.4.57, (Debian)};
// without a slash in the first word the whole token is the product.
struct ProductVersion {
  std::string product;
  std::string version;
  std::string rest;
};
ProductVersion split_product_version(std::string_view token);

// A reply in the FTP/SMTP style (RFC 959 4.2, RFC 5321 4.2): "ddd-text" continuation lines,
// then "ddd text". `lines` holds the texts after the codes.
struct CodedReply {
  int code = 0;
  std::vector<std::string_view> lines;
};
enum class CodedState { not_coded, incomplete, complete };
CodedState parse_coded_reply(std::string_view bytes, CodedReply& out);

// Cleans every text field of an identification (servers choose these bytes).
Identification cleaned(Identification id);

}  // namespace paicha::services
