// PostgreSQL login codec: message layouts from the protocol documentation ("Message Formats"),
// SCRAM-SHA-256 against the RFC 7677 section 3 example, md5 against an independent computation.
#include <gtest/gtest.h>

#include "services/postgresql/login.h"
#include "services/postgresql/wire.h"

namespace paicha::services::postgresql {
namespace {

std::string be32(uint32_t v) {
  return std::string{static_cast<char>(v >> 24), static_cast<char>(v >> 16),
                     static_cast<char>(v >> 8), static_cast<char>(v)};
}

std::string message(char type, std::string_view body) {
  return std::string(1, type) + be32(static_cast<uint32_t>(body.size() + 4)) + std::string(body);
}

TEST(PostgresqlWire, StartupMessageLayout) {
  const std::string m = startup_message("postgres", "db1", "paicha");
  const std::string body = std::string("\0\3\0\0", 4) + "user" + '\0' + "postgres" + '\0' +
                           "database" + '\0' + "db1" + '\0' + "application_name" + '\0' + "paicha" +
                           '\0' + '\0';
  EXPECT_EQ(m, be32(static_cast<uint32_t>(body.size() + 4)) + body);
}

TEST(PostgresqlWire, PasswordAndSaslMessages) {
  EXPECT_EQ(password_message("pw"), message('p', std::string("pw") + '\0'));
  EXPECT_EQ(sasl_initial_response("SCRAM-SHA-256", "n,,n=,r=abc"),
            message('p', std::string("SCRAM-SHA-256") + '\0' + be32(11) + "n,,n=,r=abc"));
  EXPECT_EQ(sasl_response("c=biws"), message('p', "c=biws"));
  EXPECT_EQ(terminate_message(), message('X', ""));
}

TEST(PostgresqlWire, Md5Answer) {
  // Python: "md5" + md5(md5("secret" + "postgres").hexdigest() + b"\x01\x02\x03\x04").hexdigest()
  EXPECT_EQ(md5_password_answer("postgres", "secret", std::string("\1\2\3\4", 4)),
            "md5bb41a296aab6baccb36ff243a562abff");
}

TEST(PostgresqlWire, ScramRfc7677Example) {
  ScramSha256 scram("pencil", "rOprNGfwEbeRWgbNEkqO", "user");
  EXPECT_EQ(scram.client_first(), "n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
  std::string error;
  ASSERT_TRUE(scram.accept_server_first(
      "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
      error))
      << error;
  EXPECT_EQ(scram.iterations(), 4096);
  EXPECT_EQ(scram.client_final(),
            "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
            "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
  EXPECT_TRUE(scram.verify_server_final("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="));
  EXPECT_FALSE(scram.verify_server_final("v=7rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="));
  EXPECT_FALSE(scram.verify_server_final("e=invalid-proof"));
}

TEST(PostgresqlWire, ScramRefusesBadServerFirst) {
  std::string error;
  ScramSha256 scram("pw", "abc");
  EXPECT_FALSE(scram.accept_server_first("r=xyz123,s=QUJD,i=4096", error));  // foreign nonce
  EXPECT_NE(error.find("nonce"), std::string::npos);
  EXPECT_FALSE(scram.accept_server_first("r=abc,s=QUJD,i=4096", error));  // not extended
  EXPECT_FALSE(scram.accept_server_first("r=abcdef,s=QUJD,i=999999999", error));
  EXPECT_NE(error.find("iteration"), std::string::npos);
  EXPECT_FALSE(scram.accept_server_first("r=abcdef,s=QUJD,i=0", error));
  EXPECT_FALSE(scram.accept_server_first("r=abcdef,s=!!!!,i=4096", error));
  EXPECT_FALSE(scram.accept_server_first("m=ext,r=abcdef,s=QUJD,i=4096", error));
  EXPECT_FALSE(scram.accept_server_first("r=abcdef,i=4096", error));
  // Before client_final there is no signature to expect.
  EXPECT_FALSE(scram.verify_server_final("v=AAAA"));
  EXPECT_TRUE(scram.accept_server_first("r=abcdef,s=QUJD,i=1", error)) << error;
}

TEST(PostgresqlWire, Base64) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("n,,"), "biws");
  EXPECT_EQ(base64_encode("ab"), "YWI=");
  EXPECT_EQ(base64_decode("YWI="), std::optional<std::string>("ab"));
  EXPECT_EQ(base64_decode("YQ=="), std::optional<std::string>("a"));
  EXPECT_EQ(base64_decode("YWJj"), std::optional<std::string>("abc"));
  EXPECT_FALSE(base64_decode("YWI"));
  EXPECT_FALSE(base64_decode("Y,I="));
  const std::string nonce = scram_nonce();
  EXPECT_EQ(nonce.size(), 24u);
  EXPECT_EQ(nonce.find(','), std::string::npos);
  EXPECT_NE(nonce, scram_nonce());
}

TEST(PostgresqlWire, Framing) {
  BackendMessage m;
  size_t used = 0;
  const std::string ok = message('R', be32(0));
  for (size_t n = 0; n < ok.size(); ++n)
    EXPECT_EQ(next_message(std::string_view(ok).substr(0, n), m, used), Frame::incomplete) << n;
  const std::string ok_and_more = ok + "Z";  // m.body views into it
  ASSERT_EQ(next_message(ok_and_more, m, used), Frame::complete);
  EXPECT_EQ(m.type, 'R');
  EXPECT_EQ(m.body, be32(0));
  EXPECT_EQ(used, ok.size());
  EXPECT_EQ(next_message(std::string("R") + be32(3), m, used), Frame::invalid);
  EXPECT_EQ(next_message(std::string("R") + be32(kMaxBackendMessage + 1), m, used), Frame::invalid);
}

TEST(PostgresqlWire, AuthRequests) {
  auto sasl =
      parse_auth_request(be32(10) + "SCRAM-SHA-256-PLUS" + '\0' + "SCRAM-SHA-256" + '\0' + '\0');
  ASSERT_TRUE(sasl);
  EXPECT_EQ(sasl->code, 10);
  EXPECT_EQ(sasl->mechanisms, (std::vector<std::string>{"SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"}));
  EXPECT_FALSE(parse_auth_request(be32(10) + "SCRAM-SHA-256"));  // unterminated list
  EXPECT_FALSE(parse_auth_request(be32(10) + '\0'));             // empty list
  const std::string md5_request = be32(5) + "salt";              // md5->data views into it
  auto md5 = parse_auth_request(md5_request);
  ASSERT_TRUE(md5);
  EXPECT_EQ(md5->data, "salt");
  EXPECT_FALSE(parse_auth_request(be32(5) + "sal"));
  EXPECT_FALSE(parse_auth_request(be32(0) + "x"));
  EXPECT_FALSE(parse_auth_request("\0\0"));
  const std::string continue_body = be32(11) + "r=abc,s=QUJD,i=4096";
  auto cont = parse_auth_request(continue_body);
  ASSERT_TRUE(cont);
  EXPECT_EQ(cont->data, "r=abc,s=QUJD,i=4096");
}

TEST(PostgresqlWire, ErrorFields) {
  const std::string body = std::string("SFATAL") + '\0' + "VFATAL" + '\0' + "C28P01" + '\0' +
                           "Mpassword authentication failed for user \"postgres\"" + '\0' +
                           "Fauth.c" + '\0' + '\0';
  auto error = parse_error_fields(body);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->severity, "FATAL");
  EXPECT_EQ(error->sqlstate, "28P01");
  EXPECT_EQ(error->message, "password authentication failed for user \"postgres\"");
  EXPECT_FALSE(parse_error_fields(body.substr(0, body.size() - 1)));      // no terminator
  EXPECT_FALSE(parse_error_fields(std::string("SFATAL") + '\0' + '\0'));  // no SQLSTATE
}

TEST(PostgresqlWire, OutcomeForSqlstate) {
  EXPECT_EQ(outcome_for_sqlstate("28P01"), LoginOutcome::rejected);
  EXPECT_EQ(outcome_for_sqlstate("28000"), LoginOutcome::no_such_user);
  EXPECT_EQ(outcome_for_sqlstate("53300"), LoginOutcome::blocked);
  EXPECT_EQ(outcome_for_sqlstate("57P03"), LoginOutcome::blocked);
  EXPECT_EQ(outcome_for_sqlstate("08P01"), LoginOutcome::error);
}

}  // namespace
}  // namespace paicha::services::postgresql
