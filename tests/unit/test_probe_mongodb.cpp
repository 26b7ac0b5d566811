#include <gtest/gtest.h>

#include "services/mongodb/bson.h"
#include "services/mongodb/probe.h"
#include "services/probe_util.h"
#include "test_probe_helpers.h"

namespace paicha::services::mongodb {
namespace {

using testing::bytes;

// OP_MSG from the MongoDB wire protocol specification: MsgHeader {int32 messageLength,
// int32 requestID, int32 responseTo, int32 opCode = 2013}, uint32 flagBits, section kind 0,
// one BSON document. BSON per bsonspec.org: int32 size, 0x10 int32 / 0x02 string elements, 0x00.
TEST(MongodbProbe, HelloRequestIsByteExact) {
  const std::string expected =
      bytes({52, 0, 0, 0, 0x31, 0x48, 0x43, 0x50, 0, 0, 0, 0, 0xdd, 0x07, 0, 0}) +  // header
      bytes({0, 0, 0, 0, 0}) +                                                      // flags, kind 0
      bytes({31, 0, 0, 0}) + bytes({0x10}) + std::string("hello") + bytes({0, 1, 0, 0, 0}) +
      bytes({0x02}) + std::string("$db") + bytes({0, 6, 0, 0, 0}) + std::string("admin") +
      bytes({0, 0});
  EXPECT_EQ(hello_request(), expected);
}

// OP_QUERY (opCode 2004): int32 flags, cstring fullCollectionName, int32 numberToSkip,
// int32 numberToReturn, query document.
TEST(MongodbProbe, IsMasterRequestIsByteExact) {
  const std::string expected =
      bytes({58, 0, 0, 0, 0x32, 0x48, 0x43, 0x50, 0, 0, 0, 0, 0xd4, 0x07, 0, 0}) +
      bytes({0, 0, 0, 0}) + std::string("admin.$cmd") + bytes({0}) + bytes({0, 0, 0, 0}) +
      bytes({0xff, 0xff, 0xff, 0xff}) + bytes({19, 0, 0, 0, 0x10}) + std::string("isMaster") +
      bytes({0, 1, 0, 0, 0, 0});
  EXPECT_EQ(is_master_request(), expected);
}

TEST(MongodbProbe, BuildInfoRequestLengths) {
  const std::string req = build_info_request();
  ASSERT_EQ(req.size(), 56u);
  EXPECT_EQ(static_cast<unsigned char>(req[0]), 56);
  EXPECT_EQ(static_cast<unsigned char>(req[21]), 35);  // document length after flags + kind
}

std::string op_msg_reply(const std::string& doc) {
  std::string out;
  put_i32le(out, static_cast<int32_t>(16 + 4 + 1 + doc.size()));
  put_i32le(out, 77);               // requestID
  put_i32le(out, kHelloRequestId);  // responseTo
  put_i32le(out, kOpMsg);
  put_u32le(out, 0);
  put_u8(out, 0);
  return out + doc;
}

// The hello reply fields as documented for the hello command (MongoDB 6.0 standalone).
std::string hello_document() {
  const std::string topology = bson::Writer().append_int64("counter", 0).finish();
  return bson::Writer()
      .append_bool("isWritablePrimary", true)
      .append_document("topologyVersion", topology)
      .append_int32("maxBsonObjectSize", 16777216)
      .append_int32("maxMessageSizeBytes", 48000000)
      .append_int32("maxWriteBatchSize", 100000)
      .append_int32("logicalSessionTimeoutMinutes", 30)
      .append_int32("minWireVersion", 0)
      .append_int32("maxWireVersion", 17)
      .append_bool("readOnly", false)
      .append_double("ok", 1.0)
      .finish();
}

TEST(MongodbProbe, HelloReplyOverOpMsg) {
  const std::string reply = op_msg_reply(hello_document());
  const ParseResult r = parse_hello_reply(reply);
  ASSERT_EQ(r.verdict, Verdict::matched);
  EXPECT_EQ(r.id.service, "mongodb");
  EXPECT_EQ(r.id.product, "MongoDB");
  EXPECT_EQ(r.id.version, "");
  EXPECT_EQ(r.id.info, "wire 0-17 (MongoDB 6.0)");
  EXPECT_TRUE(testing::every_prefix_needs_more(reply, parse_hello_reply));
}

TEST(MongodbProbe, IsMasterReplyOverOpReply) {
  // OP_REPLY: header (opCode 1), int32 responseFlags, int64 cursorID, int32 startingFrom,
  // int32 numberReturned, documents.
  const std::string doc = bson::Writer()
                              .append_bool("ismaster", true)
                              .append_string("setName", "rs0")
                              .append_int32("maxWireVersion", 8)
                              .append_double("ok", 1.0)
                              .finish();
  std::string reply;
  put_i32le(reply, static_cast<int32_t>(16 + 20 + doc.size()));
  put_i32le(reply, 5);
  put_i32le(reply, kIsMasterRequestId);
  put_i32le(reply, kOpReply);
  put_i32le(reply, 8);  // AwaitCapable
  reply += std::string(8, '\0');
  put_i32le(reply, 0);
  put_i32le(reply, 1);
  reply += doc;
  const ParseResult r = parse_hello_reply(reply);
  ASSERT_EQ(r.verdict, Verdict::matched);
  EXPECT_EQ(r.id.info, "wire 0-8 (MongoDB 4.2); replica set rs0");
}

TEST(MongodbProbe, OldServerWithoutHelloStillIdentified) {
  const std::string doc = bson::Writer()
                              .append_double("ok", 0.0)
                              .append_string("errmsg", "no such command: 'hello'")
                              .append_int32("code", 59)
                              .append_string("codeName", "CommandNotFound")
                              .finish();
  const ParseResult r = parse_hello_reply(op_msg_reply(doc));
  ASSERT_EQ(r.verdict, Verdict::matched);
  EXPECT_EQ(r.id.info, "no such command: 'hello'");
}

TEST(MongodbProbe, BuildInfoVersion) {
  const std::string doc =
      bson::Writer()
          .append_string("version", "6.0.5")
          .append_string("gitVersion", "c9a99c120371d4d4c52cbb15dac34a36ce8d3b1d")
          .append_int32("bits", 64)
          .append_double("ok", 1.0)
          .finish();
  const ParseResult r = parse_build_info_reply(op_msg_reply(doc));
  ASSERT_EQ(r.verdict, Verdict::matched);
  EXPECT_EQ(r.id.version, "6.0.5");
}

TEST(MongodbProbe, BuildInfoUnauthorized) {
  const std::string doc = bson::Writer()
                              .append_double("ok", 0.0)
                              .append_string("errmsg", "command buildInfo requires authentication")
                              .append_int32("code", 13)
                              .finish();
  const ParseResult r = parse_build_info_reply(op_msg_reply(doc));
  ASSERT_EQ(r.verdict, Verdict::matched);
  EXPECT_EQ(r.id.info.rfind("auth required", 0), 0u);
}

TEST(MongodbProbe, WireVersionTable) {
  EXPECT_EQ(release_for_wire_version(6), "3.6");
  EXPECT_EQ(release_for_wire_version(13), "5.0");
  EXPECT_EQ(release_for_wire_version(21), "7.0");
  EXPECT_EQ(release_for_wire_version(25), "8.0");
  EXPECT_EQ(release_for_wire_version(26), "");
  EXPECT_EQ(release_for_wire_version(-1), "");
}

TEST(MongodbProbe, GarbageIsNotMongo) {
  EXPECT_EQ(parse_hello_reply("HTTP/1.0 200 OK\r\n\r\nIt looks like you are trying to access "
                              "MongoDB over HTTP on the native driver port.\r\n")
                .verdict,
            Verdict::no_match);
  // Right framing, wrong document.
  EXPECT_EQ(parse_hello_reply(op_msg_reply(bson::Writer().append_int32("x", 1).finish())).verdict,
            Verdict::no_match);
  // Document length larger than the message.
  std::string bad = op_msg_reply(hello_document());
  bad[21] = 0x7f;
  EXPECT_EQ(parse_hello_reply(bad).verdict, Verdict::no_match);
}

TEST(Bson, ReaderValidatesFraming) {
  const std::string doc = hello_document();
  const auto parsed = bson::Document::parse(doc);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->find("maxWireVersion")->as_int(), 17);
  EXPECT_EQ(parsed->find("ok")->as_double(), 1.0);
  EXPECT_EQ(parsed->find("isWritablePrimary")->as_bool(), true);
  EXPECT_FALSE(parsed->find("missing"));
  const auto topology = bson::Document::open(*parsed->find("topologyVersion"));
  ASSERT_TRUE(topology);
  EXPECT_EQ(topology->find("counter")->as_int(), 0);

  EXPECT_FALSE(bson::Document::parse(doc.substr(0, doc.size() - 1)));  // truncated
  std::string unknown_type = bson::Writer().append_int32("a", 1).finish();
  unknown_type[4] = 0x42;
  EXPECT_FALSE(bson::Document::parse(unknown_type));
  std::string no_terminator = bson::Writer().append_int32("a", 1).finish();
  no_terminator.back() = 1;
  EXPECT_FALSE(bson::Document::parse(no_terminator));
  EXPECT_FALSE(bson::Document::parse(bytes({4, 0, 0, 0})));
  EXPECT_TRUE(bson::Document::parse(bytes({5, 0, 0, 0, 0})));
  // A string whose length runs past the document.
  std::string long_string = bson::Writer().append_string("s", "abc").finish();
  long_string[7] = 0x40;
  EXPECT_FALSE(bson::Document::parse(long_string));
}

}  // namespace
}  // namespace paicha::services::mongodb
