#include <gtest/gtest.h>

#include "core/errors.h"
#include "core/finding.h"
#include "core/i18n.h"
#include "core/rules.h"

namespace paicha {
namespace {

const RuleCatalogue& shipped() {
  static const RuleCatalogue catalogue = RuleCatalogue::load(PAICHA_SOURCE_RULES_DIR);
  return catalogue;
}

Asset redis_asset() {
  Asset a;
  a.host = "127.0.0.1";
  a.port = 6379;
  a.service = "redis";
  a.product = "Redis";
  a.version = "7.0.15";
  return a;
}

TEST(Finding, MakeFindingCopiesTheRuleAndTheAsset) {
  set_lang(Lang::zh);
  const Finding f = make_finding(shipped(), "redis.unauthorized_access", redis_asset(),
                                 "无需口令即可执行 INFO，12 个键");
  EXPECT_EQ(f.rule, "redis.unauthorized_access");
  EXPECT_EQ(f.category, "unauthorized_access");
  EXPECT_EQ(f.severity, Severity::critical);
  EXPECT_EQ(f.host, "127.0.0.1");
  EXPECT_EQ(f.port, 6379);
  EXPECT_EQ(f.service, "redis");
  EXPECT_EQ(f.title, shipped().at("redis.unauthorized_access").title_zh);
  EXPECT_EQ(f.references, shipped().at("redis.unauthorized_access").references);
  set_lang(Lang::en);
  const Finding en = make_finding(shipped(), "redis.unauthorized_access", redis_asset(), "x");
  EXPECT_EQ(en.title, shipped().at("redis.unauthorized_access").title_en);
  set_lang(Lang::zh);
}

TEST(Finding, UnknownRuleIsAnErrorNamingIt) {
  try {
    make_finding(shipped(), "redis.no_such_rule", redis_asset(), "");
    FAIL() << "expected an error";
  } catch (const RuntimeError& e) {
    EXPECT_NE(std::string(e.what()).find("redis.no_such_rule"), std::string::npos);
  }
}

TEST(Finding, FingerprintIsStableAndIgnoresTheEvidenceText) {
  const Finding a =
      make_finding(shipped(), "mysql.weak_password", redis_asset(), "ro****23, 3 次尝试", "root");
  const Finding b =
      make_finding(shipped(), "mysql.weak_password", redis_asset(), "ro****23, 1 次尝试", "root");
  EXPECT_EQ(a.fingerprint(), b.fingerprint());
  EXPECT_EQ(a.fingerprint().size(), 16u);
  EXPECT_EQ(a.fingerprint().find_first_not_of("0123456789abcdef"), std::string::npos);

  Finding other_account = a;
  other_account.evidence_key = "admin";
  EXPECT_NE(other_account.fingerprint(), a.fingerprint());
  Finding other_port = a;
  other_port.port = 6380;
  EXPECT_NE(other_port.fingerprint(), a.fingerprint());
  Finding other_host = a;
  other_host.host = "127.0.0.2";
  EXPECT_NE(other_host.fingerprint(), a.fingerprint());
}

TEST(Finding, FingerprintMatchesSha256OfTheDocumentedKey) {
  Finding f;
  f.rule = "r.x";
  f.host = "h";
  f.port = 1;
  f.service = "s";
  f.evidence_key = "k";
  // printf 'r.x|h|1|s|k' | sha256sum
  EXPECT_EQ(f.fingerprint(), "96760963d253f88f");
}

}  // namespace
}  // namespace paicha
