#include "services/mongodb/probe.h"

#include <array>
#include <optional>

#include <fmt/format.h>
#include "services/mongodb/bson.h"

#include "services/probe_util.h"

namespace paicha::services::mongodb {

namespace {

constexpr int32_t kHeaderSize = 16;
// Handshake and buildInfo replies are a few KiB; refuse to wait for anything huge.
constexpr int32_t kMaxReply = 1024 * 1024;
constexpr uint32_t kChecksumPresent = 1;

// MongoDB wire protocol header (messageLength, requestID, responseTo, opCode), then body.
std::string message(int32_t request_id, int32_t op_code, std::string_view body) {
  std::string out;
  put_i32le(out, static_cast<int32_t>(kHeaderSize + body.size()));
  put_i32le(out, request_id);
  put_i32le(out, 0);  // responseTo
  put_i32le(out, op_code);
  out += body;
  return out;
}

std::string op_msg(int32_t request_id, std::string_view document) {
  std::string body;
  put_u32le(body, 0);  // flagBits
  put_u8(body, 0);     // section kind 0: body
  body += document;
  return message(request_id, kOpMsg, body);
}

enum class Framing { no, more, ok };

// Extracts the reply document of an OP_MSG or OP_REPLY message.
Framing reply_document(std::string_view reply, std::optional<bson::Document>& doc) {
  ByteReader header(reply);
  int32_t length = 0, request_id = 0, response_to = 0, op_code = 0;
  if (!header.i32le(length)) return Framing::more;
  if (length < kHeaderSize + 5 || length > kMaxReply) return Framing::no;
  if (!header.i32le(request_id) || !header.i32le(response_to) || !header.i32le(op_code)) {
    return Framing::more;
  }
  if (op_code != kOpMsg && op_code != kOpReply) return Framing::no;
  if (reply.size() < static_cast<size_t>(length)) return Framing::more;
  ByteReader body(reply.substr(kHeaderSize, static_cast<size_t>(length) - kHeaderSize));

  if (op_code == kOpReply) {
    int32_t flags = 0, starting_from = 0, returned = 0;
    int64_t cursor = 0;
    if (!body.i32le(flags) || !body.i64le(cursor) || !body.i32le(starting_from) ||
        !body.i32le(returned) || returned < 1) {
      return Framing::no;
    }
    doc = bson::Document::parse(body.rest());
    return doc ? Framing::ok : Framing::no;
  }

  uint32_t flags = 0;
  if (!body.u32le(flags)) return Framing::no;
  std::string_view sections = body.rest();
  if (flags & kChecksumPresent) {
    if (sections.size() < 4) return Framing::no;
    sections.remove_suffix(4);
  }
  ByteReader sr(sections);
  while (sr.remaining() > 0) {
    uint8_t kind = 0;
    sr.u8(kind);
    if (kind == 0) {
      doc = bson::Document::parse(sr.rest());
      return doc ? Framing::ok : Framing::no;
    }
    int32_t size = 0;
    if (kind != 1 || !sr.i32le(size) || size < 4 || !sr.skip(static_cast<size_t>(size) - 4)) {
      return Framing::no;
    }
  }
  return Framing::no;
}

std::optional<std::string> string_field(const bson::Document& doc, std::string_view name) {
  if (auto e = doc.find(name)) {
    if (auto s = e->as_string()) return std::string(*s);
  }
  return std::nullopt;
}

std::optional<int64_t> int_field(const bson::Document& doc, std::string_view name) {
  if (auto e = doc.find(name)) return e->as_int();
  return std::nullopt;
}

Identification mongodb_id() {
  Identification id;
  id.service = "mongodb";
  id.product = "MongoDB";
  return id;
}

// Command errors: {ok: 0, errmsg, code, codeName}. Code 13 is Unauthorized.
void describe_error(const bson::Document& doc, Identification& id) {
  const auto code = int_field(doc, "code");
  const auto errmsg = string_field(doc, "errmsg");
  if (code == 13 || (errmsg && (contains_ci(*errmsg, "auth") || contains_ci(*errmsg, "unauth")))) {
    append_info(id.info, "auth required");
  }
  if (errmsg) append_info(id.info, *errmsg);
}

}  // namespace

std::string hello_request() {
  return op_msg(kHelloRequestId,
                bson::Writer().append_int32("hello", 1).append_string("$db", "admin").finish());
}

std::string is_master_request() {
  std::string body;
  put_i32le(body, 0);  // flags
  body += "admin.$cmd";
  body += '\0';
  put_i32le(body, 0);   // numberToSkip
  put_i32le(body, -1);  // numberToReturn: one document, then close the cursor
  body += bson::Writer().append_int32("isMaster", 1).finish();
  return message(kIsMasterRequestId, kOpQuery, body);
}

std::string build_info_request() {
  return op_msg(kBuildInfoRequestId,
                bson::Writer().append_int32("buildInfo", 1).append_string("$db", "admin").finish());
}

std::string_view release_for_wire_version(int64_t wire_version) {
  // The drivers' wire-version table (e.g. WireVersion in the C# driver): 6 = 3.6 ... 25 = 8.0.
  static constexpr std::array<std::string_view, 26> kReleases{
      "2.4", "2.6", "2.6", "3.0", "3.2", "3.4", "3.6", "4.0", "4.2", "4.4", "4.7", "4.8", "4.9",
      "5.0", "5.1", "5.2", "5.3", "6.0", "6.1", "6.2", "6.3", "7.0", "7.1", "7.2", "7.3", "8.0"};
  if (wire_version < 0 || wire_version >= static_cast<int64_t>(kReleases.size())) return {};
  return kReleases[static_cast<size_t>(wire_version)];
}

ParseResult parse_hello_reply(std::string_view reply) {
  std::optional<bson::Document> doc;
  switch (reply_document(reply, doc)) {
    case Framing::no:
      return ParseResult::no();
    case Framing::more:
      return ParseResult::more();
    case Framing::ok:
      break;
  }
  const auto ok = doc->find("ok");
  if (!ok || !ok->as_double()) return ParseResult::no();
  const bool handshake =
      doc->find("ismaster") || doc->find("isWritablePrimary") || doc->find("maxWireVersion");
  if (!handshake && !doc->find("errmsg")) return ParseResult::no();

  Identification id = mongodb_id();
  if (const auto wire = int_field(*doc, "maxWireVersion")) {
    const auto min_wire = int_field(*doc, "minWireVersion").value_or(0);
    std::string wire_info = fmt::format("wire {}-{}", min_wire, *wire);
    const auto release = release_for_wire_version(*wire);
    if (!release.empty()) wire_info += fmt::format(" (MongoDB {})", release);
    if (*wire > 25) wire_info += " (MongoDB > 8.0)";
    id.info = wire_info;
  }
  if (const auto set = string_field(*doc, "setName"))
    append_info(id.info, fmt::format("replica set {}", *set));
  if (const auto msg = string_field(*doc, "msg"); msg == "isdbgrid") append_info(id.info, "mongos");
  if (ok->as_double() == 0.0) describe_error(*doc, id);
  return ParseResult::match(cleaned(id));
}

ParseResult parse_build_info_reply(std::string_view reply) {
  std::optional<bson::Document> doc;
  switch (reply_document(reply, doc)) {
    case Framing::no:
      return ParseResult::no();
    case Framing::more:
      return ParseResult::more();
    case Framing::ok:
      break;
  }
  const auto ok = doc->find("ok");
  if (!ok || !ok->as_double()) return ParseResult::no();
  Identification id = mongodb_id();
  if (const auto version = string_field(*doc, "version")) {
    id.version = std::string(version_prefix(*version));
  } else if (const auto array = doc->find("versionArray")) {
    // [major, minor, patch, build] as int32 elements named "0".."3".
    if (const auto parts = bson::Document::open(*array)) {
      std::string v;
      int n = 0;
      parts->for_each([&](const bson::Element& e) {
        if (n++ >= 3) return;
        if (const auto x = e.as_int()) {
          if (!v.empty()) v += '.';
          v += std::to_string(*x);
        }
      });
      id.version = v;
    }
  }
  if (ok->as_double() == 0.0) describe_error(*doc, id);
  if (id.version.empty() && id.info.empty()) return ParseResult::no();
  return ParseResult::match(cleaned(id));
}

}  // namespace paicha::services::mongodb
