// MongoDB over the raw OP_MSG code of the audit (services/mongodb): listDatabases,
// listCollections, count and find with a limit and maxTimeMS — reading commands only. Each
// collection is a table; document fields, nested ones as dotted paths ("address.city",
// arrays as "phones[]"), are its columns. With a password it logs in with SCRAM-SHA-256 (else
// SCRAM-SHA-1) against authSource (default admin) first.
#include <fmt/format.h>
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <map>
#include <memory>

#include "core/errors.h"
#include "core/i18n.h"
#include "services/mongodb/bson.h"
#include "services/mongodb/scram.h"
#include "services/mongodb/wire.h"
#include "sources/db/document_sampler.h"

namespace paicha::sources::db {

namespace {

namespace bson = services::bson;
namespace mongo = services::mongodb;

constexpr int kMaxDepth = 8;

class MongoSampler : public DocumentSampler {
 public:
  MongoSampler(Dsn dsn, const Login& login, SamplerOptions options)
      : dsn_(std::move(dsn)), options_(options) {
    connect();
    if (!login.password.empty()) authenticate(login);
  }
  ~MongoSampler() override {
    if (fd_ >= 0) ::close(fd_);
  }

  bool can_scan_all() const override { return false; }

  std::vector<TableInfo> tables() override {
    std::vector<std::string> databases;
    if (!dsn_.database.empty()) {
      databases.push_back(dsn_.database);
    } else {
      std::string reply = command(mongo::list_databases_command());
      auto summary = mongo::parse_list_databases(*bson::Document::parse(reply));
      if (summary)
        for (const auto& name : summary->names)
          if (name != "admin" && name != "config" && name != "local") databases.push_back(name);
    }
    std::vector<TableInfo> out;
    for (const auto& db : databases) {
      std::string reply = command(bson::Writer()
                                      .append_int32("listCollections", 1)
                                      .append_bool("authorizedCollections", true)
                                      .append_string("$db", db)
                                      .finish());
      for (const auto& name : first_batch_names(reply)) {
        TableInfo t;
        t.database = db;
        t.name = name;
        t.rows = count(db, name);
        t.rows_estimated = true;  // count without a query reads the collection's metadata
        t.bytes = collection_bytes(db, name);
        read_documents(t, new_collection(t));
        out.push_back(std::move(t));
      }
    }
    return out;
  }

 private:
  void connect() {
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    const std::string port = std::to_string(dsn_.port);
    if (getaddrinfo(dsn_.host.c_str(), port.c_str(), &hints, &found) != 0 || !found)
      throw RuntimeError(
          fmt::format("{} {}: {}", tr("无法解析", "cannot resolve"), dsn_.masked(), dsn_.host));
    std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> guard(found, freeaddrinfo);
    fd_ = ::socket(found->ai_family, SOCK_STREAM, 0);
    timeval tv{static_cast<time_t>(options_.statement_timeout_ms / 1000 + 1), 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (fd_ < 0 || ::connect(fd_, found->ai_addr, found->ai_addrlen) != 0)
      throw RuntimeError(fmt::format("{} {}: {}", tr("无法连接", "cannot connect to"),
                                     dsn_.masked(), std::strerror(errno)));
  }

  // SCRAM-SHA-256 (SCRAM-SHA-1 for servers before 4.0 that refuse it), as the Driver
  // Authentication spec describes; the server's signature is verified, so a server that does not
  // know the password is never trusted with the session.
  void authenticate(const Login& login) {
    const auto param = dsn_.params.find("authSource");
    const std::string auth_db = param != dsn_.params.end() ? param->second : "admin";
    std::string last_error;
    for (const mongo::ScramHash hash : {mongo::ScramHash::sha256, mongo::ScramHash::sha1}) {
      try {
        scram_conversation(hash, login, auth_db);
        return;
      } catch (const RuntimeError& e) {
        last_error = e.what();
        if (last_error.find("MechanismUnavailable") == std::string::npos) break;
      }
    }
    throw RuntimeError(last_error);
  }

  void scram_conversation(mongo::ScramHash hash, const Login& login, const std::string& auth_db) {
    const auto prepared = mongo::scram_password(hash, login.user, login.password);
    if (!prepared) fail_auth("password not allowed by SASLprep");
    mongo::ScramClient client(hash, login.user, *prepared, mongo::random_nonce());
    auto sasl = sasl_step(
        mongo::sasl_start_command(mongo::mechanism_name(hash), client.client_first(), auth_db));
    std::string error;
    if (!client.accept_server_first(sasl.payload, error)) fail_auth(error);
    sasl = sasl_step(mongo::sasl_continue_command(
        sasl.conversation_id, client.client_final(client.salted_password()), auth_db));
    if (!client.verify_server_final(sasl.payload)) fail_auth("server signature did not verify");
    for (int round = 0; !sasl.done && round < 2; ++round)
      sasl = sasl_step(mongo::sasl_continue_command(sasl.conversation_id, "", auth_db));
    if (!sasl.done) fail_auth("SASL conversation did not finish");
  }

  mongo::SaslReply sasl_step(const std::string& document) {
    const std::string body = command(document);  // throws with the server's errmsg
    auto doc = bson::Document::parse(body);
    auto sasl = doc ? mongo::parse_sasl_reply(*doc) : std::nullopt;
    if (!sasl) fail_auth("malformed SASL reply");
    return *sasl;
  }

  [[noreturn]] void fail_auth(const std::string& why) {
    throw RuntimeError(fmt::format("{}: {}: {}", dsn_.masked(),
                                   tr("MongoDB 登录失败", "MongoDB login failed"), why));
  }

  // Sends one command document; returns the reply's body document bytes, or throws naming
  // the command and the server's errmsg.
  std::string command(const std::string& document) {
    std::string message = mongo::op_msg(++request_id_, document);
    for (size_t sent = 0; sent < message.size();) {
      ssize_t n = ::send(fd_, message.data() + sent, message.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) fail_io("send");
      sent += static_cast<size_t>(n);
    }
    std::string buffer;
    mongo::ReplySpan span;
    while (true) {
      auto framing = mongo::frame_reply(buffer, span);
      if (framing == mongo::Framing::complete) break;
      if (framing == mongo::Framing::invalid)
        throw RuntimeError(fmt::format("{}: {}", dsn_.masked(),
                                       tr("无效的 MongoDB 应答", "invalid MongoDB reply")));
      char chunk[65536];
      ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n <= 0) fail_io("recv");
      buffer.append(chunk, static_cast<size_t>(n));
    }
    std::string body = buffer.substr(span.document_offset, span.document_size);
    auto doc = bson::Document::parse(body);
    if (!doc)
      throw RuntimeError(
          fmt::format("{}: {}", dsn_.masked(), tr("无效的 BSON 应答", "invalid BSON reply")));
    auto status = mongo::command_status(*doc);
    if (!status.ok) {
      std::string name;
      if (auto d = bson::Document::parse(document))
        d->for_each([&](const bson::Element& e) {
          if (name.empty()) name = std::string(e.name);
        });
      throw RuntimeError(
          fmt::format("{}: {}: {} ({})", dsn_.masked(), name, status.errmsg, status.code_name));
    }
    return body;
  }

  [[noreturn]] void fail_io(const char* what) {
    throw RuntimeError(fmt::format("{}: {}: {}", dsn_.masked(), what,
                                   errno ? std::strerror(errno) : "connection closed"));
  }

  static std::optional<bson::Document> first_batch(const bson::Document& reply) {
    auto cursor = reply.find("cursor");
    if (!cursor) return std::nullopt;
    auto c = bson::Document::open(*cursor);
    if (!c) return std::nullopt;
    auto batch = c->find("firstBatch");
    return batch ? bson::Document::open(*batch) : std::nullopt;
  }

  std::vector<std::string> first_batch_names(const std::string& reply) {
    std::vector<std::string> names;
    auto batch = first_batch(*bson::Document::parse(reply));
    if (!batch) return names;
    batch->for_each([&](const bson::Element& e) {
      auto info = bson::Document::open(e);
      if (!info) return;
      auto name = info->find("name");
      auto type = info->find("type");
      auto type_name = type ? type->as_string() : std::nullopt;
      if (name && name->as_string() && (!type_name || *type_name == "collection"))
        names.emplace_back(*name->as_string());
    });
    return names;
  }

  uint64_t count(const std::string& db, const std::string& collection) {
    std::string reply = command(bson::Writer()
                                    .append_string("count", collection)
                                    .append_int64("maxTimeMS", options_.statement_timeout_ms)
                                    .append_string("$db", db)
                                    .finish());
    auto n = bson::Document::parse(reply)->find("n");
    auto value = n ? n->as_int() : std::nullopt;
    return value && *value > 0 ? static_cast<uint64_t>(*value) : 0;
  }

  uint64_t collection_bytes(const std::string& db, const std::string& collection) {
    try {
      std::string reply = command(
          bson::Writer().append_string("collStats", collection).append_string("$db", db).finish());
      auto doc = bson::Document::parse(reply);
      uint64_t bytes = 0;
      for (const char* key : {"storageSize", "totalIndexSize"})
        if (auto e = doc->find(key); e && e->as_int()) bytes += static_cast<uint64_t>(*e->as_int());
      return bytes;
    } catch (const RuntimeError&) {
      return 0;  // collStats is optional (removed in newer servers, or not permitted)
    }
  }

  void flatten(TableInfo& t, Row& row, const bson::Document& doc, const std::string& prefix,
               bool array, int depth) {
    doc.for_each([&](const bson::Element& e) {
      const std::string path = array            ? prefix + "[]"
                               : prefix.empty() ? std::string(e.name)
                                                : prefix + "." + std::string(e.name);
      if (e.type == bson::kDocument || e.type == bson::kArray) {
        if (depth >= kMaxDepth) return;
        if (auto inner = bson::Document::open(e))
          flatten(t, row, *inner, path, e.type == bson::kArray, depth + 1);
        return;
      }
      std::string value;
      if (auto s = e.as_string())
        value = std::string(s->substr(0, options_.max_value_bytes));
      else if (e.type == bson::kInt32 || e.type == bson::kInt64)
        value = std::to_string(*e.as_int());
      else
        return;  // ObjectId, dates, binary: not personal data as text
      row.emplace_back(column(t, path), std::move(value));
    });
  }

  void read_documents(TableInfo& t, std::vector<Row>& rows) {
    const auto limit = static_cast<int64_t>(options_.sample_rows);
    std::string reply = command(bson::Writer()
                                    .append_string("find", t.name)
                                    .append_int64("limit", limit)
                                    .append_int64("batchSize", limit)
                                    .append_bool("singleBatch", true)
                                    .append_int64("maxTimeMS", options_.statement_timeout_ms)
                                    .append_string("$db", t.database)
                                    .finish());
    auto batch = first_batch(*bson::Document::parse(reply));
    if (!batch) return;
    batch->for_each([&](const bson::Element& e) {
      auto doc = bson::Document::open(e);
      if (!doc) return;
      Row& row = rows.emplace_back();
      flatten(t, row, *doc, "", false, 0);
    });
  }

  Dsn dsn_;
  SamplerOptions options_;
  int fd_ = -1;
  int32_t request_id_ = 0;
};

}  // namespace

std::unique_ptr<Sampler> open_mongodb_sampler(const Dsn& dsn, const Login& login,
                                              const SamplerOptions& options) {
  return std::make_unique<MongoSampler>(dsn, login, options);
}

}  // namespace paicha::sources::db
