// The Elasticsearch/OpenSearch audit against a mock REST server: these are the Elasticsearch
// scenarios (no Debian package, so no testenv instance). The mock answers like an Elasticsearch
// 8 node: 401 with `WWW-Authenticate: Basic realm="security"` and a security_exception body when
// security is on and no (or wrong) credentials come, the documented JSON bodies otherwise. Its
// request log proves that only GET requests were sent and that the guess budget held.
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <asio/co_spawn.hpp>
#include <asio/io_context.hpp>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>

#include "core/i18n.h"
#include "mock_tcp_server.h"
#include "services/elasticsearch/checks.h"
#include "services/guessing.h"

namespace paicha::services::elasticsearch {
namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(PAICHA_TEST_DATA_DIR) + "/elasticsearch/" + name, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

struct EsConfig {
  bool security = true;
  std::map<std::string, std::string> users;  // user -> password
  std::string cat_indices = fixture("cat_indices.json");
  std::string nodes_settings = fixture("nodes_settings_audit_off.json");
  std::string cluster_stats = fixture("cluster_stats.json");
};

struct EsLog {
  std::mutex mutex;
  std::vector<std::string> requests;  // "METHOD path"
  std::map<std::string, int> basic_attempts;

  std::vector<std::string> all() {
    std::lock_guard lock(mutex);
    return requests;
  }
  int attempts(const std::string& user) {
    std::lock_guard lock(mutex);
    return basic_attempts.count(user) ? basic_attempts.at(user) : 0;
  }
};

std::string decode_base64(std::string_view text) {
  std::string out(text.size(), '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0) return {};
  out.resize(static_cast<size_t>(n));
  while (!out.empty() && out.back() == '\0') out.pop_back();
  return out;
}

std::string response(int status, std::string_view reason, std::string_view body,
                     std::string_view extra_headers = "") {
  return "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason) +
         "\r\nX-elastic-product: Elasticsearch\r\n" + std::string(extra_headers) +
         "content-type: application/json\r\ncontent-length: " + std::to_string(body.size()) +
         "\r\n\r\n" + std::string(body);
}

class EsSession : public paicha::testing::MockTcpServer::Session {
 public:
  EsSession(const EsConfig& config, EsLog& log) : config_(config), log_(log) {}

  paicha::testing::MockTcpServer::Step on_bytes(std::string_view pending) override {
    const size_t end = pending.find("\r\n\r\n");
    if (end == std::string_view::npos) return {};
    const std::string_view head = pending.substr(0, end);
    const std::string_view line = head.substr(0, head.find("\r\n"));
    const std::string_view method = line.substr(0, line.find(' '));
    const size_t path_at = line.find(' ') + 1;
    const std::string path(line.substr(path_at, line.rfind(' ') - path_at));
    {
      std::lock_guard lock(log_.mutex);
      log_.requests.push_back(std::string(method) + " " + path);
    }
    return {end + 4, route(method, path, authorization(head)), true};
  }

 private:
  static std::string authorization(std::string_view head) {
    const std::string_view key = "\r\nAuthorization: Basic ";
    const size_t at = head.find(key);
    if (at == std::string_view::npos) return {};
    const size_t from = at + key.size();
    const size_t to = head.find("\r\n", from);
    return decode_base64(head.substr(from, to == std::string_view::npos ? to : to - from));
  }

  std::string route(std::string_view method, const std::string& path,
                    const std::string& credentials) {
    if (method != "GET") return response(405, "Method Not Allowed", "{}");
    if (config_.security) {
      bool allowed = false;
      if (!credentials.empty()) {
        const std::string user = credentials.substr(0, credentials.find(':'));
        const std::string password = credentials.substr(credentials.find(':') + 1);
        {
          std::lock_guard lock(log_.mutex);
          ++log_.basic_attempts[user];
        }
        const auto it = config_.users.find(user);
        allowed = it != config_.users.end() && it->second == password;
      }
      if (!allowed)
        return response(401, "Unauthorized", fixture("security_exception_401.json"),
                        "WWW-Authenticate: Basic realm=\"security\" charset=\"UTF-8\"\r\n"
                        "WWW-Authenticate: ApiKey\r\n");
    }
    if (path.rfind("/_cat/indices", 0) == 0) return response(200, "OK", config_.cat_indices);
    if (path.rfind("/_nodes/settings", 0) == 0) return response(200, "OK", config_.nodes_settings);
    if (path.rfind("/_cluster/stats", 0) == 0) return response(200, "OK", config_.cluster_stats);
    if (path == "/") return response(200, "OK", fixture("root.json"));
    return response(404, "Not Found", "{\"error\":\"no handler\"}");
  }

  const EsConfig& config_;
  EsLog& log_;
};

class EsMock {
 public:
  explicit EsMock(EsConfig config, bool tls = false)
      : config_(std::move(config)),
        server_([this] { return std::make_unique<EsSession>(config_, log_); }, tls) {}
  asio::ip::tcp::endpoint endpoint() const { return server_.endpoint(); }
  EsLog& log() { return log_; }

 private:
  EsConfig config_;
  EsLog log_;
  paicha::testing::MockTcpServer server_;
};

struct Outcome {
  std::vector<Finding> findings;
  std::vector<std::string> notes;
  const Finding* find(std::string_view rule) const {
    for (const auto& f : findings)
      if (f.rule == rule) return &f;
    return nullptr;
  }
  bool has(std::string_view rule) const { return find(rule) != nullptr; }
};

struct Options {
  std::vector<std::string> passwords{"123456", "changeme", "elastic"};
  int max_attempts = 5;
  int concurrency = 1;
  std::optional<Credential> login;
  std::optional<bool> tls;
};

Outcome audit(EsMock& mock, const Options& options = {}) {
  AuditContext context;
  context.endpoint = mock.endpoint();
  context.asset.host = "127.0.0.1";
  context.asset.port = mock.endpoint().port();
  context.asset.service = "elasticsearch";
  context.asset.product = "Elasticsearch";
  context.asset.tls = options.tls;
  context.timeout = Millis(2000);
  context.login = options.login;
  context.guess.users = default_users();
  context.guess.passwords = options.passwords;
  context.guess.max_attempts_per_account = options.max_attempts;
  context.guess.concurrency = options.concurrency;
  context.guess.pace = Millis(0);
  asio::io_context io;
  asio::co_spawn(io, audit_elasticsearch(context), [](std::exception_ptr e) {
    if (e) std::rethrow_exception(e);
  });
  io.run();
  return Outcome{context.take_findings(), context.take_notes()};
}

void expect_only_gets(EsLog& log) {
  const auto requests = log.all();
  EXPECT_FALSE(requests.empty());
  for (const auto& r : requests) EXPECT_EQ(r.rfind("GET ", 0), 0u) << r;
}

class ElasticsearchAudit : public ::testing::Test {
 protected:
  void SetUp() override { set_lang(Lang::zh); }
  void TearDown() override { set_lang(Lang::zh); }
};

TEST_F(ElasticsearchAudit, OpenClusterIsReported) {
  EsConfig config;
  config.security = false;
  EsMock mock(config);
  const Outcome out = audit(mock);
  const Finding* open = out.find("elasticsearch.unauthorized_access");
  ASSERT_TRUE(open);
  EXPECT_NE(open->evidence.find("4 个索引，共 4.0 GB"), std::string::npos) << open->evidence;
  EXPECT_TRUE(out.has("elasticsearch.no_tls"));
  const Finding* audit_off = out.find("elasticsearch.no_audit");
  ASSERT_TRUE(audit_off);
  EXPECT_NE(audit_off->evidence.find("es-node-1"), std::string::npos);
  EXPECT_EQ(audit_off->evidence.find("es-node-2"), std::string::npos);
  EXPECT_FALSE(out.has("elasticsearch.weak_password"));
  expect_only_gets(mock.log());
}

TEST_F(ElasticsearchAudit, LongIndexListFallsBackToClusterStats) {
  EsConfig config;
  config.security = false;
  config.cat_indices = "[";
  for (int i = 0; i < 3000; ++i)
    config.cat_indices += (i ? "," : "") + std::string("{\"index\":\"logs-") + std::to_string(i) +
                          "\",\"store.size\":\"1024\"}";
  config.cat_indices += "]";
  EsMock mock(config);
  set_lang(Lang::en);
  const Outcome out = audit(mock);
  const Finding* open = out.find("elasticsearch.unauthorized_access");
  ASSERT_TRUE(open);
  EXPECT_NE(open->evidence.find("2400 indices, 5.0 TB"), std::string::npos) << open->evidence;
}

TEST_F(ElasticsearchAudit, SecuredClusterWithWeakPassword) {
  EsConfig config;
  config.users = {{"elastic", "changeme"}};
  EsMock mock(config);
  const Outcome out = audit(mock);
  EXPECT_FALSE(out.has("elasticsearch.unauthorized_access"));
  const Finding* weak = out.find("elasticsearch.weak_password");
  ASSERT_TRUE(weak);
  EXPECT_EQ(weak->evidence.find("changeme"), std::string::npos) << weak->evidence;
  EXPECT_NE(weak->evidence.find(mask_secret("changeme")), std::string::npos);
  EXPECT_EQ(weak->evidence_key, "elastic");
  EXPECT_EQ(mock.log().attempts("elastic"), 2);  // stopped at the first success
  EXPECT_EQ(mock.log().attempts("admin"), 0);
  expect_only_gets(mock.log());
}

TEST_F(ElasticsearchAudit, StrongPasswordsAndBudget) {
  EsConfig config;
  config.users = {{"elastic", "x7#Lq9!vB2@pZ"}};
  EsMock mock(config);
  Options options;
  options.passwords = {"1", "2", "3", "4", "5", "6", "7"};
  options.max_attempts = 3;
  options.concurrency = 4;
  const Outcome out = audit(mock, options);
  EXPECT_FALSE(out.has("elasticsearch.weak_password"));
  for (const std::string user : {"elastic", "admin", "kibana"})
    EXPECT_EQ(mock.log().attempts(user), 3) << user;
  // Without credentials the audit settings stay unread, and a note says so.
  EXPECT_FALSE(out.has("elasticsearch.no_audit"));
  EXPECT_FALSE(out.notes.empty());
}

TEST_F(ElasticsearchAudit, SuppliedCredentialsReadAuditSettings) {
  EsConfig config;
  config.users = {{"auditor", "S3cure-Auditor!"}};
  EsMock mock(config);
  Options options;
  options.login = Credential{"auditor", "S3cure-Auditor!", ""};
  options.passwords = {};
  const Outcome out = audit(mock, options);
  EXPECT_TRUE(out.has("elasticsearch.no_audit"));
  EXPECT_EQ(mock.log().attempts("auditor"), 1);
}

TEST_F(ElasticsearchAudit, HardenedClusterOverTlsHasNoFindings) {
  EsConfig config;
  config.users = {{"auditor", "S3cure-Auditor!"}};
  config.nodes_settings = fixture("nodes_settings_audit_on.json");
  EsMock mock(config, /*tls=*/true);
  Options options;
  options.login = Credential{"auditor", "S3cure-Auditor!", ""};
  options.tls = true;
  const Outcome out = audit(mock, options);
  for (const auto& f : out.findings)
    ADD_FAILURE() << "unexpected finding " << f.rule << ": " << f.evidence;
  expect_only_gets(mock.log());
}

TEST_F(ElasticsearchAudit, TlsFoundEvenWhenIdentificationDidNotSayso) {
  EsConfig config;
  config.users = {{"auditor", "S3cure-Auditor!"}};
  EsMock mock(config, /*tls=*/true);
  const Outcome out = audit(mock);  // asset.tls unknown
  EXPECT_FALSE(out.has("elasticsearch.no_tls"));
  EXPECT_FALSE(out.has("elasticsearch.unauthorized_access"));
}

}  // namespace
}  // namespace paicha::services::elasticsearch
