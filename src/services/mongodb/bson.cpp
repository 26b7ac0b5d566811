#include "services/mongodb/bson.h"

#include <cmath>
#include <cstring>

#include "services/probe_util.h"

namespace paicha::services::bson {

namespace {

constexpr int32_t kMinDocument = 5;  // int32 length + terminator

int32_t read_i32(std::string_view bytes, size_t at) {
  int32_t v = 0;
  ByteReader reader(bytes.substr(at));
  reader.i32le(v);
  return v;
}

// Size of a "string" value (int32 length incl. NUL, bytes, NUL) at `at`, or 0 if invalid.
size_t string_value_size(std::string_view bytes, size_t at) {
  if (bytes.size() - at < 4) return 0;
  const int32_t len = read_i32(bytes, at);
  if (len < 1 || static_cast<size_t>(len) > bytes.size() - at - 4) return 0;
  if (bytes[at + 4 + static_cast<size_t>(len) - 1] != '\0') return 0;
  return 4 + static_cast<size_t>(len);
}

// Size of an embedded document (its own int32 length) at `at`, or 0 if the length is invalid.
size_t document_value_size(std::string_view bytes, size_t at) {
  if (bytes.size() - at < 4) return 0;
  const int32_t len = read_i32(bytes, at);
  if (len < kMinDocument || static_cast<size_t>(len) > bytes.size() - at) return 0;
  if (bytes[at + static_cast<size_t>(len) - 1] != '\0') return 0;
  return static_cast<size_t>(len);
}

// Size of the value of `type` starting at `at` in `bytes`, or nullopt when it does not fit or
// the type is unknown.
std::optional<size_t> value_size(uint8_t type, std::string_view bytes, size_t at) {
  const size_t left = bytes.size() - at;
  auto fixed = [&](size_t n) -> std::optional<size_t> {
    if (left < n) return std::nullopt;
    return n;
  };
  auto nonzero = [](size_t n) -> std::optional<size_t> {
    if (n == 0) return std::nullopt;
    return n;
  };
  switch (type) {
    case kDouble:
    case kDateTime:
    case kTimestamp:
    case kInt64:
      return fixed(8);
    case kString:
    case kJavaScript:
    case kSymbol:
      return nonzero(string_value_size(bytes, at));
    case kDocument:
    case kArray:
      return nonzero(document_value_size(bytes, at));
    case kBinary: {
      if (left < 5) return std::nullopt;
      const int32_t len = read_i32(bytes, at);
      if (len < 0 || static_cast<size_t>(len) > left - 5) return std::nullopt;
      return 5 + static_cast<size_t>(len);
    }
    case kUndefined:
    case kNull:
    case kMinKey:
    case kMaxKey:
      return 0;
    case kObjectId:
      return fixed(12);
    case kBool:
      return fixed(1);
    case kRegex: {
      const size_t first = bytes.find('\0', at);
      if (first == std::string_view::npos) return std::nullopt;
      const size_t second = bytes.find('\0', first + 1);
      if (second == std::string_view::npos) return std::nullopt;
      return second + 1 - at;
    }
    case kDbPointer: {
      const size_t s = string_value_size(bytes, at);
      if (s == 0 || bytes.size() - at - s < 12) return std::nullopt;
      return s + 12;
    }
    case kJavaScriptWithScope: {
      if (left < 4) return std::nullopt;
      const int32_t len = read_i32(bytes, at);
      if (len < 14 || static_cast<size_t>(len) > left) return std::nullopt;
      return static_cast<size_t>(len);
    }
    case kInt32:
      return fixed(4);
    case kDecimal128:
      return fixed(16);
    default:
      return std::nullopt;
  }
}

}  // namespace

void Writer::start(Type type, std::string_view name) {
  elements_ += static_cast<char>(type);
  elements_.append(name);
  elements_ += '\0';
}

Writer& Writer::append_double(std::string_view name, double value) {
  start(kDouble, name);
  uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  put_u32le(elements_, static_cast<uint32_t>(bits & 0xffffffffu));
  put_u32le(elements_, static_cast<uint32_t>(bits >> 32));
  return *this;
}

Writer& Writer::append_string(std::string_view name, std::string_view value) {
  start(kString, name);
  put_i32le(elements_, static_cast<int32_t>(value.size() + 1));
  elements_.append(value);
  elements_ += '\0';
  return *this;
}

Writer& Writer::append_bool(std::string_view name, bool value) {
  start(kBool, name);
  elements_ += static_cast<char>(value ? 1 : 0);
  return *this;
}

Writer& Writer::append_int32(std::string_view name, int32_t value) {
  start(kInt32, name);
  put_i32le(elements_, value);
  return *this;
}

Writer& Writer::append_int64(std::string_view name, int64_t value) {
  start(kInt64, name);
  const auto bits = static_cast<uint64_t>(value);
  put_u32le(elements_, static_cast<uint32_t>(bits & 0xffffffffu));
  put_u32le(elements_, static_cast<uint32_t>(bits >> 32));
  return *this;
}

Writer& Writer::append_document(std::string_view name, std::string_view document) {
  start(kDocument, name);
  elements_.append(document);
  return *this;
}

Writer& Writer::append_array(std::string_view name, std::string_view elements) {
  start(kArray, name);
  elements_.append(elements);
  return *this;
}

std::string Writer::finish() const {
  std::string doc;
  put_i32le(doc, static_cast<int32_t>(elements_.size() + kMinDocument));
  doc += elements_;
  doc += '\0';
  return doc;
}

std::optional<std::string_view> Element::as_string() const {
  if (type != kString || value.size() < 5) return std::nullopt;
  return value.substr(4, value.size() - 5);
}

std::optional<bool> Element::as_bool() const {
  if (type == kBool && value.size() == 1) return value[0] != 0;
  if (auto n = as_double()) return *n != 0;
  return std::nullopt;
}

std::optional<double> Element::as_double() const {
  ByteReader reader(value);
  switch (type) {
    case kDouble: {
      int64_t bits = 0;
      if (!reader.i64le(bits)) return std::nullopt;
      double d = 0;
      std::memcpy(&d, &bits, sizeof d);
      return d;
    }
    case kInt32: {
      int32_t v = 0;
      if (!reader.i32le(v)) return std::nullopt;
      return v;
    }
    case kInt64: {
      int64_t v = 0;
      if (!reader.i64le(v)) return std::nullopt;
      return static_cast<double>(v);
    }
    default:
      return std::nullopt;
  }
}

std::optional<int64_t> Element::as_int() const {
  ByteReader reader(value);
  if (type == kInt64) {
    int64_t v = 0;
    if (!reader.i64le(v)) return std::nullopt;
    return v;
  }
  if (type == kBool && value.size() == 1) return value[0] != 0 ? 1 : 0;
  const auto d = as_double();
  if (!d || !std::isfinite(*d) || *d > 9.0e18 || *d < -9.0e18) return std::nullopt;
  return static_cast<int64_t>(*d);
}

std::optional<Document> Document::parse(std::string_view bytes) {
  const size_t len = document_value_size(bytes, 0);
  if (len == 0) return std::nullopt;
  const std::string_view doc = bytes.substr(0, len);
  // Walk every element once so that later iteration cannot run past the end.
  size_t at = 4;
  while (at < len - 1) {
    const auto type = static_cast<uint8_t>(doc[at]);
    const size_t name_end = doc.find('\0', at + 1);
    if (name_end == std::string_view::npos || name_end >= len - 1) return std::nullopt;
    const auto size = value_size(type, doc.substr(0, len - 1), name_end + 1);
    if (!size) return std::nullopt;
    at = name_end + 1 + *size;
  }
  if (at != len - 1) return std::nullopt;
  return Document(doc);
}

std::optional<Document> Document::open(const Element& element) {
  if (element.type != kDocument && element.type != kArray) return std::nullopt;
  return parse(element.value);
}

std::optional<Element> Document::element_at(size_t& at) const {
  if (at + 1 >= bytes_.size()) return std::nullopt;
  Element e;
  e.type = static_cast<uint8_t>(bytes_[at]);
  const size_t name_end = bytes_.find('\0', at + 1);
  e.name = bytes_.substr(at + 1, name_end - at - 1);
  // parse() validated these bounds; the terminator is excluded from value sizes.
  const auto size = value_size(e.type, bytes_.substr(0, bytes_.size() - 1), name_end + 1);
  e.value = bytes_.substr(name_end + 1, size.value_or(0));
  at = name_end + 1 + size.value_or(0);
  return e;
}

std::optional<Element> Document::find(std::string_view name) const {
  std::optional<Element> found;
  size_t at = 4;
  while (auto e = element_at(at)) {
    if (e->name == name) {
      found = e;
      break;
    }
  }
  return found;
}

}  // namespace paicha::services::bson
