// MongoDB through libmongoc: listDatabases, listCollections, count, collStats, find with a
// limit and maxTimeMS, and for exact counts a find cursor over the whole collection (the driver
// sends getMore, and killCursors when a scan stops early) — reading commands only. Each
// collection is a table; document fields, nested ones as dotted paths ("address.city", arrays
// as "phones[]"), are its columns. With a password the driver logs in (SCRAM-SHA-256, else
// SCRAM-SHA-1, as the server offers) against authSource (default admin) first.
#include <bson/bson.h>
#include <fmt/format.h>
#include <mongoc/mongoc.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <memory>
#include <set>

#include "core/errors.h"
#include "core/i18n.h"
#include "sources/db/document_sampler.h"

namespace paicha::sources::db {

namespace {

constexpr int kMaxDepth = 8;
constexpr int64_t kScanBatch = 1000;
// The socket waits this much longer than maxTimeMS, so a slow command ends with the server's
// own MaxTimeMSExpired (which names the command) rather than a bare network timeout.
constexpr unsigned kSocketMarginMs = 5000;

template <auto Free>
struct Deleter {
  template <typename T>
  void operator()(T* p) const noexcept {
    Free(p);
  }
};
using UriPtr = std::unique_ptr<mongoc_uri_t, Deleter<mongoc_uri_destroy>>;
using ClientPtr = std::unique_ptr<mongoc_client_t, Deleter<mongoc_client_destroy>>;
using DatabasePtr = std::unique_ptr<mongoc_database_t, Deleter<mongoc_database_destroy>>;
using CollectionPtr = std::unique_ptr<mongoc_collection_t, Deleter<mongoc_collection_destroy>>;
using CursorPtr = std::unique_ptr<mongoc_cursor_t, Deleter<mongoc_cursor_destroy>>;
using ApmPtr = std::unique_ptr<mongoc_apm_callbacks_t, Deleter<mongoc_apm_callbacks_destroy>>;
using NamesPtr = std::unique_ptr<char*, Deleter<bson_strfreev>>;

// A bson_t on the stack that is always destroyed; bson_destroy on a BSON_INITIALIZER value or
// on a reply the driver initialised (it does so even on failure) is safe.
struct Bson {
  bson_t b = BSON_INITIALIZER;
  Bson() = default;
  Bson(const Bson&) = delete;
  Bson& operator=(const Bson&) = delete;
  ~Bson() { bson_destroy(&b); }
  bson_t* get() { return &b; }
};

void init_driver() {
  static const bool once = [] {
    // The driver's own log lines would interleave with the report on stderr; every failure
    // reaches the user through bson_error_t instead, with the masked DSN.
    mongoc_log_set_handler(nullptr, nullptr);
    mongoc_init();
    // Frees the driver's global state (TLS context, counters) at exit, so leak checkers see a
    // clean process.
    std::atexit(mongoc_cleanup);
    return true;
  }();
  (void)once;
}

std::string string_field(const bson_t* doc, const char* key) {
  bson_iter_t it;
  if (doc && bson_iter_init_find(&it, doc, key) && BSON_ITER_HOLDS_UTF8(&it))
    return bson_iter_utf8(&it, nullptr);
  return {};
}

int64_t number_field(const bson_t* doc, const char* key) {
  bson_iter_t it;
  if (doc && bson_iter_init_find(&it, doc, key) && BSON_ITER_HOLDS_NUMBER(&it))
    return bson_iter_as_int64(&it);
  return 0;
}

bool truthy(const std::map<std::string, std::string>& params, const char* key) {
  auto it = params.find(key);
  if (it == params.end()) return false;
  std::string v = it->second;
  std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return std::tolower(c); });
  return v == "true" || v == "1" || v == "yes";
}

class MongoSampler : public DocumentSampler {
 public:
  MongoSampler(Dsn dsn, const Login& login, SamplerOptions options)
      : dsn_(std::move(dsn)), options_(options) {
    init_driver();
    open(login);
  }

  std::vector<TableInfo> tables() override {
    std::vector<std::string> databases;
    if (!dsn_.database.empty()) {
      databases.push_back(dsn_.database);
    } else {
      Bson opts;
      BSON_APPEND_BOOL(opts.get(), "authorizedDatabases", true);
      bson_error_t error;
      NamesPtr names(mongoc_client_get_database_names_with_opts(client_.get(), opts.get(), &error));
      if (!names) fail("listDatabases", error, nullptr);
      for (char** name = names.get(); *name; ++name)
        if (std::string_view n = *name; n != "admin" && n != "config" && n != "local")
          databases.emplace_back(n);
    }
    std::vector<TableInfo> out;
    for (const auto& db : databases) {
      for (const auto& name : collection_names(db)) {
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

  // The whole collection through one find cursor; the driver continues it with getMore until
  // the server reports it exhausted. maxTimeMS goes on find only: for a cursor that is not
  // tailable it bounds find and all its getMores together, and servers refuse it on such a
  // getMore; so one limit covers the scan, as statement_timeout covers PostgreSQL's one COPY.
  // Destroying a cursor the server still holds sends killCursors: a scan that stops early
  // leaves nothing open on the server.
  uint64_t scan_all(const TableInfo& t, const std::vector<size_t>& columns,
                    const RowSink& sink) override {
    RowStream stream(t, columns, sink);
    const FieldSink fields = stream.fields();
    Bson opts;
    projection(t, columns, opts.get());
    BSON_APPEND_INT64(opts.get(), "batchSize", kScanBatch);
    BSON_APPEND_INT64(opts.get(), "maxTimeMS", options_.statement_timeout_ms);
    try {
      read_cursor(t, opts.get(), [&](const bson_t* doc) {
        flatten(doc, "", false, 0, fields);
        stream.end_document();
      });
    } catch (const std::exception& e) {
      throw RuntimeError(fmt::format("{} {}.{}: {}",
                                     tr("无法读完集合", "cannot read all of collection"),
                                     t.database, t.name, e.what()));
    }
    return stream.documents();
  }

  std::string server_version() override {
    Bson command, reply;
    BSON_APPEND_INT32(command.get(), "buildInfo", 1);
    bson_error_t error;
    if (!mongoc_client_read_command_with_opts(client_.get(), "admin", command.get(), nullptr,
                                              nullptr, reply.get(), &error))
      return "";
    const std::string version = string_field(reply.get(), "version");
    return version.empty() ? "" : "MongoDB " + version;
  }

 private:
  void open(const Login& login) {
    // The host goes into the URI text (an IPv6 address in brackets); everything secret is set
    // through the setters below, so no printable string ever holds the password.
    const std::string host =
        dsn_.host.find(':') != std::string::npos ? "[" + dsn_.host + "]" : dsn_.host;
    bson_error_t error;
    UriPtr uri(mongoc_uri_new_with_error(
        fmt::format("mongodb://{}:{}/?directConnection=true", host, dsn_.port).c_str(), &error));
    if (!uri)
      throw RuntimeError(fmt::format("{}: {}: {}", dsn_.masked(),
                                     tr("无效的 MongoDB 地址", "invalid MongoDB address"),
                                     error.message));
    const auto connect_ms =
        static_cast<int32_t>(std::min(options_.connect_timeout_s, 86400u) * 1000);
    const auto socket_ms = static_cast<int32_t>(
        std::min<uint64_t>(uint64_t{options_.statement_timeout_ms} + kSocketMarginMs, INT32_MAX));
    mongoc_uri_set_appname(uri.get(), "paicha");
    mongoc_uri_set_option_as_int32(uri.get(), MONGOC_URI_CONNECTTIMEOUTMS, connect_ms);
    mongoc_uri_set_option_as_int32(uri.get(), MONGOC_URI_SERVERSELECTIONTIMEOUTMS, connect_ms);
    mongoc_uri_set_option_as_int32(uri.get(), MONGOC_URI_SOCKETTIMEOUTMS, socket_ms);
    // The read preference stays the default, primary: with directConnection the topology is
    // Single, and the server selection spec has the driver read from the one server named,
    // whatever its type (to a secondary it sends primaryPreferred). So a secondary named in
    // the DSN is sampled there, and no read is ever routed elsewhere.
    if (truthy(dsn_.params, "tls") || truthy(dsn_.params, "ssl")) {
      mongoc_uri_set_option_as_bool(uri.get(), MONGOC_URI_TLS, true);
      if (truthy(dsn_.params, "tlsAllowInvalidCertificates"))
        mongoc_uri_set_option_as_bool(uri.get(), MONGOC_URI_TLSALLOWINVALIDCERTIFICATES, true);
      if (auto ca = dsn_.params.find("tlsCAFile"); ca != dsn_.params.end())
        mongoc_uri_set_option_as_utf8(uri.get(), MONGOC_URI_TLSCAFILE, ca->second.c_str());
    }
    if (!login.password.empty()) {
      const auto source = dsn_.params.find("authSource");
      mongoc_uri_set_username(uri.get(), login.user.c_str());
      mongoc_uri_set_password(uri.get(), login.password.c_str());
      mongoc_uri_set_auth_source(uri.get(),
                                 source != dsn_.params.end() ? source->second.c_str() : "admin");
    }
    client_.reset(mongoc_client_new_from_uri_with_error(uri.get(), &error));
    if (!client_)
      throw RuntimeError(fmt::format("{}: {}: {}", dsn_.masked(),
                                     tr("无法创建 MongoDB 客户端", "cannot create MongoDB client"),
                                     error.message));
    // Version 2: a server's error comes back in the server's domain with its own code.
    mongoc_client_set_error_api(client_.get(), MONGOC_ERROR_API_VERSION_2);
    ApmPtr callbacks(mongoc_apm_callbacks_new());
    mongoc_apm_set_command_failed_cb(callbacks.get(), &MongoSampler::on_failed);
    mongoc_client_set_apm_callbacks(client_.get(), callbacks.get(), this);

    // The driver connects lazily; ping makes it connect and log in now, so an unreachable
    // server or a refused login is an error of the DSN before anything is listed.
    Bson ping, reply;
    BSON_APPEND_INT32(ping.get(), "ping", 1);
    if (mongoc_client_command_simple(client_.get(), "admin", ping.get(), nullptr, reply.get(),
                                     &error))
      return;
    if (error.domain == MONGOC_ERROR_CLIENT && error.code == MONGOC_ERROR_CLIENT_AUTHENTICATE)
      throw RuntimeError(fmt::format("{}: {}: {}", dsn_.masked(),
                                     tr("MongoDB 登录失败", "MongoDB login failed"),
                                     error.message));
    if (error.domain == MONGOC_ERROR_SERVER_SELECTION || error.domain == MONGOC_ERROR_STREAM)
      throw RuntimeError(fmt::format("{} {}: {}", tr("无法连接", "cannot connect to"),
                                     dsn_.masked(), error.message));
    fail("ping", error, reply.get());
  }

  // Which command failed last: a cursor's error does not say whether find or getMore did.
  static void on_failed(const mongoc_apm_command_failed_t* event) {
    auto* self = static_cast<MongoSampler*>(mongoc_apm_command_failed_get_context(event));
    self->failed_command_ = mongoc_apm_command_failed_get_command_name(event);
  }

  // Throws naming the masked DSN, the command, the server's errmsg and its codeName.
  [[noreturn]] void fail(const std::string& command, const bson_error_t& error,
                         const bson_t* reply) const {
    const std::string code_name = string_field(reply, "codeName");
    throw RuntimeError(fmt::format("{}: {}: {}{}", dsn_.masked(), command, error.message,
                                   code_name.empty() ? "" : " (" + code_name + ")"));
  }

  // Runs `command` on `db`; the reply goes to `reply`.
  void run(const std::string& db, const char* name, const bson_t* command, bson_t* reply) {
    DatabasePtr database(mongoc_client_get_database(client_.get(), db.c_str()));
    bson_error_t error;
    if (!mongoc_database_read_command_with_opts(database.get(), command, nullptr, nullptr, reply,
                                                &error))
      fail(name, error, reply);
  }

  std::vector<std::string> collection_names(const std::string& db) {
    DatabasePtr database(mongoc_client_get_database(client_.get(), db.c_str()));
    Bson opts;
    BSON_APPEND_BOOL(opts.get(), "authorizedCollections", true);
    BSON_APPEND_BOOL(opts.get(), "nameOnly", true);
    CursorPtr cursor(mongoc_database_find_collections_with_opts(database.get(), opts.get()));
    std::vector<std::string> names;
    const bson_t* info = nullptr;
    while (mongoc_cursor_next(cursor.get(), &info)) {
      const std::string name = string_field(info, "name");
      bson_iter_t type;
      const bool collection = !bson_iter_init_find(&type, info, "type") ||
                              (BSON_ITER_HOLDS_UTF8(&type) &&
                               std::string_view(bson_iter_utf8(&type, nullptr)) == "collection");
      if (!name.empty() && collection) names.push_back(name);
    }
    bson_error_t error;
    const bson_t* reply = nullptr;
    if (mongoc_cursor_error_document(cursor.get(), &error, &reply))
      fail("listCollections", error, reply);
    return names;
  }

  uint64_t count(const std::string& db, const std::string& collection) {
    Bson command, reply;
    BSON_APPEND_UTF8(command.get(), "count", collection.c_str());
    BSON_APPEND_INT64(command.get(), "maxTimeMS", options_.statement_timeout_ms);
    run(db, "count", command.get(), reply.get());
    return static_cast<uint64_t>(std::max<int64_t>(number_field(reply.get(), "n"), 0));
  }

  uint64_t collection_bytes(const std::string& db, const std::string& collection) {
    Bson command, reply;
    BSON_APPEND_UTF8(command.get(), "collStats", collection.c_str());
    try {
      run(db, "collStats", command.get(), reply.get());
    } catch (const RuntimeError&) {
      return 0;  // collStats is optional (removed in newer servers, or not permitted)
    }
    int64_t bytes = 0;
    for (const char* key : {"storageSize", "totalIndexSize"})
      bytes += std::max<int64_t>(number_field(reply.get(), key), 0);
    return static_cast<uint64_t>(bytes);
  }

  void flatten(const bson_t* doc, const std::string& prefix, bool array, int depth,
               const FieldSink& out) const {
    bson_iter_t it;
    if (!bson_iter_init(&it, doc)) return;
    flatten(it, prefix, array, depth, out);
  }

  void flatten(bson_iter_t& it, const std::string& prefix, bool array, int depth,
               const FieldSink& out) const {
    while (bson_iter_next(&it)) {
      const char* key = bson_iter_key(&it);
      const std::string path = array            ? prefix + "[]"
                               : prefix.empty() ? std::string(key)
                                                : prefix + "." + key;
      const bson_type_t type = bson_iter_type(&it);
      if (type == BSON_TYPE_DOCUMENT || type == BSON_TYPE_ARRAY) {
        if (depth >= kMaxDepth) continue;
        bson_iter_t inner;
        if (bson_iter_recurse(&it, &inner))
          flatten(inner, path, type == BSON_TYPE_ARRAY, depth + 1, out);
        continue;
      }
      std::string value;
      if (type == BSON_TYPE_UTF8) {
        uint32_t length = 0;
        const char* s = bson_iter_utf8(&it, &length);
        value.assign(s, std::min<size_t>(length, options_.max_value_bytes));
      } else if (type == BSON_TYPE_INT32) {
        value = std::to_string(bson_iter_int32(&it));
      } else if (type == BSON_TYPE_INT64) {
        value = std::to_string(bson_iter_int64(&it));
      } else {
        continue;  // ObjectId, dates, binary: not personal data as text
      }
      out(path, std::move(value));
    }
  }

  // Every document of find(t, {}, opts), to `each`; throws naming the failed command.
  template <typename Each>
  void read_cursor(const TableInfo& t, const bson_t* opts, Each&& each) {
    CollectionPtr collection(
        mongoc_client_get_collection(client_.get(), t.database.c_str(), t.name.c_str()));
    Bson filter;
    failed_command_.clear();
    CursorPtr cursor(
        mongoc_collection_find_with_opts(collection.get(), filter.get(), opts, nullptr));
    const bson_t* doc = nullptr;
    while (mongoc_cursor_next(cursor.get(), &doc)) each(doc);
    bson_error_t error;
    const bson_t* reply = nullptr;
    if (mongoc_cursor_error_document(cursor.get(), &error, &reply))
      fail(failed_command_.empty() ? "find" : failed_command_, error, reply);
  }

  void read_documents(TableInfo& t, std::vector<Row>& rows) {
    const auto limit = static_cast<int64_t>(options_.sample_rows);
    Bson opts;
    BSON_APPEND_INT64(opts.get(), "limit", limit);
    BSON_APPEND_INT64(opts.get(), "batchSize", limit);
    BSON_APPEND_BOOL(opts.get(), "singleBatch", true);
    BSON_APPEND_INT64(opts.get(), "maxTimeMS", options_.statement_timeout_ms);
    read_cursor(t, opts.get(), [&](const bson_t* doc) {
      flatten(doc, "", false, 0, into_row(t, rows.emplace_back()));
    });
  }

  // {field: 1} for the top-level field of each requested path, and _id left out unless asked
  // for: the documents shrink to what is counted. A name that projection would read as an
  // operator ("$x") cannot be projected; then whole documents are read (no projection in opts).
  static void projection(const TableInfo& t, const std::vector<size_t>& columns, bson_t* opts) {
    std::set<std::string> fields;
    for (size_t i : columns) {
      const std::string& path = t.columns.at(i).name;
      std::string top = path.substr(0, path.find_first_of(".["));
      if (top.empty() || top.front() == '$') return;
      fields.insert(std::move(top));
    }
    bson_t p;
    BSON_APPEND_DOCUMENT_BEGIN(opts, "projection", &p);
    if (!fields.count("_id")) BSON_APPEND_INT32(&p, "_id", 0);
    for (const auto& field : fields)
      bson_append_int32(&p, field.data(), static_cast<int>(field.size()), 1);
    bson_append_document_end(opts, &p);
  }

  Dsn dsn_;
  SamplerOptions options_;
  ClientPtr client_;
  std::string failed_command_;
};

}  // namespace

std::unique_ptr<Sampler> open_mongodb_sampler(const Dsn& dsn, const Login& login,
                                              const SamplerOptions& options) {
  return std::make_unique<MongoSampler>(dsn, login, options);
}

}  // namespace paicha::sources::db
