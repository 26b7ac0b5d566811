// MongoDB over the raw OP_MSG code of the audit (services/mongodb): listDatabases,
// listCollections, count, find with a limit and maxTimeMS, and for exact counts find and
// getMore over the whole collection (killCursors when a scan stops early) — reading commands
// only. Each collection is a table; document fields, nested ones as dotted paths
// ("address.city", arrays as "phones[]"), are its columns. With a password it logs in with
// SCRAM-SHA-256 (else SCRAM-SHA-1) against authSource (default admin) first.
#include <fmt/format.h>
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <map>
#include <memory>
#include <set>

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
constexpr int64_t kScanBatch = 1000;
// maxMessageSizeBytes of every server since 2.6. A find or getMore batch holds up to 16 MiB of
// documents, so its reply can be a little longer than the audit's own limit.
constexpr int32_t kMaxMessageBytes = 48000000;

class MongoSampler : public DocumentSampler {
 public:
  MongoSampler(Dsn dsn, const Login& login, SamplerOptions options)
      : dsn_(std::move(dsn)), login_(login), options_(options) {
    open();
  }
  ~MongoSampler() override { drop(); }

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

  // The whole collection: find with a projection, then getMore on its cursor until the server
  // reports the cursor exhausted (id 0). maxTimeMS goes on find only: for a cursor that is not
  // tailable it bounds find and all its getMores together, and servers refuse it on such a
  // getMore; so one limit covers the scan, as statement_timeout covers PostgreSQL's one COPY.
  uint64_t scan_all(const TableInfo& t, const std::vector<size_t>& columns,
                    const RowSink& sink) override {
    RowStream stream(t, columns, sink);
    const FieldSink fields = stream.fields();
    Cursor cursor{0, t.name};
    try {
      bson::Writer find;
      find.append_string("find", t.name);
      if (auto p = projection(t, columns)) find.append_document("projection", *p);
      find.append_int64("batchSize", kScanBatch)
          .append_int64("maxTimeMS", options_.statement_timeout_ms)
          .append_string("$db", t.database);
      cursor = read_batch(command(find.finish()), "firstBatch", t.name, fields, stream);
      while (cursor.id != 0)
        cursor = read_batch(command(bson::Writer()
                                        .append_int64("getMore", cursor.id)
                                        .append_string("collection", cursor.collection)
                                        .append_int64("batchSize", kScanBatch)
                                        .append_string("$db", t.database)
                                        .finish()),
                            "nextBatch", cursor.collection, fields, stream);
    } catch (const std::exception& e) {
      if (cursor.id != 0) kill_cursor(t.database, cursor);
      throw RuntimeError(fmt::format("{} {}.{}: {}",
                                     tr("无法读完集合", "cannot read all of collection"),
                                     t.database, t.name, e.what()));
    }
    return stream.documents();
  }

 private:
  struct Cursor {
    int64_t id = 0;
    std::string collection;  // what getMore and killCursors name
  };

  void open() {
    connect();
    if (!login_.password.empty()) authenticate(login_);
  }

  // After a send, receive or framing failure the stream may hold the rest of a reply that
  // would be taken for the next command's; the next command opens a new connection instead.
  void drop() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

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
    if (fd_ < 0 || ::connect(fd_, found->ai_addr, found->ai_addrlen) != 0) {
      const int error = errno;
      drop();
      throw RuntimeError(fmt::format("{} {}: {}", tr("无法连接", "cannot connect to"),
                                     dsn_.masked(), std::strerror(error)));
    }
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
    if (fd_ < 0) open();
    std::string message = mongo::op_msg(++request_id_, document);
    for (size_t sent = 0; sent < message.size();) {
      ssize_t n = ::send(fd_, message.data() + sent, message.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) fail_io("send");
      sent += static_cast<size_t>(n);
    }
    std::string buffer;
    mongo::ReplySpan span;
    while (true) {
      auto framing = mongo::frame_reply(buffer, span, kMaxMessageBytes);
      if (framing == mongo::Framing::complete) break;
      if (framing == mongo::Framing::invalid) {
        drop();
        throw RuntimeError(fmt::format("{}: {}", dsn_.masked(),
                                       tr("无效的 MongoDB 应答", "invalid MongoDB reply")));
      }
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
    const int error = errno;
    drop();
    throw RuntimeError(fmt::format("{}: {}: {}", dsn_.masked(), what,
                                   error ? std::strerror(error) : "connection closed"));
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

  void flatten(const bson::Document& doc, const std::string& prefix, bool array, int depth,
               const FieldSink& out) const {
    doc.for_each([&](const bson::Element& e) {
      const std::string path = array            ? prefix + "[]"
                               : prefix.empty() ? std::string(e.name)
                                                : prefix + "." + std::string(e.name);
      if (e.type == bson::kDocument || e.type == bson::kArray) {
        if (depth >= kMaxDepth) return;
        if (auto inner = bson::Document::open(e))
          flatten(*inner, path, e.type == bson::kArray, depth + 1, out);
        return;
      }
      std::string value;
      if (auto s = e.as_string())
        value = std::string(s->substr(0, options_.max_value_bytes));
      else if (e.type == bson::kInt32 || e.type == bson::kInt64)
        value = std::to_string(*e.as_int());
      else
        return;  // ObjectId, dates, binary: not personal data as text
      out(path, std::move(value));
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
      flatten(*doc, "", false, 0, into_row(t, rows.emplace_back()));
    });
  }

  // {field: 1} for the top-level field of each requested path, and _id left out unless asked
  // for: the documents shrink to what is counted. A name that projection would read as an
  // operator ("$x") cannot be projected; then whole documents are read.
  static std::optional<std::string> projection(const TableInfo& t,
                                               const std::vector<size_t>& columns) {
    std::set<std::string> fields;
    for (size_t i : columns) {
      const std::string& path = t.columns.at(i).name;
      std::string top = path.substr(0, path.find_first_of(".["));
      if (top.empty() || top.front() == '$') return std::nullopt;
      fields.insert(std::move(top));
    }
    bson::Writer writer;
    if (!fields.count("_id")) writer.append_int32("_id", 0);
    for (const auto& field : fields) writer.append_int32(field, 1);
    return writer.finish();
  }

  // One batch of a find (firstBatch) or getMore (nextBatch) reply into `stream`; returns the
  // cursor to continue with. The reply's ns names the collection getMore must name, as the
  // drivers' find/getMore specification has it.
  Cursor read_batch(const std::string& reply, std::string_view batch_name,
                    const std::string& collection, const FieldSink& fields, RowStream& stream) {
    auto doc = bson::Document::parse(reply);
    auto element = doc ? doc->find("cursor") : std::nullopt;
    auto cursor = element ? bson::Document::open(*element) : std::nullopt;
    auto id = cursor ? cursor->find("id") : std::nullopt;
    auto batch_element = cursor ? cursor->find(batch_name) : std::nullopt;
    auto batch = batch_element && batch_element->type == bson::kArray
                     ? bson::Document::open(*batch_element)
                     : std::nullopt;
    if (!id || !id->as_int() || !batch)
      throw RuntimeError(fmt::format("{}: {} ({})", dsn_.masked(),
                                     tr("无效的游标应答", "invalid cursor reply"), batch_name));
    Cursor next{*id->as_int(), collection};
    if (auto ns = cursor->find("ns"); ns && ns->as_string())
      if (size_t dot = ns->as_string()->find('.'); dot != std::string_view::npos)
        next.collection = std::string(ns->as_string()->substr(dot + 1));
    batch->for_each([&](const bson::Element& e) {
      if (auto d = bson::Document::open(e)) flatten(*d, "", false, 0, fields);
      stream.end_document();
    });
    return next;
  }

  // A cursor left open holds server resources until it has been idle for ten minutes; closing
  // it is the reader's own cleanup. Not on a failed connection: nothing more can be sent on it.
  void kill_cursor(const std::string& db, const Cursor& cursor) noexcept {
    if (fd_ < 0) return;
    try {
      command(bson::Writer()
                  .append_string("killCursors", cursor.collection)
                  .append_array("cursors", bson::Writer().append_int64("0", cursor.id).finish())
                  .append_string("$db", db)
                  .finish());
    } catch (const std::exception&) {  // the scan's own error is the one to report
    }
  }

  Dsn dsn_;
  Login login_;
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
