// `pii db` on MongoDB against a mock server that answers listDatabases, listCollections,
// count, collStats, find, getMore and killCursors with the reply shapes of the MongoDB command
// reference (https://www.mongodb.com/docs/manual/reference/command/: cursor.firstBatch,
// cursor.nextBatch, cursor.id, cursor.ns, n, ok, cursorsKilled) over OP_MSG, after the
// handshake libmongoc opens each connection with (a legacy OP_QUERY isMaster, answered with
// OP_REPLY). It logs every command, as mongod's log would, so the test can check that only
// reading commands were sent.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <mutex>
#include <set>

#include "mock_mongodb.h"
#include "pii/db_scan.h"
#include "pii/validators.h"

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

// Collections served through cursors as mongod serves them: find without singleBatch answers
// batchSize documents (101 by default) in cursor.firstBatch with a non-zero cursor.id while more
// are left, getMore answers the next batch in cursor.nextBatch, and id 0 says the cursor is
// exhausted (and closed). getMore refuses what mongod refuses: an id that is not a long,
// another collection, maxTimeMS on a cursor that is not tailable+awaitData, an unknown cursor.
// Shared by every connection of one server.
struct CursorStore {
  struct Collection {
    std::string name;
    std::vector<std::string> documents;
    int failing_get_more = 0;  // the n-th getMore on it fails with QueryPlanKilled; 0: none
    int get_mores = 0;
  };
  std::mutex mutex;
  std::vector<Collection> collections;
  // What the client sent.
  std::vector<std::string> projections;  // per find: "field:value,..."; "" without one
  std::vector<int64_t> find_batch_sizes, find_max_time;
  int get_mores = 0;
  std::vector<int64_t> opened, killed;  // cursor ids

  Collection* find_collection(std::string_view name) {
    for (auto& c : collections)
      if (c.name == name) return &c;
    return nullptr;
  }

  std::string find(Collection& c, const bson::Document& command) {
    auto number = [&](std::string_view name, int64_t otherwise) {
      auto e = command.find(name);
      return e && e->as_int() ? *e->as_int() : otherwise;
    };
    std::string rendered;
    std::map<std::string, int64_t> projection;
    if (auto e = command.find("projection"))
      if (auto p = bson::Document::open(*e))
        p->for_each([&](const bson::Element& f) {
          projection[std::string(f.name)] = f.as_int().value_or(1);
          rendered += (rendered.empty() ? "" : ",") + std::string(f.name) + ":" +
                      std::to_string(f.as_int().value_or(1));
        });
    std::vector<std::string> docs;
    for (const auto& d : c.documents) docs.push_back(project(d, projection));
    if (auto single = command.find("singleBatch"); single && single->as_bool().value_or(false)) {
      docs.resize(std::min(docs.size(), static_cast<size_t>(number("limit", 0))));
      return batch_reply("firstBatch", 0, c.name, docs);
    }
    projections.push_back(rendered);
    const auto batch = static_cast<size_t>(number("batchSize", 101));
    find_batch_sizes.push_back(static_cast<int64_t>(batch));
    find_max_time.push_back(number("maxTimeMS", 0));
    if (docs.size() <= batch) return batch_reply("firstBatch", 0, c.name, docs);
    const int64_t id = next_id_++;
    opened.push_back(id);
    cursors_[id] = {
        &c, std::vector<std::string>(docs.begin() + static_cast<ptrdiff_t>(batch), docs.end())};
    docs.resize(batch);
    return batch_reply("firstBatch", id, c.name, docs);
  }

  std::string get_more(const bson::Document& command) {
    ++get_mores;
    auto id_element = command.find("getMore");
    if (!id_element || id_element->type != bson::kInt64)
      return error_reply(14, "TypeMismatch",
                         "BSON field 'getMore.getMore' is the wrong type, expected type 'long'");
    if (command.find("maxTimeMS"))
      return error_reply(2, "BadValue",
                         "cannot set maxTimeMS on getMore command for a non-awaitData cursor");
    const int64_t id = *id_element->as_int();
    auto it = cursors_.find(id);
    if (it == cursors_.end())
      return error_reply(43, "CursorNotFound", "cursor id " + std::to_string(id) + " not found");
    Collection& c = *it->second.collection;
    auto collection = command.find("collection");
    if (!collection || collection->as_string() != std::optional<std::string_view>(c.name))
      return error_reply(13, "Unauthorized", "Requested getMore on a different namespace");
    if (++c.get_mores == c.failing_get_more) {
      cursors_.erase(it);  // mongod kills a cursor whose getMore fails
      return error_reply(175, "QueryPlanKilled", "collection dropped during the query");
    }
    auto& left = it->second.left;
    auto e = command.find("batchSize");
    const size_t batch = e && e->as_int() ? static_cast<size_t>(*e->as_int()) : left.size();
    std::vector<std::string> docs(
        left.begin(), left.begin() + static_cast<ptrdiff_t>(std::min(batch, left.size())));
    left.erase(left.begin(), left.begin() + static_cast<ptrdiff_t>(docs.size()));
    int64_t reply_id = id;
    if (left.empty()) {
      cursors_.erase(it);
      reply_id = 0;
    }
    return batch_reply("nextBatch", reply_id, c.name, docs);
  }

  std::string kill_cursors(const bson::Document& command) {
    std::vector<int64_t> found, missing;
    if (auto e = command.find("cursors"))
      if (auto ids = bson::Document::open(*e))
        ids->for_each([&](const bson::Element& id) {
          if (id.type != bson::kInt64) return;
          killed.push_back(*id.as_int());
          (cursors_.erase(*id.as_int()) ? found : missing).push_back(*id.as_int());
        });
    auto ids = [](const std::vector<int64_t>& list) {
      bson::Writer w;
      for (size_t i = 0; i < list.size(); ++i) w.append_int64(std::to_string(i), list[i]);
      return w.finish();
    };
    std::string reply = bson::Writer().finish();
    reply = with_element(reply, bson::kArray, "cursorsKilled", ids(found));
    reply = with_element(reply, bson::kArray, "cursorsNotFound", ids(missing));
    reply = with_element(reply, bson::kArray, "cursorsAlive", ids({}));
    reply = with_element(reply, bson::kArray, "cursorsUnknown", ids({}));
    return with_element(reply, bson::kDouble, "ok", std::string("\0\0\0\0\0\0\xf0\x3f", 8));
  }

 private:
  struct Open {
    Collection* collection;
    std::vector<std::string> left;
  };

  // An inclusion projection of top-level fields ({a: 1, _id: 0}), as the sampler sends.
  static std::string project(const std::string& doc,
                             const std::map<std::string, int64_t>& projection) {
    if (projection.empty()) return doc;
    std::string out(4, '\0');
    bson::Document::parse(doc)->for_each([&](const bson::Element& e) {
      auto p = projection.find(std::string(e.name));
      const bool keep = p != projection.end() ? p->second != 0 : e.name == "_id";
      if (!keep) return;
      out += static_cast<char>(e.type);
      out.append(e.name);
      out += '\0';
      out.append(e.value);
    });
    out += '\0';
    std::string length;
    services::put_i32le(length, static_cast<int32_t>(out.size()));
    return out.replace(0, 4, length);
  }

  // {cursor: {firstBatch|nextBatch: [...], id, ns}, ok: 1}, in mongod's order.
  static std::string batch_reply(std::string_view batch, int64_t id, const std::string& name,
                                 const std::vector<std::string>& docs) {
    std::string cursor =
        with_element(bson::Writer().finish(), bson::kArray, batch, document_array(docs));
    std::string tail =
        bson::Writer().append_int64("id", id).append_string("ns", "crm." + name).finish();
    cursor.pop_back();
    cursor.append(tail.substr(4));
    std::string length;
    services::put_i32le(length, static_cast<int32_t>(cursor.size()));
    cursor.replace(0, 4, length);
    std::string reply = with_element(bson::Writer().finish(), bson::kDocument, "cursor", cursor);
    return with_element(reply, bson::kDouble, "ok", std::string("\0\0\0\0\0\0\xf0\x3f", 8));
  }

  std::map<int64_t, Open> cursors_;
  int64_t next_id_ = 0x5eed00000001;  // beyond 32 bits, as real cursor ids are
};

// A CRM database; with `accounts` it requires a SCRAM login first. The handshake (the driver's
// legacy OP_QUERY isMaster, later hellos over OP_MSG), the login, ping, buildInfo and
// endSessions are answered by the audit's MongoDB mock (mock_mongodb.h) byte for byte. `store`
// adds collections read through cursors.
class CrmSession : public MockTcpServer::Session {
 public:
  explicit CrmSession(std::vector<std::string>& log, std::mutex& mutex,
                      const MongoMockConfig* accounts = nullptr, MongoMockLog* auth_log = nullptr,
                      CursorStore* store = nullptr)
      : log_(log), mutex_(mutex), auth_log_(auth_log), store_(store) {
    if (!accounts) open_.auth = false;
    server_ = std::make_unique<MongoMockSession>(accounts ? *accounts : open_,
                                                 auth_log ? *auth_log : server_log_);
  }
  MockTcpServer::Step on_bytes(std::string_view pending) override {
    MongoRequest request;
    const auto framing = parse_request(pending, request);
    if (framing == mongo::Framing::incomplete) return {};
    if (framing == mongo::Framing::invalid) return {pending.size(), {}, true};
    auto doc = bson::Document::parse(request.document);
    const std::string& command = request.command;
    std::string target;
    doc->for_each([&](const bson::Element& e) {
      if (auto s = e.as_string(); s && target.empty() && e.name == command)
        target = std::string(*s);
    });
    {
      std::lock_guard lock(mutex_);
      log_.push_back(command);
    }
    if (request.op_code != mongo::kOpMsg || command == "hello" || command == "isMaster" ||
        command == "saslStart" || command == "saslContinue" || command == "ping" ||
        command == "buildInfo" || command == "endSessions")
      return server_->on_bytes(pending);
    auto answer = [&](const std::string& reply) {
      return MockTcpServer::Step{request.length, reply_to(request, reply)};
    };
    if (auth_log_ && auth_log_->successful_logins == 0)
      return answer(error_reply(13, "Unauthorized", "requires authentication"));
    if (store_) {
      std::lock_guard lock(store_->mutex);
      if (command == "getMore") return answer(store_->get_more(*doc));
      if (command == "killCursors") return answer(store_->kill_cursors(*doc));
      if (auto* c = store_->find_collection(target)) {
        if (command == "find") return answer(store_->find(*c, *doc));
        if (command == "count")
          return answer(bson::Writer()
                            .append_int32("n", static_cast<int32_t>(c->documents.size()))
                            .append_double("ok", 1)
                            .finish());
      }
    }
    return answer(handle(command, target));
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
      if (store_) {
        std::lock_guard lock(store_->mutex);
        for (const auto& c : store_->collections)
          infos.push_back(bson::Writer()
                              .append_string("name", c.name)
                              .append_string("type", "collection")
                              .finish());
      }
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
  CursorStore* store_;
  MongoMockConfig open_;  // without `accounts`: no authorization
  MongoMockLog server_log_;
  std::unique_ptr<MongoMockSession> server_;
};

// What the sampler may send through libmongoc: the handshake and login, ping (which makes the
// driver connect before anything is listed), buildInfo, the reading commands, getMore and
// killCursors of its cursors, and endSessions, with which the driver ends its server sessions
// as the client closes (it ends sessions; it writes no data).
const std::set<std::string>& reading_commands() {
  static const std::set<std::string> reading = {
      "isMaster",  "hello",         "saslStart",       "saslContinue", "ping",
      "buildInfo", "listDatabases", "listCollections", "count",        "collStats",
      "find",      "getMore",       "killCursors",     "endSessions"};
  return reading;
}

std::string mobile(const char* prefix, int i) {
  char digits[16];
  std::snprintf(digits, sizeof digits, "%s%08d", prefix, i);
  return digits;
}

// 2500 members. contact.mobile: a valid mobile in 1700 of the first 2000, a look-alike with a
// prefix no carrier has (100) in the other 300, none in the last 500; phones[]: two valid
// mobiles in every fourth of the first 2000 (1000 values). The last 500 also carry valid
// mobiles under paths the first documents lack (contact.backup, a top-level note): not
// columns, so not counted. Truth: 1700 + 1000 = 2700 validated mobiles.
std::vector<std::string> members() {
  std::vector<std::string> docs;
  for (int i = 0; i < 2500; ++i) {
    bson::Writer contact;
    contact.append_string("city", "北京市");
    if (i < 2000) contact.append_string("mobile", mobile(i % 20 < 17 ? "138" : "100", i));
    if (i >= 2000) contact.append_string("backup", mobile("139", i));
    std::string doc = bson::Writer()
                          .append_int32("_id", i)
                          .append_int32("level", i % 5)
                          .append_document("contact", contact.finish())
                          .finish();
    if (i < 2000 && i % 4 == 0)
      doc = with_element(doc, bson::kArray, "phones",
                         string_array({mobile("150", i), mobile("186", i)}));
    if (i >= 2000)
      doc = concat(doc, bson::Writer().append_string("note", mobile("137", i)).finish());
    docs.push_back(doc);
  }
  return docs;
}

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
  std::lock_guard lock(mutex);
  for (const auto& c : log) EXPECT_TRUE(reading_commands().count(c)) << c;
  EXPECT_NE(std::find(log.begin(), log.end(), "find"), log.end());
  // libmongoc opens each connection with the legacy OP_QUERY isMaster.
  ASSERT_FALSE(log.empty());
  EXPECT_EQ(log.front(), "isMaster");
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

namespace {

// `pii db --exact` with a 100-document sample against `server`.
pii::DbSourceResult scan_exactly(const MockTcpServer& server) {
  pii::DbScanOptions options;
  options.exact = true;
  options.sampler.sample_rows = 100;
  return pii::scan_database(
      parse_dsn("mongodb://127.0.0.1:" + std::to_string(server.endpoint().port())), {}, options);
}

}  // namespace

TEST(PiiDbMongodb, ExactCountsReadWholeCollectionsThroughGetMore) {
  std::vector<std::string> log;
  std::mutex mutex;
  CursorStore store;
  store.collections.push_back({.name = "members", .documents = members()});
  MockTcpServer server(
      [&] { return std::make_unique<CrmSession>(log, mutex, nullptr, nullptr, &store); });
  auto s = scan_exactly(server);
  ASSERT_FALSE(s.error) << *s.error;
  ASSERT_EQ(s.tables.size(), 3u);
  const auto& m = s.tables[2];
  ASSERT_EQ(m.info.name, "members");
  ASSERT_FALSE(m.error) << *m.error;
  EXPECT_EQ(m.sampled_rows, 100u);
  std::map<std::string, std::optional<pii::PiiType>> types;
  for (const auto& c : m.columns) types[c.name] = c.verdict.type;
  EXPECT_EQ(types.at("contact.mobile"), pii::PiiType::mobile);
  EXPECT_EQ(types.at("phones[]"), pii::PiiType::mobile);
  EXPECT_FALSE(types.count("contact.backup"));  // not in the sampled documents
  EXPECT_FALSE(types.count("note"));
  // The truth of members(): every document read, every value validated.
  ASSERT_TRUE(pii::valid_mobile(mobile("138", 1)));
  ASSERT_FALSE(pii::valid_mobile(mobile("100", 17)));
  EXPECT_TRUE(m.exact);
  EXPECT_FALSE(m.info.rows_estimated);
  EXPECT_EQ(m.info.rows, 2500u);
  EXPECT_EQ(m.counts[pii::PiiType::mobile], 2700u);
  EXPECT_EQ(m.counts.total(), 2700u);
  // The small collection fits the first batch (cursor id 0): exact as well.
  const auto& customers = s.tables[0];
  EXPECT_TRUE(customers.exact);
  EXPECT_EQ(customers.info.rows, 3u);
  EXPECT_EQ(customers.counts[pii::PiiType::mobile], 3u);

  std::lock_guard store_lock(store.mutex);
  // One find of 1000 under maxTimeMS, projected onto the personal-data fields, then getMore
  // for 1000 and the last 500; the cursor ended by itself, so nothing needed killing.
  EXPECT_EQ(store.projections, std::vector<std::string>{"_id:0,contact:1,phones:1"});
  EXPECT_EQ(store.find_batch_sizes, std::vector<int64_t>{1000});
  EXPECT_EQ(store.find_max_time, std::vector<int64_t>{30000});
  EXPECT_EQ(store.opened.size(), 1u);
  EXPECT_EQ(store.get_mores, 2);
  EXPECT_TRUE(store.killed.empty());
  std::lock_guard lock(mutex);
  for (const auto& c : log) EXPECT_TRUE(reading_commands().count(c)) << c;
  EXPECT_EQ(std::count(log.begin(), log.end(), "getMore"), 2);
}

TEST(PiiDbMongodb, FailingGetMoreIsAnErrorOfThatCollectionAndTheScanGoesOn) {
  std::vector<std::string> log;
  std::mutex mutex;
  CursorStore store;
  store.collections.push_back({.name = "members", .documents = members(), .failing_get_more = 2});
  store.collections.push_back({.name = "visits", .documents = members()});
  MockTcpServer server(
      [&] { return std::make_unique<CrmSession>(log, mutex, nullptr, nullptr, &store); });
  auto s = scan_exactly(server);
  ASSERT_FALSE(s.error) << *s.error;
  ASSERT_EQ(s.tables.size(), 4u);
  const auto& failed = s.tables[2];
  ASSERT_EQ(failed.info.name, "members");
  ASSERT_TRUE(failed.error);
  EXPECT_NE(failed.error->find("crm.members"), std::string::npos) << *failed.error;
  EXPECT_NE(failed.error->find("getMore"), std::string::npos) << *failed.error;
  EXPECT_NE(failed.error->find("QueryPlanKilled"), std::string::npos) << *failed.error;
  EXPECT_FALSE(failed.exact);
  EXPECT_EQ(failed.counts.total(), 0u);  // no partial count passes for an exact one
  // The next collection is read in full on the same connection.
  const auto& visits = s.tables[3];
  ASSERT_EQ(visits.info.name, "visits");
  ASSERT_FALSE(visits.error) << *visits.error;
  EXPECT_TRUE(visits.exact);
  EXPECT_EQ(visits.info.rows, 2500u);
  EXPECT_EQ(visits.counts[pii::PiiType::mobile], 2700u);

  std::lock_guard store_lock(store.mutex);
  ASSERT_EQ(store.opened.size(), 2u);
  // The stopped scan closed its cursor: libmongoc sends killCursors when it destroys a cursor
  // whose id is not 0, also after a failed getMore (mongod had dropped it already;
  // killCursors is harmless then).
  EXPECT_EQ(store.killed, std::vector<int64_t>{store.opened[0]});
  EXPECT_EQ(store.get_mores, 4);
}

TEST(PiiDbMongodb, TlsWhenTheDsnAsksForItVerifyingTheCertificateUnlessToldNot) {
  std::vector<std::string> log;
  std::mutex mutex;
  MockTcpServer server([&] { return std::make_unique<CrmSession>(log, mutex); }, true);
  const std::string base = "mongodb://127.0.0.1:" + std::to_string(server.endpoint().port());
  // The mock's certificate is self-signed: refused unless the DSN allows invalid certificates.
  auto untrusted = pii::scan_database(parse_dsn(base + "?tls=true"), {}, {});
  ASSERT_TRUE(untrusted.error);
  EXPECT_NE(untrusted.error->find(base), std::string::npos) << *untrusted.error;
  auto s =
      pii::scan_database(parse_dsn(base + "?tls=true&tlsAllowInvalidCertificates=true"), {}, {});
  ASSERT_FALSE(s.error) << *s.error;
  ASSERT_EQ(s.tables.size(), 2u);
  EXPECT_EQ(s.tables[0].category, "personal");
  // Without tls=true the driver speaks plaintext, which the TLS-only port does not take.
  EXPECT_TRUE(pii::scan_database(parse_dsn(base), {}, {}).error);
}
