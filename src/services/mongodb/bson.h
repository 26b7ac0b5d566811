#pragma once
// Minimal BSON (bsonspec.org, version 1.1): a writer for the few command documents the probes
// send, and a bounds-checked, non-recursive reader for the replies. A document is
// int32 total length, elements (type byte, cstring name, value), then 0x00.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace paicha::services::bson {

enum Type : uint8_t {
  kDouble = 0x01,
  kString = 0x02,
  kDocument = 0x03,
  kArray = 0x04,
  kBinary = 0x05,
  kUndefined = 0x06,
  kObjectId = 0x07,
  kBool = 0x08,
  kDateTime = 0x09,
  kNull = 0x0a,
  kRegex = 0x0b,
  kDbPointer = 0x0c,
  kJavaScript = 0x0d,
  kSymbol = 0x0e,
  kJavaScriptWithScope = 0x0f,
  kInt32 = 0x10,
  kTimestamp = 0x11,
  kInt64 = 0x12,
  kDecimal128 = 0x13,
  kMinKey = 0xff,
  kMaxKey = 0x7f,
};

class Writer {
 public:
  Writer& append_double(std::string_view name, double value);
  Writer& append_string(std::string_view name, std::string_view value);
  Writer& append_bool(std::string_view name, bool value);
  Writer& append_int32(std::string_view name, int32_t value);
  Writer& append_int64(std::string_view name, int64_t value);
  // Embeds an already finished document (from another Writer).
  Writer& append_document(std::string_view name, std::string_view document);
  // Embeds a finished document whose names are "0", "1", ... as an array.
  Writer& append_array(std::string_view name, std::string_view elements);
  // The finished document bytes.
  std::string finish() const;

 private:
  void start(Type type, std::string_view name);
  std::string elements_;
};

struct Element {
  uint8_t type = 0;
  std::string_view name;
  std::string_view value;  // the raw value bytes

  std::optional<std::string_view> as_string() const;  // kString only
  std::optional<bool> as_bool() const;
  // kInt32, kInt64, kDouble (truncated) and kBool as a number.
  std::optional<int64_t> as_int() const;
  std::optional<double> as_double() const;  // any numeric type
};

// A validated view of one document: every element's bounds were checked on construction, so
// iteration cannot fail. Nested documents are validated when opened (Element -> Document).
class Document {
 public:
  // Checks the framing of `bytes` (which may be longer than the document). nullopt on any
  // inconsistency: bad length, unknown type, name or value running past the end.
  static std::optional<Document> parse(std::string_view bytes);
  // Opens an embedded document or array element.
  static std::optional<Document> open(const Element& element);

  size_t size_bytes() const { return bytes_.size(); }
  std::optional<Element> find(std::string_view name) const;

  // Calls f(const Element&) for each element, in order.
  template <typename F>
  void for_each(F&& f) const {
    size_t at = 4;
    while (true) {
      std::optional<Element> e = element_at(at);
      if (!e) break;
      f(*e);
    }
  }

 private:
  explicit Document(std::string_view bytes) : bytes_(bytes) {}
  // Reads the element at `at` and advances it; nullopt at the terminator.
  std::optional<Element> element_at(size_t& at) const;
  std::string_view bytes_;
};

}  // namespace paicha::services::bson
