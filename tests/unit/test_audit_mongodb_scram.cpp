// SCRAM client and MongoDB command codecs, checked against published vectors:
// - RFC 5802 section 5 (SCRAM-SHA-1, user "user", password "pencil");
// - RFC 7677 section 3 (SCRAM-SHA-256, same account);
// - MongoDB Driver Authentication spec (source/auth/auth.rst), "SCRAM-SHA-1 Conversation",
//   where the key derivation uses HEX(MD5("user:mongo:pencil")).
#include <gtest/gtest.h>

#include "mock_mongodb.h"
#include "services/mongodb/scram.h"
#include "services/mongodb/wire.h"

namespace paicha::services::mongodb {
namespace {

struct Vector {
  ScramHash hash;
  std::string password;  // as prepared for the key derivation
  std::string client_nonce;
  std::string server_first;
  std::string client_final;
  std::string server_final;
};

void play(const Vector& v) {
  ScramClient client(v.hash, "user", v.password, v.client_nonce);
  EXPECT_EQ(client.client_first(), "n,,n=user,r=" + v.client_nonce);
  std::string error;
  ASSERT_TRUE(client.accept_server_first(v.server_first, error)) << error;
  EXPECT_EQ(client.client_final(client.salted_password()), v.client_final);
  EXPECT_TRUE(client.verify_server_final(v.server_final));
  EXPECT_FALSE(client.verify_server_final("v=AAAA" + v.server_final.substr(6)));
  EXPECT_FALSE(client.verify_server_final("e=invalid-proof"));
}

TEST(MongodbScram, Rfc7677Sha256Vector) {
  play({ScramHash::sha256, "pencil", "rOprNGfwEbeRWgbNEkqO",
        "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
        "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
        "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
        "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="});
}

TEST(MongodbScram, Rfc5802Sha1Vector) {
  play({ScramHash::sha1, "pencil", "fyko+d2lbbFgONRv9qkxdawL",
        "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096",
        "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=",
        "v=rmF9pqV8S7suAoZWja4dJRkFsKQ="});
}

TEST(MongodbScram, MongoSpecSha1VectorUsesPasswordDigest) {
  const auto prepared = scram_password(ScramHash::sha1, "user", "pencil");
  ASSERT_TRUE(prepared);
  EXPECT_EQ(prepared->size(), 32u);  // hex MD5
  play({ScramHash::sha1, *prepared, "fyko+d2lbbFgONRv9qkxdawL",
        "r=fyko+d2lbbFgONRv9qkxdawLHo+Vgk7qvUOKUwuWLIWg4l/9SraGMHEE,s=rQ9ZY3MntBeuP3E1TDVC4w==,"
        "i=10000",
        "c=biws,r=fyko+d2lbbFgONRv9qkxdawLHo+Vgk7qvUOKUwuWLIWg4l/9SraGMHEE,"
        "p=MC2T8BvbmWRckDw8oWl5IVghwCY=",
        "v=UMWeI25JD1yNYZRMpZ4VHvhZ9e0="});
}

TEST(MongodbScram, Sha256PasswordIsSaslPrepped) {
  EXPECT_EQ(scram_password(ScramHash::sha256, "user", "pencil"), "pencil");
  // RFC 4013 section 3 examples: soft hyphen mapped to nothing, control characters prohibited.
  EXPECT_EQ(saslprep("I\xC2\xADX"), "IX");
  EXPECT_EQ(saslprep("user"), "user");
  EXPECT_EQ(saslprep("\x07"), std::nullopt);
  // Non-ASCII space becomes SPACE; full-width ASCII folds to ASCII (NFKC).
  EXPECT_EQ(saslprep("a\xC2\xA0"
                     "b"),
            "a b");
  EXPECT_EQ(saslprep("\xEF\xBC\xB0\xEF\xBC\xA0ss"), "P@ss");
  EXPECT_EQ(saslprep("\xFF"), std::nullopt);  // not UTF-8
}

TEST(MongodbScram, RejectsDowngradesAndForeignNonces) {
  std::string error;
  ScramClient low(ScramHash::sha256, "user", "pencil", "abc");
  EXPECT_FALSE(low.accept_server_first("r=abcdef,s=QSXCR+Q6sek8bf92,i=4095", error));
  EXPECT_NE(error.find("4096"), std::string::npos);
  ScramClient foreign(ScramHash::sha256, "user", "pencil", "abc");
  EXPECT_FALSE(foreign.accept_server_first("r=xyzdef,s=QSXCR+Q6sek8bf92,i=4096", error));
  ScramClient same(ScramHash::sha256, "user", "pencil", "abc");
  EXPECT_FALSE(same.accept_server_first("r=abc,s=QSXCR+Q6sek8bf92,i=4096", error));
  ScramClient missing(ScramHash::sha256, "user", "pencil", "abc");
  EXPECT_FALSE(missing.accept_server_first("r=abcdef,i=4096", error));
  ScramClient extension(ScramHash::sha256, "user", "pencil", "abc");
  EXPECT_FALSE(extension.accept_server_first("m=x,r=abcdef,s=QSXC,i=4096", error));
}

TEST(MongodbScram, EscapesUserNames) {
  EXPECT_EQ(scram_escape_user("a=b,c"), "a=3Db=2Cc");
  ScramClient client(ScramHash::sha256, "a,b", "x", "n0nce");
  EXPECT_EQ(client.client_first(), "n,,n=a=2Cb,r=n0nce");
}

TEST(MongodbScram, Base64RoundTripAndNonce) {
  EXPECT_EQ(base64_encode("n,,"), "biws");
  EXPECT_EQ(base64_decode("biws"), "n,,");
  EXPECT_EQ(base64_decode("QSXCR+Q6sek8bf92")->size(), 12u);
  EXPECT_EQ(base64_decode("YQ=="), "a");
  EXPECT_EQ(base64_decode("YQ="), std::nullopt);
  EXPECT_EQ(base64_decode("Y!=="), std::nullopt);
  const std::string a = random_nonce(), b = random_nonce();
  EXPECT_NE(a, b);
  EXPECT_EQ(a.find(','), std::string::npos);
}

// The auth spec's SCRAM-SHA-256 saslStart:
// {saslStart: 1, mechanism: "SCRAM-SHA-256", options: {skipEmptyExchange: true},
//  payload: BinData(0, "biwsbj11c2VyLHI9ck9wck5HZndFYmVSV2diTkVrcU8=")}
TEST(MongodbWire, SaslStartCarriesSpecPayload) {
  const auto payload = base64_decode("biwsbj11c2VyLHI9ck9wck5HZndFYmVSV2diTkVrcU8=");
  ASSERT_TRUE(payload);
  const std::string command = sasl_start_command("SCRAM-SHA-256", *payload, "admin");
  const auto doc = bson::Document::parse(command);
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->size_bytes(), command.size());
  std::string first;
  doc->for_each([&](const bson::Element& e) {
    if (first.empty()) first = std::string(e.name);
  });
  EXPECT_EQ(first, "saslStart");
  EXPECT_EQ(doc->find("mechanism")->as_string(), "SCRAM-SHA-256");
  const auto binary = doc->find("payload");
  ASSERT_TRUE(binary);
  ASSERT_EQ(binary->type, bson::kBinary);
  EXPECT_EQ(binary->value[4], '\0');  // subtype 0
  EXPECT_EQ(binary->value.substr(5), "n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
  const auto options = bson::Document::open(*doc->find("options"));
  ASSERT_TRUE(options);
  EXPECT_EQ(options->find("skipEmptyExchange")->as_bool(), true);
  EXPECT_EQ(doc->find("$db")->as_string(), "admin");
}

TEST(MongodbWire, OpMsgIsByteExact) {
  // {listDatabases: 1, nameOnly: false, $db: "admin"}: int32 size, 0x10 int32, 0x08 bool,
  // 0x02 string, terminator; framed as MsgHeader + flagBits 0 + section kind 0.
  const std::string doc = list_databases_command();
  std::string expected_doc;
  put_i32le(expected_doc, 50);
  expected_doc += std::string("\x10listDatabases\0", 15) + std::string("\x01\0\0\0", 4);
  expected_doc += std::string("\x08nameOnly\0\0", 11);
  expected_doc += std::string("\x02$db\0", 5) + std::string("\x06\0\0\0admin\0", 10);
  expected_doc += '\0';
  ASSERT_EQ(doc, expected_doc);
  const std::string message = op_msg(7, doc);
  std::string expected;
  put_i32le(expected, 16 + 5 + 50);
  put_i32le(expected, 7);
  put_i32le(expected, 0);
  put_i32le(expected, 2013);
  expected += std::string("\0\0\0\0\0", 5) + expected_doc;
  EXPECT_EQ(message, expected);
}

TEST(MongodbWire, FramesRepliesAndRejectsGarbage) {
  const std::string reply =
      testing::op_msg_reply(3, bson::Writer().append_double("ok", 1).finish());
  ReplySpan span;
  EXPECT_EQ(frame_reply(reply, span), Framing::complete);
  EXPECT_EQ(span.length, reply.size());
  EXPECT_EQ(span.document_offset, 21u);
  for (size_t n = 0; n < reply.size(); ++n)
    EXPECT_EQ(frame_reply(std::string_view(reply).substr(0, n), span), Framing::incomplete) << n;
  EXPECT_EQ(frame_reply(std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11), span),
            Framing::invalid);  // a TLS ClientHello
  std::string huge = reply;
  huge[3] = 0x7f;
  EXPECT_EQ(frame_reply(huge, span), Framing::invalid);
}

TEST(MongodbWire, ParsesListDatabases) {
  const std::string dbs = testing::document_array(
      {bson::Writer().append_string("name", "admin").append_int64("sizeOnDisk", 40960).finish(),
       bson::Writer().append_string("name", "crm").append_double("sizeOnDisk", 3.0e9).finish()});
  std::string reply =
      testing::with_element(bson::Writer().finish(), bson::kArray, "databases", dbs);
  reply = testing::with_element(reply, bson::kDouble, "ok", std::string("\0\0\0\0\0\0\xf0\x3f", 8));
  const auto summary = parse_list_databases(*bson::Document::parse(reply));
  ASSERT_TRUE(summary);
  EXPECT_EQ(summary->count, 2);
  EXPECT_EQ(summary->total_size, 40960 + 3000000000LL);  // summed when totalSize is absent
  EXPECT_EQ(summary->names, (std::vector<std::string>{"admin", "crm"}));
  const std::string denied = testing::error_reply(13, "Unauthorized", "requires authentication");
  EXPECT_FALSE(parse_list_databases(*bson::Document::parse(denied)));
  EXPECT_EQ(command_status(*bson::Document::parse(denied)).code, kUnauthorized);
}

TEST(MongodbWire, ParsesUsersAndSuperuserRoles) {
  const std::string roles = testing::document_array(
      {bson::Writer().append_string("role", "root").append_string("db", "admin").finish(),
       bson::Writer().append_string("role", "read").append_string("db", "crm").finish()});
  std::string user =
      bson::Writer().append_string("user", "ops").append_string("db", "admin").finish();
  user = testing::with_element(user, bson::kArray, "roles", roles);
  std::string reply = testing::with_element(bson::Writer().finish(), bson::kArray, "users",
                                            testing::document_array({user}));
  reply = testing::with_element(reply, bson::kDouble, "ok", std::string("\0\0\0\0\0\0\xf0\x3f", 8));
  const auto users = parse_users_info(*bson::Document::parse(reply));
  ASSERT_TRUE(users);
  ASSERT_EQ(users->size(), 1u);
  EXPECT_EQ((*users)[0].user, "ops");
  ASSERT_EQ((*users)[0].roles.size(), 2u);
  EXPECT_TRUE(is_superuser_role((*users)[0].roles[0]));
  EXPECT_FALSE(is_superuser_role((*users)[0].roles[1]));
  EXPECT_FALSE(is_superuser_role({"dbOwner", "crm"}));
  EXPECT_TRUE(is_superuser_role({"userAdminAnyDatabase", "admin"}));
}

TEST(MongodbWire, ParsesStartupOptions) {
  const std::string net = bson::Writer().append_string("bindIp", "127.0.0.1, ::,10.0.0.5").finish();
  const std::string audit = bson::Writer().append_string("destination", "syslog").finish();
  const std::string parsed =
      bson::Writer().append_document("net", net).append_document("auditLog", audit).finish();
  const std::string reply =
      bson::Writer().append_document("parsed", parsed).append_double("ok", 1).finish();
  const auto options = parse_cmd_line_opts(*bson::Document::parse(reply));
  ASSERT_TRUE(options);
  EXPECT_TRUE(options->audit_log);
  EXPECT_EQ(options->audit_destination, "syslog");
  EXPECT_EQ(options->bind_ips, (std::vector<std::string>{"127.0.0.1", "::", "10.0.0.5"}));
  const std::string bare = bson::Writer()
                               .append_document("parsed", bson::Writer().finish())
                               .append_double("ok", 1)
                               .finish();
  EXPECT_FALSE(parse_cmd_line_opts(*bson::Document::parse(bare))->audit_log);
}

TEST(MongodbWire, ParsesSaslReplies) {
  std::string ok =
      bson::Writer().append_int32("conversationId", 1).append_bool("done", false).finish();
  ok = testing::with_element(ok, bson::kBinary, "payload", testing::binary_value("r=abc"));
  ok = testing::with_element(ok, bson::kDouble, "ok", std::string("\0\0\0\0\0\0\xf0\x3f", 8));
  const auto sasl = parse_sasl_reply(*bson::Document::parse(ok));
  ASSERT_TRUE(sasl);
  EXPECT_TRUE(sasl->status.ok);
  EXPECT_EQ(sasl->payload, "r=abc");
  EXPECT_FALSE(sasl->done);
  const auto failed = parse_sasl_reply(*bson::Document::parse(
      testing::error_reply(18, "AuthenticationFailed", "Authentication failed.")));
  ASSERT_TRUE(failed);
  EXPECT_FALSE(failed->status.ok);
  EXPECT_EQ(failed->status.code, kAuthenticationFailed);
}

}  // namespace
}  // namespace paicha::services::mongodb
