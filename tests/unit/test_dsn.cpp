#include <gtest/gtest.h>

#include "core/dsn.h"
#include "core/errors.h"

using paicha::parse_dsn;

TEST(Dsn, ParsesPostgresWithDefaultsAndParams) {
  auto d = parse_dsn("postgresql://dba@10.0.0.5/hr?sslmode=require&application_name=x");
  EXPECT_EQ(d.engine, "postgresql");
  EXPECT_EQ(d.user, "dba");
  EXPECT_FALSE(d.has_password);
  EXPECT_EQ(d.host, "10.0.0.5");
  EXPECT_EQ(d.port, 5432);
  EXPECT_EQ(d.database, "hr");
  EXPECT_EQ(d.params.at("sslmode"), "require");
}

TEST(Dsn, ParsesPortPasswordIpv6AndPercentEscapes) {
  auto d = parse_dsn("mysql://root:p%40ss:w@[::1]:13307/shop");
  EXPECT_EQ(d.engine, "mysql");
  EXPECT_EQ(d.user, "root");
  EXPECT_EQ(d.password, "p@ss:w");
  EXPECT_EQ(d.host, "::1");
  EXPECT_EQ(d.port, 13307);
  EXPECT_EQ(d.database, "shop");
  EXPECT_EQ(d.endpoint(), "mysql://[::1]:13307");
}

TEST(Dsn, MasksPasswordEverywhere) {
  auto d = parse_dsn("redis://:s3cretValue@127.0.0.1:6380/2");
  EXPECT_EQ(d.password, "s3cretValue");
  EXPECT_EQ(d.masked(), "redis://:****@127.0.0.1:6380/2");
  EXPECT_EQ(d.masked().find("s3cret"), std::string::npos);
  // A DSN without password is shown as given.
  EXPECT_EQ(parse_dsn("mongodb://u@h/db").masked(), "mongodb://u@h/db");
  // A failing DSN's message never shows the password either.
  try {
    parse_dsn("postgresql://u:topsecret@h:99999/db");
    FAIL() << "expected UsageError";
  } catch (const paicha::UsageError& e) {
    EXPECT_EQ(std::string(e.what()).find("topsecret"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("99999"), std::string::npos);
  }
}

TEST(Dsn, SqlitePathsAndAliases) {
  auto d = parse_dsn("sqlite:///var/lib/app.db");
  EXPECT_EQ(d.engine, "sqlite");
  EXPECT_EQ(d.database, "/var/lib/app.db");
  EXPECT_EQ(parse_dsn("postgres://h").engine, "postgresql");
  EXPECT_EQ(parse_dsn("mariadb://h").port, 3306);
}

TEST(Dsn, RejectsBadInputNamingIt) {
  EXPECT_THROW(parse_dsn("10.0.0.5:5432"), paicha::UsageError);
  EXPECT_THROW(parse_dsn("oracle://h/x"), paicha::UsageError);
  EXPECT_THROW(parse_dsn("postgresql:///db"), paicha::UsageError);
  EXPECT_THROW(parse_dsn("mysql://h:abc"), paicha::UsageError);
  EXPECT_THROW(parse_dsn("sqlite://"), paicha::UsageError);
}
