// `pii db` on Elasticsearch against a mock that answers the documented REST shapes
// (https://www.elastic.co/guide/en/elasticsearch/reference/current/cat-indices.html with
// format=json: strings for docs.count and store.size; search API: hits.hits[]._source) over
// HTTP/1.1, one request per connection. It records every request line.
#include <gtest/gtest.h>

#include <mutex>

#include "mock_tcp_server.h"
#include "pii/db_scan.h"

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

class EsSession : public MockTcpServer::Session {
 public:
  explicit EsSession(EsLog& log) : log_(log) {}
  MockTcpServer::Step on_bytes(std::string_view pending) override {
    size_t end = pending.find("\r\n\r\n");
    if (end == std::string_view::npos) return {};
    std::string line(pending.substr(0, pending.find("\r\n")));
    {
      std::lock_guard lock(log_.mutex);
      log_.requests.push_back(line);
    }
    std::string body = R"({"error":"not found","status":404})";
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
    return {end + 4,
            "HTTP/1.1 404 Not Found\r\ncontent-length: " + std::to_string(body.size()) +
                "\r\n\r\n" + body,
            true};
  }

 private:
  EsLog& log_;
};

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
