// `pii db` on MongoDB against a mock server that answers listDatabases, listCollections,
// count, collStats and find with the reply shapes of the MongoDB command reference
// (https://www.mongodb.com/docs/manual/reference/command/: cursor.firstBatch, cursor.id,
// cursor.ns, n, ok) over OP_MSG. It logs every command, as mongod's log would, so the test
// can check that only reading commands were sent.
#include <gtest/gtest.h>

#include <mutex>
#include <set>

#include "mock_mongodb.h"
#include "pii/db_scan.h"

using namespace paicha;
using namespace paicha::testing;

namespace {

// Appends `tail`'s elements to the finished document `doc`.
std::string concat(std::string doc, const std::string& tail) {
  doc.pop_back();
  doc.append(tail.substr(4));
  std::string length;
  services::put_i32le(length, static_cast<int32_t>(doc.size()));
  return doc.replace(0, 4, length);
}

std::string cursor_reply(const std::string& ns, const std::vector<std::string>& docs) {
  std::string cursor = bson::Writer().append_int64("id", 0).append_string("ns", ns).finish();
  cursor = with_element(cursor, bson::kArray, "firstBatch", document_array(docs));
  std::string reply = with_element(bson::Writer().finish(), bson::kDocument, "cursor", cursor);
  return concat(reply, bson::Writer().append_double("ok", 1).finish());
}

std::string person(const std::string& name, const std::string& id, const std::string& mobile) {
  std::string address =
      bson::Writer().append_string("city", "北京市").append_string("phone", mobile).finish();
  std::string doc = bson::Writer()
                        .append_string("姓名", name)
                        .append_string("id_card", id)
                        .append_int32("level", 3)
                        .finish();
  return with_element(doc, bson::kDocument, "contact", address);
}

// A CRM database; with `accounts` it requires a SCRAM login first, which the audit's MongoDB
// mock (mock_mongodb.h) performs byte for byte.
class CrmSession : public MockTcpServer::Session {
 public:
  explicit CrmSession(std::vector<std::string>& log, std::mutex& mutex,
                      const MongoMockConfig* accounts = nullptr, MongoMockLog* auth_log = nullptr)
      : log_(log), mutex_(mutex), auth_log_(auth_log) {
    if (accounts) auth_ = std::make_unique<MongoMockSession>(*accounts, *auth_log);
  }
  MockTcpServer::Step on_bytes(std::string_view pending) override {
    mongo::ReplySpan span;
    if (mongo::frame_reply(pending, span) != mongo::Framing::complete) return {};
    int32_t request_id = 0;
    services::ByteReader(pending.substr(4)).i32le(request_id);
    auto doc = bson::Document::parse(pending.substr(span.document_offset, span.document_size));
    std::string command, target;
    doc->for_each([&](const bson::Element& e) {
      if (!command.empty()) return;
      command = std::string(e.name);
      if (auto s = e.as_string()) target = std::string(*s);
    });
    {
      std::lock_guard lock(mutex_);
      log_.push_back(command);
    }
    if (auth_ && (command == "saslStart" || command == "saslContinue"))
      return auth_->on_bytes(pending);
    if (auth_ && auth_log_->successful_logins == 0)
      return {span.length,
              op_msg_reply(request_id, error_reply(13, "Unauthorized", "requires authentication"))};
    return {span.length, op_msg_reply(request_id, handle(command, target))};
  }

 private:
  std::string handle(const std::string& command, const std::string& target) {
    if (command == "listDatabases") {
      std::vector<std::string> dbs;
      for (const char* name : {"admin", "crm"})
        dbs.push_back(bson::Writer()
                          .append_string("name", name)
                          .append_int64("sizeOnDisk", 8192)
                          .append_bool("empty", false)
                          .finish());
      return concat(
          with_element(bson::Writer().finish(), bson::kArray, "databases", document_array(dbs)),
          bson::Writer().append_int64("totalSize", 16384).append_double("ok", 1).finish());
    }
    if (command == "listCollections") {
      std::vector<std::string> infos;
      for (const char* name : {"customers", "products"})
        infos.push_back(bson::Writer()
                            .append_string("name", name)
                            .append_string("type", "collection")
                            .finish());
      infos.push_back(bson::Writer()
                          .append_string("name", "v_customers")
                          .append_string("type", "view")
                          .finish());
      return cursor_reply("crm.$cmd.listCollections", infos);
    }
    if (command == "count")
      return bson::Writer()
          .append_int32("n", target == "customers" ? 3 : 2)
          .append_double("ok", 1)
          .finish();
    if (command == "collStats")
      return bson::Writer()
          .append_string("ns", "crm." + target)
          .append_int32("storageSize", 4096)
          .append_int32("totalIndexSize", 4096)
          .append_double("ok", 1)
          .finish();
    if (command == "find" && target == "customers")
      return cursor_reply("crm.customers", {person("张伟", "11010519491231002X", "13812345678"),
                                            person("王芳", "440304198506120035", "13912345678"),
                                            person("李娜", "11010519491231002X", "15012345678")});
    if (command == "find")
      return cursor_reply("crm.products", {bson::Writer().append_string("sku", "A-1").finish(),
                                           bson::Writer().append_string("sku", "B-2").finish()});
    return error_reply(59, "CommandNotFound", "no such command: '" + command + "'");
  }
  std::vector<std::string>& log_;
  std::mutex& mutex_;
  MongoMockLog* auth_log_;
  std::unique_ptr<MongoMockSession> auth_;
};

}  // namespace

TEST(PiiDbMongodb, CollectionsAndNestedFieldsAreClassifiedReadOnly) {
  std::vector<std::string> log;
  std::mutex mutex;
  MockTcpServer server([&] { return std::make_unique<CrmSession>(log, mutex); });
  Dsn dsn = parse_dsn("mongodb://127.0.0.1:" + std::to_string(server.endpoint().port()));
  auto s = pii::scan_database(dsn, {}, {});
  ASSERT_FALSE(s.error) << *s.error;
  ASSERT_EQ(s.tables.size(), 2u);  // the view is not a collection
  const auto& customers = s.tables[0];
  EXPECT_EQ(customers.info.database, "crm");
  EXPECT_EQ(customers.info.name, "customers");
  EXPECT_EQ(customers.info.rows, 3u);
  EXPECT_EQ(customers.info.bytes, 8192u);
  std::map<std::string, std::optional<pii::PiiType>> types;
  for (const auto& c : customers.columns) types[c.name] = c.verdict.type;
  EXPECT_EQ(types.at("姓名"), pii::PiiType::name);
  EXPECT_EQ(types.at("id_card"), pii::PiiType::cn_id);
  EXPECT_EQ(types.at("contact.phone"), pii::PiiType::mobile);
  EXPECT_FALSE(types.at("contact.city"));
  EXPECT_FALSE(types.at("level"));
  EXPECT_EQ(customers.category, "personal");
  EXPECT_EQ(customers.sensitivity, "sensitive");
  EXPECT_EQ(s.tables[1].category, "business");
  const std::set<std::string> reading = {"listDatabases", "listCollections", "count", "collStats",
                                         "find"};
  std::lock_guard lock(mutex);
  for (const auto& c : log) EXPECT_TRUE(reading.count(c)) << c;
  EXPECT_NE(std::find(log.begin(), log.end(), "find"), log.end());
}

TEST(PiiDbMongodb, PasswordLoginsAndClosedPortsAreErrorsNamingTheDsn) {
  auto refused = pii::scan_database(parse_dsn("mongodb://127.0.0.1:1"), {}, {});
  ASSERT_TRUE(refused.error);
  EXPECT_NE(refused.error->find("mongodb://127.0.0.1:1"), std::string::npos);
  auto with_password = pii::scan_database(parse_dsn("mongodb://u@127.0.0.1:1"), {"u", "pw"}, {});
  ASSERT_TRUE(with_password.error);
  EXPECT_EQ(with_password.error->find("pw"), std::string::npos);
}

TEST(PiiDbMongodb, LogsInWithScramBeforeSampling) {
  MongoMockConfig accounts;
  accounts.users = {MongoUser{"admin", "dba", "Str0ng-Pass!", {"SCRAM-SHA-256"}, {}}};
  MongoMockLog auth_log;
  std::vector<std::string> log;
  std::mutex mutex;
  MockTcpServer server(
      [&] { return std::make_unique<CrmSession>(log, mutex, &accounts, &auth_log); });
  const std::string port = std::to_string(server.endpoint().port());
  // No login: the protected server refuses, and the error names the DSN.
  auto refused = pii::scan_database(parse_dsn("mongodb://127.0.0.1:" + port), {}, {});
  ASSERT_TRUE(refused.error);
  // A wrong password fails the SCRAM proof; the password is never in the message.
  auto wrong =
      pii::scan_database(parse_dsn("mongodb://dba@127.0.0.1:" + port), {"dba", "wrong1"}, {});
  ASSERT_TRUE(wrong.error);
  EXPECT_EQ(wrong.error->find("wrong1"), std::string::npos);
  EXPECT_EQ(auth_log.successful_logins, 0);
  // The right one logs in (and verifies the server's signature), then samples.
  auto s =
      pii::scan_database(parse_dsn("mongodb://dba@127.0.0.1:" + port), {"dba", "Str0ng-Pass!"}, {});
  ASSERT_FALSE(s.error) << *s.error;
  EXPECT_EQ(auth_log.successful_logins, 1);
  ASSERT_EQ(s.tables.size(), 2u);
  EXPECT_EQ(s.tables[0].category, "personal");
}
