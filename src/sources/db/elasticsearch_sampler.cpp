// Elasticsearch over its REST API, plain HTTP/1.1, reading requests only: GET _cat/indices for the
// indices with their document counts, store sizes and shard counts, then GET _search?size=N per
// index for sampled documents; exact counts page through every document with POST _search
// (search_after needs a request body). Fields of _source, nested ones as dotted paths, are the
// columns. Hidden indices (".") are skipped. Basic authentication when a login is given.
#include <fmt/format.h>
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "core/errors.h"
#include "core/i18n.h"
#include "services/elasticsearch/rest.h"
#include "sources/db/document_sampler.h"

namespace paicha::sources::db {

namespace {

constexpr int kMaxDepth = 8;
constexpr size_t kPageSize = 1000;

// The body of a chunked transfer encoding (RFC 9112 section 7.1), decoded.
std::string dechunk(std::string_view body) {
  std::string out;
  while (!body.empty()) {
    size_t eol = body.find("\r\n");
    if (eol == std::string_view::npos) break;
    size_t size = std::strtoul(std::string(body.substr(0, eol)).c_str(), nullptr, 16);
    if (size == 0 || eol + 2 + size > body.size()) break;
    out.append(body.substr(eol + 2, size));
    body.remove_prefix(std::min(body.size(), eol + 2 + size + 2));
  }
  return out;
}

class ElasticsearchSampler : public DocumentSampler {
 public:
  ElasticsearchSampler(Dsn dsn, const Login& login, SamplerOptions options)
      : dsn_(std::move(dsn)), options_(options) {
    if (!login.user.empty() || !login.password.empty())
      authorization_ = services::elasticsearch::basic_authorization(login.user, login.password);
  }

  std::vector<TableInfo> tables() override {
    auto indices = get("/_cat/indices?format=json&bytes=b&h=index,docs.count,store.size,pri");
    std::vector<TableInfo> out;
    if (!indices.is_array()) return out;
    for (const auto& entry : indices) {
      std::string name = entry.value("index", "");
      if (name.empty() || name.front() == '.') continue;
      if (!dsn_.database.empty() && name != dsn_.database) continue;
      TableInfo t;
      t.database = name;
      t.name = name;
      t.rows = number(entry, "docs.count");
      t.bytes = number(entry, "store.size");
      shards_[name] = static_cast<unsigned>(number(entry, "pri"));
      std::vector<Row>& documents = new_collection(t);
      auto found = get(fmt::format("/{}/_search?size={}&timeout={}ms", name, options_.sample_rows,
                                   options_.statement_timeout_ms));
      if (found.contains("hits") && found["hits"].contains("hits"))
        for (const auto& hit : found["hits"]["hits"]) {
          if (!hit.contains("_source")) continue;
          flatten(hit["_source"], "", 0, into_row(t, documents.emplace_back()));
        }
      add_mapped_fields(t, name);
      out.push_back(std::move(t));
    }
    return out;
  }

  // Every document, page after page with search_after, sorted by _doc. Not a scroll nor a
  // point in time: both are closed with DELETE, which this sampler never sends, and left open
  // they hold the index's segments until they expire. _doc, the Lucene document number, is
  // one value per document within one shard copy only: shards number their documents alike,
  // and a page ending at document n of one shard would skip document n of the others. So each
  // primary shard is paged on its own (preference=_shards:N, "|_local" keeping its pages on the
  // copy of the node asked, where it holds one). Pages never go beyond the first `size` hits,
  // so index.max_result_window does not limit the scan.
  uint64_t scan_all(const TableInfo& t, const std::vector<size_t>& columns,
                    const RowSink& sink) override {
    RowStream stream(t, columns, sink);
    const FieldSink fields = stream.fields();
    std::set<std::string> paths;  // _source filtering sees through arrays: "a[].b" is "a.b"
    for (size_t i : columns) {
      std::string path = t.columns.at(i).name;
      size_t at;
      while ((at = path.find("[]")) != std::string::npos) path.erase(at, 2);
      paths.insert(std::move(path));
    }
    const nlohmann::json source(paths);
    const auto known = shards_.find(t.name);
    // Without a shard count (an old or unusual _cat) the index is read as one: exact for a
    // single shard, the default since Elasticsearch 7.
    const unsigned shards = known != shards_.end() ? known->second : 0;
    try {
      for (unsigned shard = 0; shard < std::max(shards, 1u); ++shard) {
        std::string path =
            fmt::format("/{}/_search?timeout={}ms", t.name, options_.statement_timeout_ms);
        if (shards) path += fmt::format("&preference=_shards:{}%7C_local", shard);
        nlohmann::json after;
        while (true) {
          nlohmann::json body = {
              {"size", kPageSize}, {"sort", nlohmann::json::array({"_doc"})}, {"_source", source}};
          if (!after.is_null()) body["search_after"] = after;
          const auto page = request("POST", path, body.dump());
          const auto& hits = checked_hits(page);
          for (const auto& hit : hits) {
            if (!hit.is_object() || !hit.contains("sort") || !hit["sort"].is_array() ||
                hit["sort"].empty())
              throw RuntimeError(fmt::format(
                  "{} (hits.hits[].sort)", tr("搜索结果缺少排序值，无法接着翻页",
                                              "a search hit has no sort values to page on from")));
            after = hit["sort"];
            if (hit.contains("_source")) flatten(hit["_source"], "", 0, fields);
            stream.end_document();
          }
          if (hits.size() < kPageSize) break;
        }
      }
    } catch (const std::exception& e) {
      throw RuntimeError(fmt::format("{} {}: {}", tr("无法读完索引", "cannot read all of index"),
                                     t.name, e.what()));
    }
    return stream.documents();
  }

 private:
  static uint64_t number(const nlohmann::json& entry, const char* key) {
    if (!entry.contains(key)) return 0;
    const auto& v = entry[key];
    if (v.is_number_unsigned()) return v.get<uint64_t>();
    if (v.is_string()) return std::strtoull(v.get<std::string>().c_str(), nullptr, 10);
    return 0;
  }

  void flatten(const nlohmann::json& value, const std::string& path, int depth,
               const FieldSink& out) const {
    if (depth > kMaxDepth) return;
    if (value.is_object()) {
      for (const auto& [key, inner] : value.items())
        flatten(inner, path.empty() ? key : path + "." + key, depth + 1, out);
    } else if (value.is_array()) {
      for (const auto& inner : value) flatten(inner, path + "[]", depth + 1, out);
    } else if (value.is_string()) {
      out(path, value.get<std::string>().substr(0, options_.max_value_bytes));
    } else if (value.is_number_integer()) {
      out(path, value.dump());
    }
  }

  // hits.hits of a search reply that covered the whole shard set: a search that timed out or
  // lost shards answers 200 with what it found, which is not every document.
  static const nlohmann::json& checked_hits(const nlohmann::json& page) {
    if (page.value("timed_out", false))
      throw RuntimeError(
          std::string(tr("搜索超时，结果不完整", "the search timed out with partial results")));
    if (page.contains("_shards") && page["_shards"].is_object() &&
        number(page["_shards"], "failed") > 0)
      throw RuntimeError(std::string(tr("部分分片搜索失败", "the search failed on some shards")));
    if (!page.contains("hits") || !page["hits"].is_object() || !page["hits"].contains("hits") ||
        !page["hits"]["hits"].is_array())
      throw RuntimeError(
          std::string(tr("搜索应答缺少 hits.hits", "the search reply has no hits.hits")));
    return page["hits"]["hits"];
  }

  // The index mapping names fields that the sampled documents may lack (sparse fields, a
  // mostly empty index); they become columns too, with the mapping's type. Sampled fields get
  // their type from it. A mapping that cannot be read (permissions, old servers) is skipped.
  void add_mapped_fields(TableInfo& t, const std::string& index) {
    nlohmann::json mapping;
    try {
      mapping = get(fmt::format("/{}/_mapping", index));
    } catch (const RuntimeError&) {
      return;
    }
    if (!mapping.is_object() || !mapping.contains(index)) return;
    const auto& mappings = mapping[index].value("mappings", nlohmann::json::object());
    if (mappings.contains("properties")) {
      add_properties(t, mappings["properties"], "", 0);
    } else {  // Elasticsearch 6: one level per mapping type ("_doc")
      for (const auto& [type_name, type_mapping] : mappings.items())
        if (type_mapping.is_object() && type_mapping.contains("properties"))
          add_properties(t, type_mapping["properties"], "", 0);
    }
  }

  void add_properties(TableInfo& t, const nlohmann::json& properties, const std::string& path,
                      int depth) {
    if (!properties.is_object() || depth > kMaxDepth) return;
    for (const auto& [key, field] : properties.items()) {
      if (!field.is_object()) continue;
      const std::string name = path.empty() ? key : path + "." + key;
      if (field.contains("properties")) {
        add_properties(t, field["properties"], name, depth + 1);
        continue;
      }
      const std::string type = field.value("type", "");
      auto same = [&](const ColumnInfo& c) { return c.name == name || c.name == name + "[]"; };
      auto it = std::find_if(t.columns.begin(), t.columns.end(), same);
      if (it == t.columns.end())
        t.columns.push_back({name, type});
      else
        it->type = type;
    }
  }

  nlohmann::json get(const std::string& path) { return request("GET", path, ""); }

  // One request on a fresh connection (Connection: close); the JSON body, or throws naming the
  // DSN, the method, the path and the HTTP status.
  nlohmann::json request(std::string_view method, const std::string& path,
                         const std::string& body) {
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (getaddrinfo(dsn_.host.c_str(), std::to_string(dsn_.port).c_str(), &hints, &found) != 0 ||
        !found)
      throw RuntimeError(fmt::format("{} {}", tr("无法解析", "cannot resolve"), dsn_.masked()));
    std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> guard(found, freeaddrinfo);
    int fd = ::socket(found->ai_family, SOCK_STREAM, 0);
    if (fd < 0) throw RuntimeError(std::strerror(errno));
    std::unique_ptr<int, void (*)(int*)> closer(&fd, [](int* f) { ::close(*f); });
    timeval tv{static_cast<time_t>(options_.statement_timeout_ms / 1000 + 1), 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (::connect(fd, found->ai_addr, found->ai_addrlen) != 0)
      throw RuntimeError(fmt::format("{} {}: {}", tr("无法连接", "cannot connect to"),
                                     dsn_.masked(), std::strerror(errno)));
    std::string message = fmt::format(
        "{} {} HTTP/1.1\r\nHost: {}:{}\r\nAccept: application/json\r\nUser-Agent: paicha\r\n{}"
        "{}Connection: close\r\n\r\n",
        method, path, dsn_.host, dsn_.port,
        authorization_.empty() ? "" : "Authorization: " + authorization_ + "\r\n",
        body.empty()
            ? ""
            : fmt::format("Content-Type: application/json\r\nContent-Length: {}\r\n", body.size()));
    message += body;
    for (size_t sent = 0; sent < message.size();) {
      ssize_t n = ::send(fd, message.data() + sent, message.size() - sent, MSG_NOSIGNAL);
      if (n <= 0)
        throw RuntimeError(fmt::format("{}: send: {}", dsn_.masked(), std::strerror(errno)));
      sent += static_cast<size_t>(n);
    }
    std::string response;
    char chunk[65536];
    ssize_t n;
    while ((n = ::recv(fd, chunk, sizeof chunk, 0)) > 0)
      response.append(chunk, static_cast<size_t>(n));
    size_t header_end = response.find("\r\n\r\n");
    int status = 0;
    if (response.starts_with("HTTP/1.")) status = std::atoi(response.c_str() + 9);
    if (header_end == std::string::npos || status != 200)
      throw RuntimeError(fmt::format("{}: {} {}: HTTP {}", dsn_.masked(), method,
                                     path.substr(0, 80),
                                     status ? std::to_string(status) : "no reply"));
    std::string headers = response.substr(0, header_end);
    for (char& c : headers) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string content = response.substr(header_end + 4);
    if (headers.find("transfer-encoding: chunked") != std::string::npos) content = dechunk(content);
    auto json = nlohmann::json::parse(content, nullptr, false);
    if (json.is_discarded())
      throw RuntimeError(fmt::format("{}: {} {}: {}", dsn_.masked(), method, path.substr(0, 80),
                                     tr("应答不是 JSON", "the reply is not JSON")));
    return json;
  }

  Dsn dsn_;
  SamplerOptions options_;
  std::string authorization_;
  std::map<std::string, unsigned> shards_;  // primary shards per index, 0 when not known
};

}  // namespace

std::unique_ptr<Sampler> open_elasticsearch_sampler(const Dsn& dsn, const Login& login,
                                                    const SamplerOptions& options) {
  return std::make_unique<ElasticsearchSampler>(dsn, login, options);
}

}  // namespace paicha::sources::db
