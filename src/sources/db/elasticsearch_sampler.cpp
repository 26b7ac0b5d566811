// Elasticsearch over its REST API, plain HTTP/1.1 GETs only: _cat/indices for the indices with
// their document counts and store sizes, then _search?size=N per index for sampled documents.
// Fields of _source, nested ones as dotted paths, are the columns. Hidden indices (".") are
// skipped. Basic authentication when a login is given.
#include <fmt/format.h>
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

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
