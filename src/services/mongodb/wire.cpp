#include "services/mongodb/wire.h"

#include "services/mongodb/probe.h"
#include "services/probe_util.h"

namespace paicha::services::mongodb {

namespace {

constexpr int32_t kHeaderSize = 16;
constexpr uint32_t kChecksumPresent = 1;

std::optional<std::string> string_field(const bson::Document& doc, std::string_view name) {
  if (auto e = doc.find(name))
    if (auto s = e->as_string()) return std::string(*s);
  return std::nullopt;
}

std::optional<int64_t> int_field(const bson::Document& doc, std::string_view name) {
  if (auto e = doc.find(name)) return e->as_int();
  return std::nullopt;
}

std::optional<bson::Document> sub_document(const bson::Document& doc, std::string_view name) {
  if (auto e = doc.find(name)) return bson::Document::open(*e);
  return std::nullopt;
}

// BinData value: int32 length, subtype byte, bytes. Strings are accepted too: the auth spec
// allows a base64 string payload, but servers answer BinData when asked with BinData.
std::optional<std::string> binary_field(const bson::Document& doc, std::string_view name) {
  const auto e = doc.find(name);
  if (!e) return std::nullopt;
  if (e->type == bson::kBinary) {
    if (e->value.size() < 5) return std::nullopt;
    return std::string(e->value.substr(5));
  }
  if (auto s = e->as_string()) return std::string(*s);
  return std::nullopt;
}

std::string command_on(std::string_view name, std::string_view database) {
  return bson::Writer().append_int32(name, 1).append_string("$db", database).finish();
}

}  // namespace

std::string op_msg(int32_t request_id, std::string_view document) {
  std::string out;
  put_i32le(out, static_cast<int32_t>(kHeaderSize + 4 + 1 + document.size()));
  put_i32le(out, request_id);
  put_i32le(out, 0);  // responseTo
  put_i32le(out, kOpMsg);
  put_u32le(out, 0);  // flagBits
  put_u8(out, 0);     // section kind 0: the body document
  out += document;
  return out;
}

Framing frame_reply(std::string_view bytes, ReplySpan& span, int32_t max_length) {
  ByteReader header(bytes);
  int32_t length = 0, request_id = 0, response_to = 0, op_code = 0;
  if (!header.i32le(length)) return Framing::incomplete;
  if (length < kHeaderSize + 5 || length > max_length) return Framing::invalid;
  if (!header.i32le(request_id) || !header.i32le(response_to) || !header.i32le(op_code))
    return Framing::incomplete;
  if (op_code != kOpMsg && op_code != kOpReply) return Framing::invalid;
  if (bytes.size() < static_cast<size_t>(length)) return Framing::incomplete;
  const std::string_view message = bytes.substr(0, static_cast<size_t>(length));
  ByteReader body(message.substr(kHeaderSize));

  std::optional<bson::Document> doc;
  size_t doc_offset = 0;
  if (op_code == kOpReply) {
    // OP_REPLY: responseFlags, cursorID, startingFrom, numberReturned, documents.
    int32_t flags = 0, starting_from = 0, returned = 0;
    int64_t cursor = 0;
    if (!body.i32le(flags) || !body.i64le(cursor) || !body.i32le(starting_from) ||
        !body.i32le(returned) || returned < 1)
      return Framing::invalid;
    doc_offset = kHeaderSize + body.pos();
    doc = bson::Document::parse(message.substr(doc_offset));
  } else {
    uint32_t flags = 0;
    if (!body.u32le(flags)) return Framing::invalid;
    std::string_view sections = body.rest();
    if (flags & kChecksumPresent) {
      if (sections.size() < 4) return Framing::invalid;
      sections.remove_suffix(4);
    }
    ByteReader reader(sections);
    while (reader.remaining() > 0 && !doc) {
      uint8_t kind = 0;
      reader.u8(kind);
      if (kind == 0) {
        doc_offset = kHeaderSize + 4 + reader.pos();
        doc = bson::Document::parse(reader.rest());
        if (!doc) return Framing::invalid;
        break;
      }
      // Kind 1: int32 size (including itself), identifier, documents. The audit's commands
      // never ask for document sequences, so they are skipped.
      int32_t size = 0;
      if (kind != 1 || !reader.i32le(size) || size < 4 ||
          !reader.skip(static_cast<size_t>(size) - 4))
        return Framing::invalid;
    }
  }
  if (!doc) return Framing::invalid;
  span.length = static_cast<size_t>(length);
  span.document_offset = doc_offset;
  span.document_size = doc->size_bytes();
  return Framing::complete;
}

std::string with_binary(std::string document, std::string_view name, std::string_view bytes) {
  if (document.size() < 5) return document;
  document.pop_back();  // the terminator
  document += static_cast<char>(bson::kBinary);
  document.append(name);
  document += '\0';
  put_i32le(document, static_cast<int32_t>(bytes.size()));
  document += '\0';  // subtype 0: generic binary
  document.append(bytes);
  document += '\0';
  std::string length;
  put_i32le(length, static_cast<int32_t>(document.size()));
  document.replace(0, 4, length);
  return document;
}

std::string hello_command(std::string_view sasl_supported_mechs_for) {
  bson::Writer writer;
  writer.append_int32("hello", 1);
  if (!sasl_supported_mechs_for.empty())
    writer.append_string("saslSupportedMechs", sasl_supported_mechs_for);
  writer.append_string("$db", "admin");
  return writer.finish();
}

std::string list_databases_command() {
  return bson::Writer()
      .append_int32("listDatabases", 1)
      .append_bool("nameOnly", false)
      .append_string("$db", "admin")
      .finish();
}

std::string get_cmd_line_opts_command() {
  return command_on("getCmdLineOpts", "admin");
}

std::string build_info_command() {
  return command_on("buildInfo", "admin");
}

std::string users_info_command(bool all_databases) {
  bson::Writer writer;
  if (all_databases)
    writer.append_document("usersInfo", bson::Writer().append_bool("forAllDBs", true).finish());
  else
    writer.append_int32("usersInfo", 1);
  return writer.append_bool("showPrivileges", false)
      .append_bool("showCredentials", false)
      .append_string("$db", "admin")
      .finish();
}

std::string sasl_start_command(std::string_view mechanism, std::string_view payload,
                               std::string_view database) {
  // Element order follows the auth spec's example; servers do not depend on it, except that
  // the command name comes first.
  std::string doc =
      bson::Writer().append_int32("saslStart", 1).append_string("mechanism", mechanism).finish();
  doc = with_binary(std::move(doc), "payload", payload);
  // Append the remaining fields by splicing a second writer's elements.
  const std::string rest =
      bson::Writer()
          .append_int32("autoAuthorize", 1)
          .append_document("options",
                           bson::Writer().append_bool("skipEmptyExchange", true).finish())
          .append_string("$db", database)
          .finish();
  doc.pop_back();
  doc.append(rest.substr(4));
  std::string length;
  put_i32le(length, static_cast<int32_t>(doc.size()));
  doc.replace(0, 4, length);
  return doc;
}

std::string sasl_continue_command(int32_t conversation_id, std::string_view payload,
                                  std::string_view database) {
  std::string doc = bson::Writer()
                        .append_int32("saslContinue", 1)
                        .append_int32("conversationId", conversation_id)
                        .finish();
  doc = with_binary(std::move(doc), "payload", payload);
  const std::string rest = bson::Writer().append_string("$db", database).finish();
  doc.pop_back();
  doc.append(rest.substr(4));
  std::string length;
  put_i32le(length, static_cast<int32_t>(doc.size()));
  doc.replace(0, 4, length);
  return doc;
}

CommandStatus command_status(const bson::Document& reply) {
  CommandStatus status;
  if (auto ok = reply.find("ok")) status.ok = ok->as_double().value_or(0) == 1.0;
  status.code = static_cast<int>(int_field(reply, "code").value_or(0));
  status.code_name = string_field(reply, "codeName").value_or("");
  status.errmsg = string_field(reply, "errmsg").value_or("");
  return status;
}

std::optional<HelloFacts> parse_hello(const bson::Document& reply) {
  if (!command_status(reply).ok) return std::nullopt;
  HelloFacts facts;
  facts.max_wire_version = static_cast<int>(int_field(reply, "maxWireVersion").value_or(0));
  if (auto mechs = sub_document(reply, "saslSupportedMechs")) {
    facts.sasl_mechs_present = true;
    mechs->for_each([&](const bson::Element& e) {
      if (auto s = e.as_string()) facts.sasl_mechs.emplace_back(*s);
    });
  }
  return facts;
}

std::optional<DatabaseSummary> parse_list_databases(const bson::Document& reply) {
  if (!command_status(reply).ok) return std::nullopt;
  auto databases = sub_document(reply, "databases");
  if (!databases) return std::nullopt;
  DatabaseSummary summary;
  int64_t summed = 0;
  databases->for_each([&](const bson::Element& e) {
    auto db = bson::Document::open(e);
    if (!db) return;
    ++summary.count;
    if (auto name = string_field(*db, "name")) summary.names.push_back(*name);
    const int64_t size = int_field(*db, "sizeOnDisk").value_or(0);
    if (size > 0 && summed <= INT64_MAX - size) summed += size;
  });
  // totalSize is documented as the sum of sizeOnDisk; older servers omit it.
  summary.total_size = int_field(reply, "totalSize").value_or(summed);
  if (summary.total_size < 0) summary.total_size = 0;
  return summary;
}

std::optional<StartupOptions> parse_cmd_line_opts(const bson::Document& reply) {
  if (!command_status(reply).ok) return std::nullopt;
  auto parsed = sub_document(reply, "parsed");
  if (!parsed) return std::nullopt;
  StartupOptions options;
  if (auto audit = sub_document(*parsed, "auditLog")) {
    options.audit_destination = string_field(*audit, "destination").value_or("");
    // An auditLog section without a destination does not enable auditing.
    options.audit_log = !options.audit_destination.empty();
  }
  if (auto net = sub_document(*parsed, "net")) {
    if (auto all = net->find("bindIpAll")) options.bind_ip_all = all->as_bool().value_or(false);
    if (auto ips = string_field(*net, "bindIp")) {
      std::string_view rest = *ips;
      while (!rest.empty()) {
        const size_t comma = rest.find(',');
        const std::string_view ip = trim(rest.substr(0, comma));
        if (!ip.empty()) options.bind_ips.emplace_back(ip);
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
      }
    }
  }
  return options;
}

std::optional<BuildFacts> parse_build_info(const bson::Document& reply) {
  if (!command_status(reply).ok) return std::nullopt;
  BuildFacts facts;
  facts.version = string_field(reply, "version").value_or("");
  if (auto modules = sub_document(reply, "modules")) {
    modules->for_each([&](const bson::Element& e) {
      if (e.as_string() == std::optional<std::string_view>("enterprise")) facts.enterprise = true;
    });
  }
  facts.percona = reply.find("psmdbVersion").has_value();
  return facts;
}

std::optional<std::vector<UserAccount>> parse_users_info(const bson::Document& reply) {
  if (!command_status(reply).ok) return std::nullopt;
  auto users = sub_document(reply, "users");
  if (!users) return std::nullopt;
  std::vector<UserAccount> accounts;
  users->for_each([&](const bson::Element& e) {
    auto user = bson::Document::open(e);
    if (!user) return;
    UserAccount account;
    account.user = string_field(*user, "user").value_or("");
    account.db = string_field(*user, "db").value_or("");
    if (auto roles = sub_document(*user, "roles")) {
      roles->for_each([&](const bson::Element& r) {
        auto role = bson::Document::open(r);
        if (!role) return;
        account.roles.push_back(
            {string_field(*role, "role").value_or(""), string_field(*role, "db").value_or("")});
      });
    }
    accounts.push_back(std::move(account));
  });
  return accounts;
}

bool is_superuser_role(const RoleGrant& grant) {
  // Built-in roles (https://www.mongodb.com/docs/manual/reference/built-in-roles/): these exist
  // only on admin, and userAdmin/dbOwner on admin can grant any role to any user.
  if (grant.db != "admin") return false;
  return grant.role == "root" || grant.role == "__system" || grant.role == "userAdminAnyDatabase" ||
         grant.role == "userAdmin" || grant.role == "dbOwner";
}

std::optional<SaslReply> parse_sasl_reply(const bson::Document& reply) {
  SaslReply sasl;
  sasl.status = command_status(reply);
  if (!sasl.status.ok) return sasl;
  const auto id = int_field(reply, "conversationId");
  auto payload = binary_field(reply, "payload");
  if (!id || !payload) return std::nullopt;
  sasl.conversation_id = static_cast<int32_t>(*id);
  sasl.payload = std::move(*payload);
  if (auto done = reply.find("done")) sasl.done = done->as_bool().value_or(false);
  return sasl;
}

std::optional<bson::Document> CommandReply::document() const {
  if (!error.empty() || span.document_size == 0) return std::nullopt;
  return bson::Document::parse(
      std::string_view(bytes).substr(span.document_offset, span.document_size));
}

}  // namespace paicha::services::mongodb
