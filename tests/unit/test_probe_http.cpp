#include <gtest/gtest.h>

#include "services/etcd/probe.h"
#include "services/http/http_reply.h"
#include "services/http/probe.h"
#include "services/influxdb/probe.h"
#include "test_probe_helpers.h"

namespace paicha::services::http {
namespace {

std::string response(std::string status_and_headers, const std::string& body) {
  return status_and_headers + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

TEST(HttpReplyParser, ContentLengthChunkedAndIncomplete) {
  HttpReply r;
  const std::string full = response("HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\n", "hello");
  EXPECT_EQ(parse_reply(full, r), ReplyState::complete);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.reason, "OK");
  EXPECT_EQ(r.header("server"), "nginx/1.22.1");
  EXPECT_EQ(r.body, "hello");
  EXPECT_EQ(parse_reply(full.substr(0, full.size() - 1), r), ReplyState::incomplete);
  EXPECT_EQ(parse_reply("HTTP/1.1 200 OK\r\nServer: x\r\n", r), ReplyState::incomplete);
  EXPECT_EQ(parse_reply("HTT", r), ReplyState::incomplete);

  const std::string chunked =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;x=y\r\n "
      "world\r\n0\r\n\r\n";
  EXPECT_EQ(parse_reply(chunked, r), ReplyState::complete);
  EXPECT_EQ(r.body, "hello world");
  EXPECT_EQ(parse_reply(chunked.substr(0, chunked.size() - 7), r), ReplyState::incomplete);

  EXPECT_EQ(parse_reply("SSH-2.0-x\r\n", r), ReplyState::not_http);
  EXPECT_EQ(parse_reply("HTTP/1.1 abc\r\n\r\n", r), ReplyState::not_http);
  EXPECT_EQ(parse_reply("HTTP/1.0 200 OK\r\n\r\n<html>", r), ReplyState::complete);  // EOF-framed
  EXPECT_EQ(r.body, "<html>");
}

TEST(HttpProbe, RequestIsAPlainGet) {
  const std::string req = root_request();
  EXPECT_EQ(req.rfind("GET / HTTP/1.1\r\n", 0), 0u);
  EXPECT_NE(req.find("\r\nConnection: close\r\n"), std::string::npos);
  EXPECT_NE(req.find("\r\nUser-Agent: paicha\r\n"), std::string::npos);
  EXPECT_EQ(req.substr(req.size() - 4), "\r\n\r\n");
}

TEST(HttpProbe, GenericServerAndTitle) {
  const std::string page =
      "<html><head><TITLE>\n  某某学校 &amp; 数据中心\t登录 </TITLE></head></html>";
  const ParseResult r =
      parse_root_reply(response("HTTP/1.1 200 OK\r\nServer: Apache/2.4.57 (Debian)\r\n", page));
  ASSERT_EQ(r.verdict, Verdict::matched);
  EXPECT_EQ(r.id.service, "http");
  EXPECT_EQ(r.id.product, "Apache");
  EXPECT_EQ(r.id.version, "2.4.57");
  EXPECT_EQ(r.id.info, "status 200; title 某某学校 & 数据中心 登录");
}

TEST(HttpProbe, TitleIsCutAndEntitiesDecoded) {
  EXPECT_EQ(html_title("<title>&#20013;&#x6587; &lt;b&gt;</title>"), "中文 <b>");
  EXPECT_EQ(html_title("<titlex>no</titlex>"), "");
  EXPECT_EQ(html_title("<title>" + std::string(200, 'a') + "</title>").size(), 83u);
}

TEST(HttpProbe, RedirectAndAuth) {
  ParseResult r =
      parse_root_reply(response("HTTP/1.1 301 Moved\r\nLocation: https://example.test/\r\n", ""));
  ASSERT_EQ(r.verdict, Verdict::matched);
  EXPECT_EQ(r.id.info, "status 301; redirect https://example.test/");
  r = parse_root_reply(
      response("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"x\"\r\n", ""));
  EXPECT_EQ(r.id.info, "status 401; auth required Basic");
}

// GET / of Elasticsearch, as in the Elasticsearch REST API reference ("Root API").
TEST(HttpProbe, ElasticsearchRoot) {
  const std::string body = R"({
  "name" : "node-1",
  "cluster_name" : "elasticsearch",
  "cluster_uuid" : "x3TeaQeMRGmEGfnkd3gVKQ",
  "version" : {
    "number" : "8.11.1",
    "build_flavor" : "default",
    "build_type" : "deb",
    "build_hash" : "6f9ff581fbcde658e6f69d6ce03050f060d1fd0c",
    "build_date" : "2023-11-11T10:05:59.421038163Z",
    "build_snapshot" : false,
    "lucene_version" : "9.8.0",
    "minimum_wire_compatibility_version" : "7.17.0",
    "minimum_index_compatibility_version" : "7.0.0"
  },
  "tagline" : "You Know, for Search"
}
)";
  const ParseResult r = parse_root_reply(response(
      "HTTP/1.1 200 OK\r\nX-elastic-product: Elasticsearch\r\ncontent-type: application/json\r\n",
      body));
  ASSERT_EQ(r.verdict, Verdict::matched);
  EXPECT_EQ(r.id.service, "elasticsearch");
  EXPECT_EQ(r.id.product, "Elasticsearch");
  EXPECT_EQ(r.id.version, "8.11.1");
  EXPECT_EQ(r.id.info, "cluster elasticsearch; lucene 9.8.0; no auth");
}

TEST(HttpProbe, OpenSearchRoot) {
  const std::string body =
      R"({"name":"n1","cluster_name":"docker-cluster","version":{"distribution":"opensearch",)"
      R"("number":"2.11.0","lucene_version":"9.7.0"},)"
      R"("tagline":"The OpenSearch Project: https://opensearch.org/"})";
  const ParseResult r = parse_root_reply(response("HTTP/1.1 200 OK\r\n", body));
  ASSERT_EQ(r.verdict, Verdict::matched);
  EXPECT_EQ(r.id.product, "OpenSearch");
  EXPECT_EQ(r.id.version, "2.11.0");
}

// Elasticsearch with security enabled: 401, WWW-Authenticate: Basic realm="security".
TEST(HttpProbe, ElasticsearchAuthRequired) {
  const std::string body =
      R"({"error":{"root_cause":[{"type":"security_exception","reason":"missing authentication )"
      R"(credentials for REST request [/]","header":{"WWW-Authenticate":["Basic realm=\"security\")"
      R"( charset=\"UTF-8\"","ApiKey"]}}],"type":"security_exception","reason":"missing )"
      R"(authentication credentials for REST request [/]"},"status":401})";
  const ParseResult r = parse_root_reply(response(
      "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"security\" "
      "charset=\"UTF-8\"\r\nWWW-Authenticate: ApiKey\r\ncontent-type: application/json\r\n",
      body));
  ASSERT_EQ(r.verdict, Verdict::matched);
  EXPECT_EQ(r.id.service, "elasticsearch");
  EXPECT_EQ(r.id.version, "");
  EXPECT_EQ(r.id.info, "auth required");
}

// CouchDB's documented GET / reply.
TEST(HttpProbe, CouchDbWelcome) {
  const std::string body =
      R"({"couchdb":"Welcome","version":"3.3.2","git_sha":"11a234070","uuid":"85fb71bf700c17267fef77535820e371",)"
      R"("features":["access-ready","partitioned"],"vendor":{"name":"The Apache Software Foundation"}})";
  const ParseResult r = parse_root_reply(
      response("HTTP/1.1 200 OK\r\nServer: CouchDB/3.3.2 (Erlang OTP/24)\r\n", body));
  ASSERT_EQ(r.verdict, Verdict::matched);
  EXPECT_EQ(r.id.service, "couchdb");
  EXPECT_EQ(r.id.version, "3.3.2");
  EXPECT_EQ(r.id.info, "vendor The Apache Software Foundation");
}

TEST(HttpProbe, ClickHouseDefaultResponse) {
  const ParseResult r =
      parse_root_reply(response("HTTP/1.1 200 OK\r\nKeep-Alive: timeout=3\r\n", "Ok.\n"));
  ASSERT_EQ(r.verdict, Verdict::matched);
  EXPECT_EQ(r.id.service, "clickhouse");
  EXPECT_EQ(r.id.product, "ClickHouse");
}

// InfluxDB documents GET /ping -> 204 with X-Influxdb-Build and X-Influxdb-Version.
TEST(HttpProbe, InfluxDbPing) {
  const std::string reply =
      "HTTP/1.1 204 No Content\r\nContent-Type: application/json\r\nRequest-Id: "
      "9c5b2a2c\r\nX-Influxdb-Build: OSS\r\nX-Influxdb-Version: v2.7.4\r\n\r\n";
  ParseResult r = influxdb::parse_ping_reply(reply);
  ASSERT_EQ(r.verdict, Verdict::matched);
  EXPECT_EQ(r.id.service, "influxdb");
  EXPECT_EQ(r.id.version, "2.7.4");
  EXPECT_EQ(r.id.info, "build OSS");
  EXPECT_EQ(influxdb::ping_request().rfind("GET /ping HTTP/1.1\r\n", 0), 0u);
  // Not InfluxDB: the generic probe will name it.
  r = influxdb::parse_ping_reply(response("HTTP/1.1 404 Not Found\r\n", "nope"));
  EXPECT_EQ(r.verdict, Verdict::no_match);
  // The root probe recognises InfluxDB too.
  EXPECT_EQ(parse_root_reply(reply).id.service, "influxdb");
}

TEST(HttpProbe, EtcdVersion) {
  const ParseResult r =
      etcd::parse_version_reply(response("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n",
                                         R"({"etcdserver":"3.5.9","etcdcluster":"3.5.0"})"));
  ASSERT_EQ(r.verdict, Verdict::matched);
  EXPECT_EQ(r.id.service, "etcd");
  EXPECT_EQ(r.id.version, "3.5.9");
  EXPECT_EQ(r.id.info, "cluster 3.5.0");
  EXPECT_EQ(etcd::parse_version_reply(response("HTTP/1.1 200 OK\r\n", "{}")).verdict,
            Verdict::no_match);
  EXPECT_EQ(etcd::parse_version_reply("HTTP/1.1 200 OK\r\nContent-Length: 40\r\n\r\n{").verdict,
            Verdict::need_more);
}

TEST(HttpProbe, GarbageIsNotHttp) {
  EXPECT_EQ(parse_root_reply("-ERR wrong\r\n").verdict, Verdict::no_match);
  EXPECT_EQ(parse_root_reply("").verdict, Verdict::need_more);
  EXPECT_EQ(parse_root_reply(std::string(300, 'H')).verdict, Verdict::no_match);
}

}  // namespace
}  // namespace paicha::services::http
