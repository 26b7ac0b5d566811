// `pii db` on Elasticsearch against a mock that answers the documented REST shapes
// (https://www.elastic.co/guide/en/elasticsearch/reference/current/cat-indices.html with
// format=json: strings for docs.count, store.size and pri; search API: hits.hits[]._source,
// hits.hits[].sort, timed_out, _shards; search_after, preference=_shards:N, _source filtering)
// over HTTP/1.1, one request per connection. It records every request line.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>

#include "app/audit_pii.h"
#include "mock_tcp_server.h"
#include "pii/db_scan.h"
#include "pii/validators.h"
#include "store/store.h"

using namespace paicha;
using paicha::testing::MockTcpServer;

namespace {

struct EsLog {
  std::mutex mutex;
  std::vector<std::string> requests;
};

std::string http_ok(const std::string& body, bool chunked) {
  if (!chunked)
    return "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body;
  char size[16];
  std::snprintf(size, sizeof size, "%zx", body.size());
  return "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" +
         std::string(size) + "\r\n" + body + "\r\n0\r\n\r\n";
}

// Indices whose documents lie on several shards, searched as Elasticsearch searches them: hits
// sorted by _doc, the document's number within its shard; search_after keeping the hits after
// the given sort values; preference=_shards:N confining a search to shard N. Without it the hits
// of all shards merge by (_doc, shard), as the coordinating node merges them, so paging a
// multi-shard index by _doc alone skips the documents whose number another shard repeats.
struct EsIndex {
  std::string name;
  std::vector<std::vector<nlohmann::json>> shards;  // the _source of each document
  int page_without_sort = 0;  // the n-th POST _search on it answers hits without sort; 0: none
  int searches = 0;
};

// One POST _search as received, and what it answered.
struct EsSearch {
  std::string index;
  int shard = -1;  // -1: no preference
  nlohmann::json body;
  nlohmann::json last_sort;  // of the last hit answered; null without hits
  size_t hits = 0;
};

struct EsStore {
  std::mutex mutex;
  std::vector<EsIndex> indices;
  std::vector<EsSearch> searches;

  EsIndex* index(std::string_view name) {
    for (auto& i : indices)
      if (i.name == name) return &i;
    return nullptr;
  }

  std::string cat_indices() const {
    auto out = nlohmann::json::array(
        {{{"index", ".security-7"}, {"docs.count", "5"}, {"store.size", "1000"}, {"pri", "1"}}});
    for (const auto& i : indices) {
      size_t docs = 0;
      for (const auto& shard : i.shards) docs += shard.size();
      out.push_back({{"index", i.name},
                     {"docs.count", std::to_string(docs)},
                     {"store.size", "1048576"},
                     {"pri", std::to_string(i.shards.size())}});
    }
    return out.dump();
  }

  // GET /<index>/_search?size=N: the first N documents, shard by shard.
  std::string sample(const EsIndex& i, size_t size) const {
    auto hits = nlohmann::json::array();
    for (const auto& shard : i.shards)
      for (const auto& source : shard)
        if (hits.size() < size) hits.push_back({{"_index", i.name}, {"_source", source}});
    return reply(i, hits);
  }

  // POST /<index>/_search with sort [_doc], optional search_after and _source includes.
  std::string search(EsIndex& i, std::string_view target, const nlohmann::json& body) {
    EsSearch call{i.name, -1, body, nullptr, 0};
    const size_t at = target.find("preference=_shards:");
    if (at != std::string_view::npos) call.shard = std::atoi(target.data() + at + 19);
    if (body.value("sort", nlohmann::json()) != nlohmann::json::array({"_doc"})) return "";
    const int64_t after =
        body.contains("search_after") ? body["search_after"][0].get<int64_t>() : -1;
    const size_t size = body.value("size", 10);
    std::vector<std::pair<int64_t, size_t>> order;  // (_doc, shard)
    for (size_t s = 0; s < i.shards.size(); ++s)
      if (call.shard < 0 || static_cast<size_t>(call.shard) == s)
        for (size_t d = 0; d < i.shards[s].size(); ++d)
          if (static_cast<int64_t>(d) > after) order.emplace_back(static_cast<int64_t>(d), s);
    std::sort(order.begin(), order.end());
    if (order.size() > size) order.resize(size);
    const bool without_sort = ++i.searches == i.page_without_sort;
    auto hits = nlohmann::json::array();
    for (const auto& [d, s] : order) {
      nlohmann::json hit = {{"_index", i.name},
                            {"_id", std::to_string(s) + "-" + std::to_string(d)},
                            {"_score", nullptr},
                            {"_source", filter(i.shards[s][static_cast<size_t>(d)],
                                               body.value("_source", nlohmann::json()), "")}};
      if (!without_sort) hit["sort"] = nlohmann::json::array({d});
      call.last_sort = hit.value("sort", nlohmann::json());
      hits.push_back(std::move(hit));
    }
    call.hits = hits.size();
    searches.push_back(call);
    return reply(i, hits);
  }

 private:
  static std::string reply(const EsIndex& i, const nlohmann::json& hits) {
    const auto shards = static_cast<int>(i.shards.size());
    return nlohmann::json{
        {"took", 1},
        {"timed_out", false},
        {"_shards", {{"total", shards}, {"successful", shards}, {"skipped", 0}, {"failed", 0}}},
        {"hits",
         {{"total", {{"value", hits.size()}, {"relation", "gte"}}},
          {"max_score", nullptr},
          {"hits", hits}}}}
        .dump();
  }

  // _source filtering by an includes list of dotted paths (an array is kept whole by its path).
  static nlohmann::json filter(const nlohmann::json& source, const nlohmann::json& includes,
                               const std::string& prefix) {
    if (!includes.is_array()) return source;
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, value] : source.items()) {
      const std::string path = prefix + key;
      bool whole = false, deeper = false;
      for (const auto& include : includes) {
        const auto name = include.get<std::string>();
        whole |= name == path;
        deeper |= name.starts_with(path + ".");
      }
      if (whole)
        out[key] = value;
      else if (deeper && value.is_object())
        out[key] = filter(value, includes, path + ".");
    }
    return out;
  }
};

class EsSession : public MockTcpServer::Session {
 public:
  explicit EsSession(EsLog& log, EsStore* store = nullptr) : log_(log), store_(store) {}
  MockTcpServer::Step on_bytes(std::string_view pending) override {
    size_t end = pending.find("\r\n\r\n");
    if (end == std::string_view::npos) return {};
    std::string line(pending.substr(0, pending.find("\r\n")));
    std::string headers(pending.substr(0, end));
    for (char& c : headers) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    size_t length = 0;
    if (size_t at = headers.find("content-length:"); at != std::string::npos)
      length = std::strtoul(headers.c_str() + at + 15, nullptr, 10);
    if (pending.size() < end + 4 + length) return {};
    const std::string request_body(pending.substr(end + 4, length));
    {
      std::lock_guard lock(log_.mutex);
      log_.requests.push_back(line);
    }
    std::string body = R"({"error":"not found","status":404})";
    const std::string not_found =
        "HTTP/1.1 404 Not Found\r\ncontent-length: " + std::to_string(body.size()) + "\r\n\r\n" +
        body;
    if (store_) return {end + 4 + length, from_store(line, request_body, not_found), true};
    if (line.starts_with("GET /_cat/indices"))
      return {end + 4,
              http_ok(R"([{"index":"members","docs.count":"1200","store.size":"524288"},)"
                      R"({"index":".security-7","docs.count":"5","store.size":"1000"},)"
                      R"({"index":"metrics","docs.count":"10","store.size":"2048"}])",
                      false),
              true};
    if (line.starts_with("GET /members/_search"))
      return {
          end + 4,
          http_ok(R"({"took":1,"timed_out":false,"hits":{"total":{"value":1200,"relation":"eq"},)"
                  R"("hits":[{"_index":"members","_id":"1","_source":{"name":"张伟",)"
                  R"("profile":{"mobile":"13812345678","email":"zw@163.com"},"tags":["vip"]}},)"
                  R"({"_index":"members","_id":"2","_source":{"name":"王芳",)"
                  R"("profile":{"mobile":"13912345678","email":"wf@qq.com"},"tags":["new"]}}]}})",
                  true),
          true};
    // The mapping names id_card, which no sampled document has (a sparse field).
    if (line.starts_with("GET /members/_mapping"))
      return {end + 4,
              http_ok(R"({"members":{"mappings":{"properties":{"name":{"type":"text"},)"
                      R"("id_card":{"type":"keyword"},"tags":{"type":"keyword"},)"
                      R"("profile":{"properties":{"mobile":{"type":"keyword"},)"
                      R"("email":{"type":"keyword"}}}}}}})",
                      false),
              true};
    if (line.starts_with("GET /metrics/_search"))
      return {end + 4,
              http_ok(R"({"hits":{"hits":[{"_source":{"cpu":42,"host":"web-1"}}]}})", false), true};
    return {end + 4, not_found, true};
  }

 private:
  std::string from_store(const std::string& line, const std::string& request_body,
                         const std::string& not_found) {
    std::lock_guard lock(store_->mutex);
    if (line.starts_with("GET /_cat/indices")) return http_ok(store_->cat_indices(), false);
    const size_t method_end = line.find(' ');
    const size_t slash = line.find('/', method_end + 2);
    const size_t space = line.find(' ', method_end + 1);
    if (slash == std::string::npos || space == std::string::npos || slash > space) return not_found;
    const std::string name = line.substr(method_end + 2, slash - method_end - 2);
    const std::string target = line.substr(slash, space - slash);
    EsIndex* index = store_->index(name);
    if (!index || !target.starts_with("/_search")) return not_found;
    if (line.starts_with("GET ")) {
      const size_t size = target.find("size=");
      return http_ok(
          store_->sample(*index, size == std::string::npos
                                     ? 10
                                     : std::strtoul(target.c_str() + size + 5, nullptr, 10)),
          true);
    }
    auto json = nlohmann::json::parse(request_body, nullptr, false);
    std::string answer = json.is_discarded() ? "" : store_->search(*index, target, json);
    if (answer.empty()) return "HTTP/1.1 400 Bad Request\r\ncontent-length: 2\r\n\r\n{}";
    return http_ok(answer, true);
  }

  EsLog& log_;
  EsStore* store_;
};

std::string mobile(const char* prefix, int i) {
  char digits[16];
  std::snprintf(digits, sizeof digits, "%s%08d", prefix, i);
  return digits;
}

// 2500 customers over two shards (1300 and 1200). profile.mobile: a valid mobile in 1700 of the
// first 2000, a look-alike with a prefix no carrier has (100) in the other 300, none in the last
// 500; phones: two valid mobiles in every fourth of the first 2000 (1000 values). The last 500
// also hold valid mobiles under paths the sampled documents lack (profile.backup, note): not
// columns, so not counted. Truth: 1700 + 1000 = 2700 validated mobiles.
EsIndex customers(const std::string& name, size_t shard_count) {
  EsIndex index{.name = name, .shards = std::vector<std::vector<nlohmann::json>>(shard_count)};
  for (int i = 0; i < 2500; ++i) {
    nlohmann::json doc = {{"level", i % 5}, {"profile", {{"city", "上海市"}}}};
    if (i < 2000) doc["profile"]["mobile"] = mobile(i % 20 < 17 ? "138" : "100", i);
    if (i < 2000 && i % 4 == 0) doc["phones"] = {mobile("150", i), mobile("186", i)};
    if (i >= 2000) {
      doc["profile"]["backup"] = mobile("139", i);
      doc["note"] = mobile("137", i);
    }
    index.shards[shard_count == 1 || i < 1300 ? 0 : 1].push_back(doc);
  }
  return index;
}

}  // namespace

TEST(PiiDbElasticsearch, IndicesAndSourceFieldsAreClassifiedWithGetsOnly) {
  EsLog log;
  MockTcpServer server([&] { return std::make_unique<EsSession>(log); });
  Dsn dsn = parse_dsn("elasticsearch://127.0.0.1:" + std::to_string(server.endpoint().port()));
  auto s = pii::scan_database(dsn, {}, {});
  ASSERT_FALSE(s.error) << *s.error;
  ASSERT_EQ(s.tables.size(), 2u);  // .security-7 is hidden
  const auto& members = s.tables[0];
  EXPECT_EQ(members.info.name, "members");
  EXPECT_EQ(members.info.rows, 1200u);
  EXPECT_EQ(members.info.bytes, 524288u);
  EXPECT_EQ(members.sampled_rows, 2u);
  std::map<std::string, std::optional<pii::PiiType>> types;
  for (const auto& c : members.columns) types[c.name] = c.verdict.type;
  EXPECT_EQ(types.at("name"), pii::PiiType::name);
  EXPECT_EQ(types.at("profile.mobile"), pii::PiiType::mobile);
  EXPECT_EQ(types.at("profile.email"), pii::PiiType::email);
  EXPECT_FALSE(types.at("tags[]"));
  EXPECT_FALSE(types.count("tags"));  // the mapping's "tags" is the sampled "tags[]"
  // Mapped fields without sampled values are columns too, typed from the mapping.
  std::map<std::string, std::string> mapped;
  for (const auto& c : members.info.columns) mapped[c.name] = c.type;
  ASSERT_TRUE(mapped.count("id_card"));
  EXPECT_EQ(mapped.at("id_card"), "keyword");
  EXPECT_EQ(mapped.at("profile.mobile"), "keyword");
  EXPECT_EQ(members.category, "personal");
  EXPECT_EQ(s.tables[1].category, "business");
  std::lock_guard lock(log.mutex);
  ASSERT_FALSE(log.requests.empty());
  for (const auto& r : log.requests) EXPECT_TRUE(r.starts_with("GET ")) << r;
}

TEST(PiiDbElasticsearch, HttpErrorsAreErrorsNamingTheDsn) {
  EsLog log;
  MockTcpServer server([&] { return std::make_unique<EsSession>(log); });
  Dsn dsn = parse_dsn("es://127.0.0.1:" + std::to_string(server.endpoint().port()) + "/missing");
  // /missing filters the index list to nothing: no tables, no error.
  auto none = pii::scan_database(dsn, {}, {});
  ASSERT_FALSE(none.error);
  EXPECT_TRUE(none.tables.empty());
  auto refused = pii::scan_database(parse_dsn("elasticsearch://127.0.0.1:1"), {}, {});
  ASSERT_TRUE(refused.error);
  EXPECT_NE(refused.error->find("elasticsearch://127.0.0.1:1"), std::string::npos);
}

namespace {

// `pii db --exact` with a 100-document sample against `server`.
pii::DbSourceResult scan_exactly(const MockTcpServer& server) {
  pii::DbScanOptions options;
  options.exact = true;
  options.sampler.sample_rows = 100;
  return pii::scan_database(
      parse_dsn("elasticsearch://127.0.0.1:" + std::to_string(server.endpoint().port())), {},
      options);
}

}  // namespace

TEST(PiiDbElasticsearch, ExactCountsPageEachShardWithSearchAfter) {
  EsLog log;
  EsStore store;
  store.indices.push_back(customers("customers", 2));
  MockTcpServer server([&] { return std::make_unique<EsSession>(log, &store); });
  auto s = scan_exactly(server);
  ASSERT_FALSE(s.error) << *s.error;
  ASSERT_EQ(s.tables.size(), 1u);
  const auto& c = s.tables[0];
  ASSERT_FALSE(c.error) << *c.error;
  EXPECT_EQ(c.sampled_rows, 100u);
  std::map<std::string, std::optional<pii::PiiType>> types;
  for (const auto& column : c.columns) types[column.name] = column.verdict.type;
  EXPECT_EQ(types.at("profile.mobile"), pii::PiiType::mobile);
  EXPECT_EQ(types.at("phones[]"), pii::PiiType::mobile);
  EXPECT_FALSE(types.count("profile.backup"));
  ASSERT_TRUE(pii::valid_mobile(mobile("138", 1)));
  ASSERT_FALSE(pii::valid_mobile(mobile("100", 17)));
  EXPECT_TRUE(c.exact);
  EXPECT_FALSE(c.info.rows_estimated);
  EXPECT_EQ(c.info.rows, 2500u);
  EXPECT_EQ(c.counts[pii::PiiType::mobile], 2700u);
  EXPECT_EQ(c.counts.total(), 2700u);

  std::lock_guard store_lock(store.mutex);
  // Shard 0 (1300 documents) in pages of 1000 and 300, then shard 1 (1200) in 1000 and 200;
  // each page after the first continues after the last hit's sort values of the page before.
  ASSERT_EQ(store.searches.size(), 4u);
  const std::vector<int> shards = {0, 0, 1, 1};
  const std::vector<size_t> hits = {1000, 300, 1000, 200};
  for (size_t i = 0; i < store.searches.size(); ++i) {
    const auto& call = store.searches[i];
    EXPECT_EQ(call.shard, shards[i]) << i;
    EXPECT_EQ(call.hits, hits[i]) << i;
    EXPECT_EQ(call.body["sort"], nlohmann::json::array({"_doc"})) << i;
    EXPECT_EQ(call.body["size"], 1000) << i;
    EXPECT_EQ(call.body["_source"], nlohmann::json::array({"phones", "profile.mobile"})) << i;
    if (i % 2 == 0)
      EXPECT_FALSE(call.body.contains("search_after")) << i;
    else
      EXPECT_EQ(call.body["search_after"], store.searches[i - 1].last_sort) << i;
  }
  EXPECT_EQ(store.searches[1].body["search_after"], nlohmann::json::array({999}));
  std::lock_guard lock(log.mutex);
  for (const auto& r : log.requests)
    EXPECT_TRUE(r.starts_with("GET ") || (r.starts_with("POST /customers/_search?") &&
                                          r.find("preference=_shards:") != std::string::npos))
        << r;
}

TEST(PiiDbElasticsearch, PageWithoutSortValuesIsAnErrorNamingTheIndex) {
  EsLog log;
  EsStore store;
  EsIndex broken = customers("broken", 1);
  broken.page_without_sort = 2;
  store.indices.push_back(std::move(broken));
  store.indices.push_back(customers("visits", 1));
  MockTcpServer server([&] { return std::make_unique<EsSession>(log, &store); });
  auto s = scan_exactly(server);
  ASSERT_FALSE(s.error) << *s.error;
  ASSERT_EQ(s.tables.size(), 2u);
  const auto& failed = s.tables[0];
  ASSERT_EQ(failed.info.name, "broken");
  ASSERT_TRUE(failed.error);
  EXPECT_NE(failed.error->find("broken"), std::string::npos) << *failed.error;
  EXPECT_NE(failed.error->find("sort"), std::string::npos) << *failed.error;
  EXPECT_FALSE(failed.exact);
  EXPECT_EQ(failed.counts.total(), 0u);
  // The next index is read in full.
  const auto& visits = s.tables[1];
  ASSERT_FALSE(visits.error) << *visits.error;
  EXPECT_TRUE(visits.exact);
  EXPECT_EQ(visits.info.rows, 2500u);
  EXPECT_EQ(visits.counts[pii::PiiType::mobile], 2700u);
}

TEST(PiiDbElasticsearch, AuditPiiSamplesAnOpenServerAndNotAClosedOne) {
  EsLog log;
  MockTcpServer server([&] { return std::make_unique<EsSession>(log); });
  const auto dir = std::filesystem::temp_directory_path() /
                   ("paicha-audit-pii-es-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  {
    store::Store store((dir / "s.db").string());
    report::RunDocument doc;
    doc.run_id = store.begin_run("audit", "{}");
    Asset es;
    es.host = "127.0.0.1";
    es.port = server.endpoint().port();
    es.service = "elasticsearch";
    doc.assets.push_back(es);
    app::GlobalOptions quiet;
    quiet.quiet = true;

    // Not found open, no --creds: nothing is read.
    app::audit_pii(store, doc, "", quiet);
    EXPECT_TRUE(store.data_assets(doc.run_id).empty());
    {
      std::lock_guard lock(log.mutex);
      EXPECT_TRUE(log.requests.empty());
    }

    // Found open: sampled, its personal data recorded and flagged.
    doc.findings.push_back(make_finding("elasticsearch.unauthorized_access", es, "GET / 200", ""));
    app::audit_pii(store, doc, "", quiet);
    auto assets = store.data_assets(doc.run_id);
    ASSERT_FALSE(assets.empty());
    bool personal = false;
    for (const auto& a : assets) personal |= a.category == "personal";
    EXPECT_TRUE(personal);
    bool flagged = false;
    for (const auto& f : doc.findings) flagged |= f.rule == "pii.in_unauthenticated_db";
    EXPECT_TRUE(flagged);
  }
  std::filesystem::remove_all(dir);
}
