// Pure tests of the RESP codec and of what the Redis checks read out of replies.
#include <gtest/gtest.h>

#include "services/redis/auth.h"
#include "services/redis/reply_facts.h"
#include "services/redis/resp.h"

namespace paicha::services::redis {
namespace {

TEST(RedisResp, EncodesBinarySafeCommands) {
  EXPECT_EQ(encode_command({"AUTH", "p w\r\n"}), "*2\r\n$4\r\nAUTH\r\n$5\r\np w\r\n\r\n");
  EXPECT_EQ(encode_command({"AUTH", ""}), "*2\r\n$4\r\nAUTH\r\n$0\r\n\r\n");
}

TEST(RedisResp, DecodesEveryType) {
  const std::string reply =
      "*5\r\n+OK\r\n-WRONGPASS invalid username-password pair\r\n:42\r\n$3\r\nabc\r\n$-1\r\n";
  const auto parsed = parse_resp(reply);
  ASSERT_EQ(parsed.status, RespStatus::complete);
  EXPECT_EQ(parsed.consumed, reply.size());
  const auto& items = parsed.value.elements;
  ASSERT_EQ(items.size(), 5u);
  EXPECT_EQ(items[0].type, RespValue::Type::simple);
  EXPECT_EQ(items[0].text, "OK");
  EXPECT_TRUE(items[1].is_error());
  EXPECT_EQ(items[1].error_code(), "WRONGPASS");
  EXPECT_EQ(items[2].integer, 42);
  EXPECT_EQ(items[3].text, "abc");
  EXPECT_TRUE(items[4].is_null());
}

TEST(RedisResp, EveryPrefixNeedsMoreAndTrailingBytesAreLeft) {
  const std::string reply = "*2\r\n$4\r\nkeys\r\n*1\r\n:7\r\n";
  for (size_t n = 0; n < reply.size(); ++n) {
    EXPECT_EQ(parse_resp(reply.substr(0, n)).status, RespStatus::need_more) << n;
  }
  const auto parsed = parse_resp(reply + "+OK\r\n");
  ASSERT_EQ(parsed.status, RespStatus::complete);
  EXPECT_EQ(parsed.consumed, reply.size());
}

TEST(RedisResp, RejectsMalformedAndHostileInput) {
  EXPECT_EQ(parse_resp("?x\r\n").status, RespStatus::malformed);
  EXPECT_EQ(parse_resp(":12a\r\n").status, RespStatus::malformed);
  EXPECT_EQ(parse_resp("$3\r\nabcd\r\n").status, RespStatus::malformed);
  EXPECT_EQ(parse_resp("$-2\r\n").status, RespStatus::malformed);
  EXPECT_EQ(parse_resp("$99999999999\r\n").status, RespStatus::malformed);
  EXPECT_EQ(parse_resp("*99999999999\r\n").status, RespStatus::malformed);
  // A huge declared array with little data only asks for more; it allocates nothing up front.
  EXPECT_EQ(parse_resp("*1000000\r\n+a\r\n").status, RespStatus::need_more);
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "*1\r\n";
  deep += "+x\r\n";
  EXPECT_EQ(parse_resp(deep).status, RespStatus::malformed);
}

TEST(RedisFacts, ReadsInfoFigures) {
  const std::string info =
      "# Server\r\nredis_version:7.0.15\r\nredis_mode:standalone\r\n# Memory\r\n"
      "used_memory:3328576\r\nused_memory_human:3.17M\r\n# Keyspace\r\n"
      "db0:keys=12,expires=1,avg_ttl=0\r\ndb3:keys=30,expires=0,avg_ttl=0\r\n";
  const auto facts = parse_info(info);
  EXPECT_EQ(facts.version, "7.0.15");
  ASSERT_TRUE(facts.used_memory);
  EXPECT_EQ(*facts.used_memory, 3328576);
  EXPECT_EQ(facts.keys, 42);
  EXPECT_EQ(facts.databases, 2);
  EXPECT_EQ(human_bytes(*facts.used_memory), "3.2 MB");
  EXPECT_EQ(human_bytes(812), "812 B");

  const auto empty = parse_info("# Keyspace\r\ndbx:keys=1\r\ndb1:keys=-3\r\n");
  EXPECT_EQ(empty.keys, 0);
  EXPECT_EQ(empty.databases, 0);
  EXPECT_FALSE(empty.used_memory);
}

TEST(RedisFacts, ConfigValueAndBind) {
  RespValue reply;
  reply.type = RespValue::Type::array;
  reply.elements.resize(2);
  reply.elements[0] = {RespValue::Type::bulk, "protected-mode", 0, {}};
  reply.elements[1] = {RespValue::Type::bulk, "no", 0, {}};
  EXPECT_EQ(config_value(reply, "protected-mode"), "no");
  EXPECT_FALSE(config_value(reply, "bind"));
  RespValue error{RespValue::Type::error, "ERR unknown command 'CONFIG'", 0, {}};
  EXPECT_FALSE(config_value(error, "bind"));

  EXPECT_TRUE(binds_all_interfaces(""));
  EXPECT_TRUE(binds_all_interfaces("* -::*"));
  EXPECT_TRUE(binds_all_interfaces("0.0.0.0"));
  EXPECT_TRUE(binds_all_interfaces("127.0.0.1 ::"));
  EXPECT_FALSE(binds_all_interfaces("127.0.0.1 -::1"));
  EXPECT_FALSE(binds_all_interfaces("10.1.2.3"));
}

const DangerousCommand& command(std::string_view name) {
  for (const auto& c : dangerous_commands())
    if (c.name == name) return c;
  throw std::runtime_error("no such command");
}

TEST(RedisFacts, AclRulesDecideDangerousCommands) {
  EXPECT_TRUE(acl_allows("+@all", command("config")));
  EXPECT_TRUE(acl_allows("allcommands", command("flushall")));
  EXPECT_FALSE(acl_allows("+@all -@dangerous", command("config")));
  EXPECT_FALSE(acl_allows("+@all -@dangerous", command("keys")));
  EXPECT_TRUE(acl_allows("+@all -@admin", command("flushall")));
  EXPECT_FALSE(acl_allows("+@all -@admin", command("debug")));
  EXPECT_TRUE(acl_allows("-@all +@read", command("keys")));
  EXPECT_FALSE(acl_allows("-@all +@read", command("flushdb")));
  EXPECT_TRUE(acl_allows("-@all +config|get", command("config")));
  EXPECT_TRUE(acl_allows("+@all -config|set", command("config")));
  EXPECT_FALSE(acl_allows("+@all -config", command("config")));
  EXPECT_FALSE(acl_allows("", command("config")));
  EXPECT_FALSE(acl_allows("+@all nocommands", command("module")));
}

TEST(RedisAuth, CommandsAndReplyClassification) {
  EXPECT_EQ(auth_command("default", "pw"), (Command{"AUTH", "pw"}));
  EXPECT_EQ(auth_command("", "pw"), (Command{"AUTH", "pw"}));
  EXPECT_EQ(auth_command("app", "pw"), (Command{"AUTH", "app", "pw"}));

  auto outcome = [](RespValue::Type type, const std::string& text) {
    return classify_auth_reply(RespValue{type, text, 0, {}}).outcome;
  };
  using T = RespValue::Type;
  EXPECT_EQ(outcome(T::simple, "OK"), LoginOutcome::success);
  EXPECT_EQ(outcome(T::error, "WRONGPASS invalid username-password pair or user is disabled."),
            LoginOutcome::rejected);
  EXPECT_EQ(outcome(T::error, "ERR invalid password"), LoginOutcome::rejected);
  EXPECT_EQ(outcome(T::error, "ERR wrong number of arguments for 'auth' command"),
            LoginOutcome::no_such_user);
  EXPECT_EQ(outcome(T::error, "ERR Client sent AUTH, but no password is set"),
            LoginOutcome::blocked);
  EXPECT_EQ(outcome(T::error, "ERR max number of clients reached"), LoginOutcome::blocked);
  EXPECT_EQ(outcome(T::error, "LOADING Redis is loading the dataset in memory"),
            LoginOutcome::error);
  EXPECT_EQ(outcome(T::bulk, "OK?"), LoginOutcome::error);
}

}  // namespace
}  // namespace paicha::services::redis
