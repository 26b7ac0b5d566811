#include "services/probe_util.h"

#include <algorithm>

namespace paicha::services {

namespace {

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

void append_hex_escape(std::string& out, unsigned char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += "\\x";
  out += kHex[c >> 4];
  out += kHex[c & 0x0f];
}

// Length of the valid UTF-8 sequence starting at text[i], or 0 when it is not valid
// (overlong forms, surrogates and code points above U+10FFFF are rejected, as JSON writers do).
size_t utf8_sequence_length(std::string_view text, size_t i) {
  const auto b0 = static_cast<unsigned char>(text[i]);
  size_t len = 0;
  uint32_t cp = 0;
  if (b0 < 0x80) return 1;
  if ((b0 & 0xe0) == 0xc0) {
    len = 2;
    cp = b0 & 0x1f;
  } else if ((b0 & 0xf0) == 0xe0) {
    len = 3;
    cp = b0 & 0x0f;
  } else if ((b0 & 0xf8) == 0xf0) {
    len = 4;
    cp = b0 & 0x07;
  } else {
    return 0;
  }
  if (i + len > text.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(text[i + k]);
    if ((b & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3f);
  }
  static constexpr uint32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMinForLength[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return len;
}

}  // namespace

bool ByteReader::u8(uint8_t& out) {
  if (remaining() < 1) return false;
  out = static_cast<uint8_t>(data_[pos_++]);
  return true;
}

bool ByteReader::u16be(uint16_t& out) {
  if (remaining() < 2) return false;
  const auto* p = reinterpret_cast<const unsigned char*>(data_.data() + pos_);
  out = static_cast<uint16_t>((p[0] << 8) | p[1]);
  pos_ += 2;
  return true;
}

bool ByteReader::u16le(uint16_t& out) {
  if (remaining() < 2) return false;
  const auto* p = reinterpret_cast<const unsigned char*>(data_.data() + pos_);
  out = static_cast<uint16_t>(p[0] | (p[1] << 8));
  pos_ += 2;
  return true;
}

bool ByteReader::u32be(uint32_t& out) {
  if (remaining() < 4) return false;
  const auto* p = reinterpret_cast<const unsigned char*>(data_.data() + pos_);
  out = (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
  pos_ += 4;
  return true;
}

bool ByteReader::u32le(uint32_t& out) {
  if (remaining() < 4) return false;
  const auto* p = reinterpret_cast<const unsigned char*>(data_.data() + pos_);
  out = (uint32_t{p[3]} << 24) | (uint32_t{p[2]} << 16) | (uint32_t{p[1]} << 8) | p[0];
  pos_ += 4;
  return true;
}

bool ByteReader::i32le(int32_t& out) {
  uint32_t u = 0;
  if (!u32le(u)) return false;
  out = static_cast<int32_t>(u);
  return true;
}

bool ByteReader::i64le(int64_t& out) {
  if (remaining() < 8) return false;
  const auto* p = reinterpret_cast<const unsigned char*>(data_.data() + pos_);
  uint64_t u = 0;
  for (int k = 7; k >= 0; --k) u = (u << 8) | p[k];
  out = static_cast<int64_t>(u);
  pos_ += 8;
  return true;
}

bool ByteReader::bytes(size_t n, std::string_view& out) {
  if (remaining() < n) return false;
  out = data_.substr(pos_, n);
  pos_ += n;
  return true;
}

bool ByteReader::skip(size_t n) {
  if (remaining() < n) return false;
  pos_ += n;
  return true;
}

bool ByteReader::cstring(std::string_view& out) {
  const size_t nul = data_.find('\0', pos_);
  if (nul == std::string_view::npos) return false;
  out = data_.substr(pos_, nul - pos_);
  pos_ = nul + 1;
  return true;
}

void put_u8(std::string& out, uint8_t v) {
  out += static_cast<char>(v);
}

void put_u16be(std::string& out, uint16_t v) {
  out += static_cast<char>(v >> 8);
  out += static_cast<char>(v & 0xff);
}

void put_u16le(std::string& out, uint16_t v) {
  out += static_cast<char>(v & 0xff);
  out += static_cast<char>(v >> 8);
}

void put_u32be(std::string& out, uint32_t v) {
  put_u16be(out, static_cast<uint16_t>(v >> 16));
  put_u16be(out, static_cast<uint16_t>(v & 0xffff));
}

void put_u32le(std::string& out, uint32_t v) {
  put_u16le(out, static_cast<uint16_t>(v & 0xffff));
  put_u16le(out, static_cast<uint16_t>(v >> 16));
}

void put_i32le(std::string& out, int32_t v) {
  put_u32le(out, static_cast<uint32_t>(v));
}

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (lower(text[i]) != lower(prefix[i])) return false;
  }
  return true;
}

size_t find_ci(std::string_view text, std::string_view needle, size_t from) {
  if (needle.empty()) return from <= text.size() ? from : std::string_view::npos;
  if (needle.size() > text.size()) return std::string_view::npos;
  for (size_t i = from; i + needle.size() <= text.size(); ++i) {
    if (starts_with_ci(text.substr(i), needle)) return i;
  }
  return std::string_view::npos;
}

std::string_view trim(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

std::optional<std::string_view> first_line(std::string_view text) {
  const size_t nl = text.find('\n');
  if (nl == std::string_view::npos) return std::nullopt;
  std::string_view line = text.substr(0, nl);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

std::optional<std::string_view> line_value(std::string_view text, std::string_view key) {
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(at, end - at);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.substr(0, key.size()) == key) return line.substr(key.size());
    at = end + 1;
  }
  return std::nullopt;
}

std::string_view version_prefix(std::string_view text) {
  size_t n = 0;
  while (n < text.size()) {
    const char c = text[n];
    const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    c == '.' || c == '-' || c == '_' || c == '+' || c == '~';
    if (!ok) break;
    ++n;
  }
  std::string_view v = text.substr(0, n);
  // A version starts with a digit ("v1.2" is accepted as "1.2" by the callers that strip 'v').
  if (v.empty() || v.front() < '0' || v.front() > '9') return {};
  while (!v.empty() && (v.back() == '.' || v.back() == '-' || v.back() == '_')) v.remove_suffix(1);
  return v;
}

std::string_view numeric_version(std::string_view text) {
  size_t n = 0;
  while (n < text.size() && ((text[n] >= '0' && text[n] <= '9') || text[n] == '.')) ++n;
  std::string_view v = text.substr(0, n);
  while (!v.empty() && v.back() == '.') v.remove_suffix(1);
  if (!v.empty() && v.front() == '.') return {};
  return v;
}

std::string clean_text(std::string_view text, size_t max_chars) {
  std::string out;
  size_t chars = 0;
  bool pending_space = false;
  size_t i = 0;
  while (i < text.size()) {
    if (chars >= max_chars) {
      out += "...";
      break;
    }
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7f) {
      pending_space = !out.empty();
      ++i;
      continue;
    }
    if (c == ' ') {
      pending_space = !out.empty();
      ++i;
      continue;
    }
    if (pending_space) {
      out += ' ';
      ++chars;
      pending_space = false;
      if (chars >= max_chars) continue;
    }
    const size_t len = utf8_sequence_length(text, i);
    if (len == 0) {
      append_hex_escape(out, c);
      ++i;
    } else {
      out.append(text.substr(i, len));
      i += len;
    }
    ++chars;
  }
  return out;
}

void append_info(std::string& info, std::string_view part) {
  if (part.empty()) return;
  if (!info.empty()) info += "; ";
  info += part;
}

ProductVersion split_product_version(std::string_view token) {
  ProductVersion pv;
  token = trim(token);
  const size_t space = token.find(' ');
  std::string_view head = token.substr(0, space);
  const size_t slash = head.find('/');
  if (slash == std::string_view::npos) {
    pv.product = std::string(token);  // "Dahua Rtsp Server": no version to split off
    return pv;
  }
  if (space != std::string_view::npos) pv.rest = std::string(trim(token.substr(space + 1)));
  pv.product = std::string(head.substr(0, slash));
  std::string_view ver = head.substr(slash + 1);
  if (!ver.empty() && (ver.front() == 'v' || ver.front() == 'V')) ver.remove_prefix(1);
  pv.version = std::string(version_prefix(ver));
  return pv;
}

CodedState parse_coded_reply(std::string_view bytes, CodedReply& out) {
  constexpr size_t kMaxLines = 200;
  out = CodedReply{};
  if (bytes.size() > 64 * 1024) return CodedState::not_coded;
  const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  std::string_view rest = bytes;
  while (true) {
    const size_t probe = std::min<size_t>(rest.size(), 4);
    for (size_t i = 0; i < probe; ++i) {
      const bool ok =
          i < 3 ? is_digit(rest[i])
                : (rest[i] == ' ' || rest[i] == '-' || rest[i] == '\r' || rest[i] == '\n');
      if (!ok) return CodedState::not_coded;
    }
    const auto line = first_line(rest);
    if (!line) return CodedState::incomplete;
    const int code = (rest[0] - '0') * 100 + (rest[1] - '0') * 10 + (rest[2] - '0');
    if (out.code == 0) out.code = code;
    if (code != out.code || out.lines.size() >= kMaxLines) return CodedState::not_coded;
    const bool last = line->size() <= 3 || (*line)[3] == ' ';
    out.lines.push_back(line->size() > 4 ? line->substr(4) : std::string_view{});
    rest.remove_prefix(std::min(rest.size(), rest.find('\n') + 1));
    if (last) return CodedState::complete;
    // RFC 959 also allows continuation lines without the code ("211-Features:\r\n EPRT").
    while (!rest.empty() &&
           !(rest.size() >= 3 && is_digit(rest[0]) && is_digit(rest[1]) && is_digit(rest[2]))) {
      const auto text = first_line(rest);
      if (!text) return CodedState::incomplete;
      if (out.lines.size() >= kMaxLines) return CodedState::not_coded;
      out.lines.push_back(*text);
      rest.remove_prefix(rest.find('\n') + 1);
    }
    if (rest.empty()) return CodedState::incomplete;
  }
}

Identification cleaned(Identification id) {
  id.product = clean_text(id.product, 60);
  id.version = clean_text(id.version, 60);
  id.info = clean_text(id.info, 240);
  return id;
}

std::string escape_banner(std::string_view bytes, size_t max_bytes) {
  std::string out;
  const size_t n = std::min(bytes.size(), max_bytes);
  out.reserve(n + 8);
  for (size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    switch (c) {
      case '\r':
        out += "\\r";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\\':
        out += "\\\\";
        break;
      default:
        if (c >= 0x20 && c < 0x7f) {
          out += static_cast<char>(c);
        } else {
          append_hex_escape(out, c);
        }
    }
  }
  if (bytes.size() > n) out += "...";
  return out;
}

}  // namespace paicha::services
