#pragma once
// A MongoDB server for the audit and `pii db` tests, speaking OP_MSG (MongoDB Wire Protocol), the
// legacy OP_QUERY/OP_REPLY pair that drivers still use for the first hello of a connection, and
// the server side of SCRAM (RFC 5802 section 3 and 5, RFC 7677; MongoDB auth spec for
// skipEmptyExchange and the SCRAM-SHA-1 password digest). Replies carry the fields the MongoDB
// command reference documents for hello, listDatabases, getCmdLineOpts, buildInfo, usersInfo,
// saslStart and saslContinue, and the documented error shapes {ok: 0, errmsg, code, codeName}. It
// logs every command name and every saslStart per account, as mongod's log would.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "mock_tcp_server.h"
#include "services/mongodb/bson.h"
#include "services/mongodb/probe.h"
#include "services/mongodb/scram.h"
#include "services/mongodb/wire.h"
#include "services/probe_util.h"

namespace paicha::testing {

namespace mongo = services::mongodb;
namespace bson = services::bson;

struct MongoUser {
  std::string db = "admin";
  std::string user;
  std::string password;
  std::vector<std::string> mechanisms{"SCRAM-SHA-1", "SCRAM-SHA-256"};
  std::vector<std::pair<std::string, std::string>> roles;  // (role, db)
};

struct MongoMockConfig {
  bool auth = true;           // security.authorization: enabled
  int max_wire_version = 21;  // 7.0
  bool honour_skip_empty_exchange = true;
  std::vector<MongoUser> users;
  std::string bind_ip = "0.0.0.0";
  bool bind_ip_all = false;
  bool audit_log = false;
  bool enterprise = false;
  std::vector<std::pair<std::string, int64_t>> databases{
      {"admin", 40960}, {"config", 12288}, {"crm", 1610612736}};
};

struct MongoMockLog {
  std::mutex mutex;
  std::vector<std::string> commands;
  std::map<std::string, int> sasl_starts;  // per account, like mongod's "Authentication failed"
  int successful_logins = 0;

  std::vector<std::string> command_names() {
    std::lock_guard lock(mutex);
    return commands;
  }
  int starts_for(const std::string& user) {
    std::lock_guard lock(mutex);
    return sasl_starts.count(user) ? sasl_starts.at(user) : 0;
  }
};

// Appends one element of any type to a finished document.
inline std::string with_element(std::string doc, uint8_t type, std::string_view name,
                                std::string_view value) {
  doc.pop_back();
  doc += static_cast<char>(type);
  doc.append(name);
  doc += '\0';
  doc.append(value);
  doc += '\0';
  std::string length;
  services::put_i32le(length, static_cast<int32_t>(doc.size()));
  doc.replace(0, 4, length);
  return doc;
}

inline std::string string_array(const std::vector<std::string>& items) {
  bson::Writer writer;
  for (size_t i = 0; i < items.size(); ++i) writer.append_string(std::to_string(i), items[i]);
  return writer.finish();
}

inline std::string document_array(const std::vector<std::string>& docs) {
  bson::Writer writer;
  for (size_t i = 0; i < docs.size(); ++i) writer.append_document(std::to_string(i), docs[i]);
  return writer.finish();
}

inline std::string binary_value(std::string_view bytes) {
  std::string value;
  services::put_i32le(value, static_cast<int32_t>(bytes.size()));
  value += '\0';
  value.append(bytes);
  return value;
}

// OP_MSG reply (responseTo = the request's id).
inline std::string op_msg_reply(int32_t response_to, std::string_view document) {
  std::string out;
  services::put_i32le(out, static_cast<int32_t>(16 + 5 + document.size()));
  services::put_i32le(out, 9000 + response_to);
  services::put_i32le(out, response_to);
  services::put_i32le(out, mongo::kOpMsg);
  services::put_u32le(out, 0);
  services::put_u8(out, 0);
  out.append(document);
  return out;
}

inline constexpr int32_t kOpQuery = 2004;

// One client message: an OP_MSG with its body section (kind 0), or a legacy OP_QUERY. OP_QUERY
// is header(16), flags int32, fullCollectionName cstring, numberToSkip int32, numberToReturn
// int32, query document [, returnFieldsSelector document]; a query wrapped as {$query: {...}}
// carries its command inside.
struct MongoRequest {
  size_t length = 0;
  int32_t request_id = 0;
  int32_t op_code = 0;
  std::string_view document;  // the command
  std::string command;        // its first element's name
  std::string namespace_;     // OP_QUERY's fullCollectionName ("admin.$cmd")
};

inline mongo::Framing parse_request(std::string_view pending, MongoRequest& out) {
  services::ByteReader header(pending);
  int32_t length = 0, response_to = 0;
  if (!header.i32le(length) || !header.i32le(out.request_id) || !header.i32le(response_to) ||
      !header.i32le(out.op_code))
    return mongo::Framing::incomplete;
  if (out.op_code != kOpQuery) {
    mongo::ReplySpan span;
    const auto framing = mongo::frame_reply(pending, span);
    if (framing != mongo::Framing::complete || out.op_code != mongo::kOpMsg)
      return framing == mongo::Framing::incomplete ? framing : mongo::Framing::invalid;
    out.length = span.length;
    out.document = pending.substr(span.document_offset, span.document_size);
  } else {
    if (length < 16 + 4 + 2 + 8 + 5) return mongo::Framing::invalid;
    if (pending.size() < static_cast<size_t>(length)) return mongo::Framing::incomplete;
    const std::string_view message = pending.substr(0, static_cast<size_t>(length));
    const size_t name_end = message.find('\0', 20);
    if (name_end == std::string_view::npos || name_end + 1 + 8 + 5 > message.size())
      return mongo::Framing::invalid;
    out.namespace_ = std::string(message.substr(20, name_end - 20));
    const auto query = bson::Document::parse(message.substr(name_end + 1 + 8));
    if (!query) return mongo::Framing::invalid;
    out.length = static_cast<size_t>(length);
    out.document = message.substr(name_end + 1 + 8, query->size_bytes());
    if (auto inner = query->find("$query"); inner && inner->type == bson::kDocument)
      out.document = inner->value;
  }
  const auto doc = bson::Document::parse(out.document);
  if (!doc) return mongo::Framing::invalid;
  out.command.clear();
  doc->for_each([&](const bson::Element& e) {
    if (out.command.empty()) out.command = std::string(e.name);
  });
  return mongo::Framing::complete;
}

// OP_REPLY: header(16), responseFlags int32 (AwaitCapable, as servers since 1.6 set), cursorID
// int64 (0: a command reply has no cursor), startingFrom int32, numberReturned int32, documents.
inline std::string op_reply(int32_t response_to, std::string_view document) {
  std::string out;
  services::put_i32le(out, static_cast<int32_t>(16 + 20 + document.size()));
  services::put_i32le(out, 9000 + response_to);
  services::put_i32le(out, response_to);
  services::put_i32le(out, mongo::kOpReply);
  services::put_i32le(out, 8);
  services::put_u32le(out, 0);
  services::put_u32le(out, 0);
  services::put_i32le(out, 0);
  services::put_i32le(out, 1);
  out.append(document);
  return out;
}

// The reply in the request's own protocol.
inline std::string reply_to(const MongoRequest& request, std::string_view document) {
  return request.op_code == kOpQuery ? op_reply(request.request_id, document)
                                     : op_msg_reply(request.request_id, document);
}

inline std::string error_reply(int code, std::string_view code_name, std::string_view errmsg) {
  return bson::Writer()
      .append_double("ok", 0)
      .append_string("errmsg", errmsg)
      .append_int32("code", code)
      .append_string("codeName", code_name)
      .finish();
}

class MongoMockSession : public MockTcpServer::Session {
 public:
  MongoMockSession(const MongoMockConfig& config, MongoMockLog& log) : config_(config), log_(log) {}

  MockTcpServer::Step on_bytes(std::string_view pending) override {
    MongoRequest request;
    switch (parse_request(pending, request)) {
      case mongo::Framing::incomplete:
        return {};
      case mongo::Framing::invalid:  // e.g. a TLS ClientHello on this plaintext port
        return {pending.size(), {}, true};
      case mongo::Framing::complete:
        break;
    }
    const auto doc = bson::Document::parse(request.document);
    {
      std::lock_guard lock(log_.mutex);
      log_.commands.push_back(request.command);
    }
    // Servers since 3.6 take OP_QUERY commands only for the handshake (and 6.0 refuses the
    // rest with UnsupportedOpQueryCommand).
    if (request.op_code == kOpQuery && request.command != "hello" &&
        request.command != "isMaster" && request.command != "ismaster")
      return {request.length,
              reply_to(request, error_reply(352, "UnsupportedOpQueryCommand",
                                            "Unsupported OP_QUERY command: " + request.command))};
    return {request.length, reply_to(request, handle(request.command, *doc))};
  }

 private:
  static std::string field(const bson::Document& doc, std::string_view name) {
    auto e = doc.find(name);
    auto s = e ? e->as_string() : std::nullopt;
    return s ? std::string(*s) : std::string();
  }
  static std::string payload(const bson::Document& doc) {
    auto e = doc.find("payload");
    if (!e || e->type != bson::kBinary || e->value.size() < 5) return {};
    return std::string(e->value.substr(5));
  }

  const MongoUser* find_user(const std::string& db, const std::string& user) const {
    for (const auto& u : config_.users)
      if (u.db == db && u.user == user) return &u;
    return nullptr;
  }

  std::string handle(const std::string& command, const bson::Document& doc) {
    if (command == "hello" || command == "isMaster" || command == "ismaster")
      return hello(command, doc);
    if (command == "buildInfo") return build_info();
    if (command == "saslStart") return sasl_start(doc);
    if (command == "saslContinue") return sasl_continue(doc);
    if (command == "ping") return bson::Writer().append_double("ok", 1).finish();
    if (config_.auth && !authenticated_) {
      return error_reply(mongo::kUnauthorized, "Unauthorized",
                         "command " + command + " requires authentication");
    }
    // Drivers end their server sessions as they close; it ends sessions, it writes no data.
    if (command == "endSessions") return bson::Writer().append_double("ok", 1).finish();
    if (command == "listDatabases") return list_databases();
    if (command == "getCmdLineOpts") return cmd_line_opts();
    if (command == "usersInfo") return users_info();
    return error_reply(59, "CommandNotFound", "no such command: '" + command + "'");
  }

  // hello answers isWritablePrimary; the legacy isMaster answers ismaster, and helloOk only to
  // a client that sent helloOk (the hello command's spec). localTime is a UTC datetime.
  std::string hello(const std::string& command, const bson::Document& doc) const {
    const bool legacy = command != "hello";
    auto asked = doc.find("helloOk");
    bson::Writer writer;
    if (!legacy || (asked && asked->as_bool().value_or(false))) writer.append_bool("helloOk", true);
    writer.append_bool(legacy ? "ismaster" : "isWritablePrimary", true)
        .append_int32("maxBsonObjectSize", 16777216)
        .append_int32("maxMessageSizeBytes", 48000000)
        .append_int32("maxWriteBatchSize", 100000);
    std::string reply = writer.finish();
    std::string now;
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
    services::put_u32le(now, static_cast<uint32_t>(static_cast<uint64_t>(ms)));
    services::put_u32le(now, static_cast<uint32_t>(static_cast<uint64_t>(ms) >> 32));
    reply = with_element(reply, bson::kDateTime, "localTime", now);
    reply.pop_back();
    reply.append(bson::Writer()
                     .append_int32("logicalSessionTimeoutMinutes", 30)
                     .append_int32("connectionId", connection_id_)
                     .append_int32("minWireVersion", 0)
                     .append_int32("maxWireVersion", config_.max_wire_version)
                     .append_bool("readOnly", false)
                     .append_double("ok", 1)
                     .finish()
                     .substr(4));
    std::string length;
    services::put_i32le(length, static_cast<int32_t>(reply.size()));
    reply.replace(0, 4, length);
    const std::string qualified = field(doc, "saslSupportedMechs");
    const size_t dot = qualified.find('.');
    if (dot != std::string::npos && config_.max_wire_version >= 7) {
      if (const MongoUser* user = find_user(qualified.substr(0, dot), qualified.substr(dot + 1)))
        reply =
            with_element(reply, bson::kArray, "saslSupportedMechs", string_array(user->mechanisms));
    }
    return reply;
  }

  std::string build_info() const {
    std::vector<std::string> modules;
    if (config_.enterprise) modules.push_back("enterprise");
    std::string reply = bson::Writer().append_string("version", "7.0.5").finish();
    reply = with_element(reply, bson::kArray, "modules", string_array(modules));
    return with_element(reply, bson::kDouble, "ok", std::string("\0\0\0\0\0\0\xf0\x3f", 8));
  }

  std::string list_databases() const {
    std::vector<std::string> dbs;
    int64_t total = 0;
    for (const auto& [name, size] : config_.databases) {
      dbs.push_back(bson::Writer()
                        .append_string("name", name)
                        .append_int64("sizeOnDisk", size)
                        .append_bool("empty", false)
                        .finish());
      total += size;
    }
    std::string reply =
        with_element(bson::Writer().finish(), bson::kArray, "databases", document_array(dbs));
    std::string tail = bson::Writer()
                           .append_int64("totalSize", total)
                           .append_int64("totalSizeMb", total / (1024 * 1024))
                           .append_double("ok", 1)
                           .finish();
    reply.pop_back();
    reply.append(tail.substr(4));
    std::string length;
    services::put_i32le(length, static_cast<int32_t>(reply.size()));
    return reply.replace(0, 4, length);
  }

  std::string cmd_line_opts() const {
    bson::Writer net;
    if (config_.bind_ip_all)
      net.append_bool("bindIpAll", true);
    else
      net.append_string("bindIp", config_.bind_ip);
    net.append_int32("port", 27017);
    bson::Writer parsed;
    parsed.append_string("config", "/etc/mongod.conf").append_document("net", net.finish());
    if (config_.audit_log)
      parsed.append_document("auditLog", bson::Writer()
                                             .append_string("destination", "file")
                                             .append_string("format", "JSON")
                                             .append_string("path", "/var/log/mongodb/audit.json")
                                             .finish());
    parsed.append_document(
        "security", bson::Writer()
                        .append_string("authorization", config_.auth ? "enabled" : "disabled")
                        .finish());
    std::string reply = with_element(bson::Writer().finish(), bson::kArray, "argv",
                                     string_array({"mongod", "--config", "/etc/mongod.conf"}));
    std::string tail =
        bson::Writer().append_document("parsed", parsed.finish()).append_double("ok", 1).finish();
    reply.pop_back();
    reply.append(tail.substr(4));
    std::string length;
    services::put_i32le(length, static_cast<int32_t>(reply.size()));
    return reply.replace(0, 4, length);
  }

  std::string users_info() const {
    std::vector<std::string> users;
    for (const auto& u : config_.users) {
      std::vector<std::string> roles;
      for (const auto& [role, db] : u.roles)
        roles.push_back(
            bson::Writer().append_string("role", role).append_string("db", db).finish());
      std::string user = bson::Writer()
                             .append_string("_id", u.db + "." + u.user)
                             .append_string("user", u.user)
                             .append_string("db", u.db)
                             .finish();
      user = with_element(user, bson::kArray, "roles", document_array(roles));
      user = with_element(user, bson::kArray, "mechanisms", string_array(u.mechanisms));
      users.push_back(user);
    }
    std::string reply =
        with_element(bson::Writer().finish(), bson::kArray, "users", document_array(users));
    return with_element(reply, bson::kDouble, "ok", std::string("\0\0\0\0\0\0\xf0\x3f", 8));
  }

  std::string sasl_start(const bson::Document& doc) {
    const std::string mechanism = field(doc, "mechanism");
    const std::string db = field(doc, "$db");
    const std::string first = payload(doc);
    if (first.rfind("n,,", 0) != 0) return error_reply(2, "BadValue", "bad SCRAM client-first");
    client_first_bare_ = first.substr(3);
    const auto name = mongo::scram_attribute(client_first_bare_, 'n');
    const auto nonce = mongo::scram_attribute(client_first_bare_, 'r');
    if (!name || !nonce) return error_reply(2, "BadValue", "bad SCRAM client-first");
    user_name_ = std::string(*name);  // test accounts need no =2C/=3D unescaping
    {
      std::lock_guard lock(log_.mutex);
      ++log_.sasl_starts[user_name_];
    }
    user_ = find_user(db, user_name_);
    hash_ = mechanism == "SCRAM-SHA-1" ? mongo::ScramHash::sha1 : mongo::ScramHash::sha256;
    if (!user_)
      return error_reply(mongo::kAuthenticationFailed, "AuthenticationFailed",
                         "Authentication failed.");
    if (std::find(user_->mechanisms.begin(), user_->mechanisms.end(), mechanism) ==
        user_->mechanisms.end())
      return error_reply(334, "MechanismUnavailable", "Unable to use " + mechanism);
    auto skip = doc.find("options");
    if (auto options = skip ? bson::Document::open(*skip) : std::nullopt)
      if (auto flag = options->find("skipEmptyExchange"))
        skip_empty_ = flag->as_bool().value_or(false);
    // mongod's salt is as long as the hash less 4 bytes (16 for SHA-1, 28 for SHA-256), and
    // drivers such as libmongoc refuse any other length.
    salt_ = "mock-salt-" + user_->user;
    salt_.resize(hash_ == mongo::ScramHash::sha1 ? 16 : 28, '.');
    server_first_ = "r=" + std::string(*nonce) +
                    "Zq8mockServerNonce,s=" + mongo::base64_encode(salt_) + ",i=4096";
    stage_ = 1;
    return sasl_reply(server_first_, false);
  }

  std::string sasl_continue(const bson::Document& doc) {
    if (stage_ == 2) {
      stage_ = 0;
      authenticated_ = true;
      return sasl_reply("", true);
    }
    if (stage_ != 1) return error_reply(17, "ProtocolError", "No SASL session state found");
    const std::string final_message = payload(doc);
    const size_t proof_at = final_message.find(",p=");
    const auto proof =
        mongo::base64_decode(mongo::scram_attribute(final_message, 'p').value_or(""));
    const auto password = mongo::scram_password(hash_, user_->user, user_->password);
    if (proof_at == std::string::npos || !proof || !password) return failed();
    const std::string auth_message =
        client_first_bare_ + "," + server_first_ + "," + final_message.substr(0, proof_at);
    const std::string salted = mongo::scram_hi(hash_, *password, salt_, 4096);
    const std::string stored_key =
        mongo::scram_digest(hash_, mongo::scram_hmac(hash_, salted, "Client Key"));
    const std::string signature = mongo::scram_hmac(hash_, stored_key, auth_message);
    std::string client_key = *proof;
    for (size_t i = 0; i < client_key.size() && i < signature.size(); ++i)
      client_key[i] = static_cast<char>(client_key[i] ^ signature[i]);
    if (mongo::scram_digest(hash_, client_key) != stored_key) return failed();
    const std::string server_key = mongo::scram_hmac(hash_, salted, "Server Key");
    const std::string verifier =
        "v=" + mongo::base64_encode(mongo::scram_hmac(hash_, server_key, auth_message));
    {
      std::lock_guard lock(log_.mutex);
      ++log_.successful_logins;
    }
    if (skip_empty_ && config_.honour_skip_empty_exchange) {
      stage_ = 0;
      authenticated_ = true;
      return sasl_reply(verifier, true);
    }
    stage_ = 2;
    return sasl_reply(verifier, false);
  }

  std::string failed() {
    stage_ = 0;
    return error_reply(mongo::kAuthenticationFailed, "AuthenticationFailed",
                       "Authentication failed.");
  }

  static std::string sasl_reply(std::string_view payload_bytes, bool done) {
    std::string reply =
        bson::Writer().append_int32("conversationId", 1).append_bool("done", done).finish();
    reply = with_element(reply, bson::kBinary, "payload", binary_value(payload_bytes));
    return with_element(reply, bson::kDouble, "ok", std::string("\0\0\0\0\0\0\xf0\x3f", 8));
  }

  static int32_t next_connection_id() {
    static std::atomic<int32_t> next{1};
    return next++;
  }

  const MongoMockConfig& config_;
  MongoMockLog& log_;
  const int32_t connection_id_ = next_connection_id();
  bool authenticated_ = false;
  int stage_ = 0;  // 1: awaiting client-final; 2: awaiting the empty exchange
  bool skip_empty_ = false;
  const MongoUser* user_ = nullptr;
  std::string user_name_;
  mongo::ScramHash hash_ = mongo::ScramHash::sha256;
  std::string client_first_bare_;
  std::string server_first_;
  std::string salt_;
};

// A MongoDB server on 127.0.0.1 (plaintext, or TLS-only like net.tls.mode: requireTLS).
class MongoMock {
 public:
  explicit MongoMock(MongoMockConfig config, bool tls = false)
      : config_(std::move(config)),
        server_([this] { return std::make_unique<MongoMockSession>(config_, log_); }, tls) {}
  asio::ip::tcp::endpoint endpoint() const { return server_.endpoint(); }
  MongoMockLog& log() { return log_; }

 private:
  MongoMockConfig config_;
  MongoMockLog log_;
  MockTcpServer server_;
};

}  // namespace paicha::testing
