// Elasticsearch over its REST API, plain HTTP/1.1 GETs only: _cat/indices for the indices with
// their document counts and store sizes, then _search?size=N per index for sampled documents.
// Fields of _source, nested ones as dotted paths, are the columns. Hidden indices (".") are
// skipped. Basic authentication when a login is given.
#include <fmt/format.h>
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>

#include "core/errors.h"
#include "core/i18n.h"
#include "services/elasticsearch/rest.h"
#include "sources/db/document_sampler.h"

namespace paicha::sources::db {

namespace {

constexpr int kMaxDepth = 8;

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

  bool can_scan_all() const override { return false; }

  std::vector<TableInfo> tables() override {
    auto indices = get("/_cat/indices?format=json&bytes=b&h=index,docs.count,store.size");
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
      std::vector<Row>& documents = new_collection(t);
      auto found = get(fmt::format("/{}/_search?size={}&timeout={}ms", name, options_.sample_rows,
                                   options_.statement_timeout_ms));
      if (found.contains("hits") && found["hits"].contains("hits"))
        for (const auto& hit : found["hits"]["hits"]) {
          if (!hit.contains("_source")) continue;
          Row& row = documents.emplace_back();
          flatten(t, row, hit["_source"], "", 0);
        }
      add_mapped_fields(t, name);
      out.push_back(std::move(t));
    }
    return out;
  }

 private:
  static uint64_t number(const nlohmann::json& entry, const char* key) {
    if (!entry.contains(key)) return 0;
    const auto& v = entry[key];
    if (v.is_number_unsigned()) return v.get<uint64_t>();
    if (v.is_string()) return std::strtoull(v.get<std::string>().c_str(), nullptr, 10);
    return 0;
  }

  void flatten(TableInfo& t, Row& row, const nlohmann::json& value, const std::string& path,
               int depth) {
    if (depth > kMaxDepth) return;
    if (value.is_object()) {
      for (const auto& [key, inner] : value.items())
        flatten(t, row, inner, path.empty() ? key : path + "." + key, depth + 1);
    } else if (value.is_array()) {
      for (const auto& inner : value) flatten(t, row, inner, path + "[]", depth + 1);
    } else if (value.is_string()) {
      row.emplace_back(column(t, path),
                       value.get<std::string>().substr(0, options_.max_value_bytes));
    } else if (value.is_number_integer()) {
      row.emplace_back(column(t, path), value.dump());
    }
  }

  // One GET on a fresh connection (Connection: close); the JSON body, or throws naming the
  // DSN, the path and the HTTP status.
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

  nlohmann::json get(const std::string& path) {
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
    std::string request = fmt::format(
        "GET {} HTTP/1.1\r\nHost: {}:{}\r\nAccept: application/json\r\nUser-Agent: paicha\r\n{}"
        "Connection: close\r\n\r\n",
        path, dsn_.host, dsn_.port,
        authorization_.empty() ? "" : "Authorization: " + authorization_ + "\r\n");
    if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) !=
        static_cast<ssize_t>(request.size()))
      throw RuntimeError(fmt::format("{}: send: {}", dsn_.masked(), std::strerror(errno)));
    std::string response;
    char chunk[65536];
    ssize_t n;
    while ((n = ::recv(fd, chunk, sizeof chunk, 0)) > 0)
      response.append(chunk, static_cast<size_t>(n));
    size_t header_end = response.find("\r\n\r\n");
    int status = 0;
    if (response.starts_with("HTTP/1.")) status = std::atoi(response.c_str() + 9);
    if (header_end == std::string::npos || status != 200)
      throw RuntimeError(fmt::format("{}: GET {}: HTTP {}", dsn_.masked(), path.substr(0, 80),
                                     status ? std::to_string(status) : "no reply"));
    std::string headers = response.substr(0, header_end);
    for (char& c : headers) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string body = response.substr(header_end + 4);
    if (headers.find("transfer-encoding: chunked") != std::string::npos) body = dechunk(body);
    auto json = nlohmann::json::parse(body, nullptr, false);
    if (json.is_discarded())
      throw RuntimeError(fmt::format("{}: GET {}: {}", dsn_.masked(), path.substr(0, 80),
                                     tr("应答不是 JSON", "the reply is not JSON")));
    return json;
  }

  Dsn dsn_;
  SamplerOptions options_;
  std::string authorization_;
};

}  // namespace

std::unique_ptr<Sampler> open_elasticsearch_sampler(const Dsn& dsn, const Login& login,
                                                    const SamplerOptions& options) {
  return std::make_unique<ElasticsearchSampler>(dsn, login, options);
}

}  // namespace paicha::sources::db
