// Column classification, password-storage judgement and pii_exposure hits of `pii db`.
#include <gtest/gtest.h>

#include "pii/column_classifier.h"
#include "pii/db_exposure.h"
#include "pii/password_storage.h"

using namespace paicha::pii;

namespace {

ColumnVerdict classify(const std::string& name, const std::vector<std::string>& values) {
  MatchSession session;
  ColumnClassifier c(name, 2);
  for (const auto& v : values) c.add(v, session);
  return c.verdict();
}

}  // namespace

TEST(PiiDbClassifier, ValidIdNumbersMakeAnIdColumnWithHintConfidence) {
  std::vector<std::string> ids = {"11010519491231002X", "440304198506120035", "110105194912310021"};
  auto hinted = classify("身份证号", ids);
  ASSERT_TRUE(hinted.type);
  EXPECT_EQ(*hinted.type, PiiType::cn_id);
  EXPECT_EQ(hinted.sampled, 3u);
  // The third has a wrong check digit: 2 of 3 validate.
  EXPECT_EQ(hinted.matched, 2u);
  auto unhinted = classify("c7", ids);
  ASSERT_TRUE(unhinted.type);
  EXPECT_GT(hinted.confidence, unhinted.confidence);
}

TEST(PiiDbClassifier, LookAlikesAndEmptyValuesGiveNoType) {
  auto v = classify("order_no", {"DD20230101123456", "12345678901234567", "", "   ", "20240101"});
  EXPECT_FALSE(v.type);
  EXPECT_EQ(v.sampled, 3u);  // blanks are not sampled values
  // A column named mobile whose values are not mobiles stays unclassified.
  EXPECT_FALSE(classify("mobile", {"n/a", "unknown", "12"}).type);
}

TEST(PiiDbClassifier, NamesNeedTheColumnNameAsContext) {
  std::vector<std::string> names = {"张伟", "王芳", "李娜", "刘强"};
  auto named = classify("姓名", names);
  ASSERT_TRUE(named.type);
  EXPECT_EQ(*named.type, PiiType::name);
  EXPECT_FALSE(classify("dept", names).type);
}

TEST(PiiDbClassifier, FreeTextColumnsFindEmbeddedValues) {
  auto v = classify("message", {"登录 手机号:13812345678 成功", "证件=11010519491231002X 通过",
                                "手机号:13912345678", "无"});
  ASSERT_TRUE(v.type);
  EXPECT_EQ(*v.type, PiiType::mobile);
  EXPECT_EQ(v.matched, 2u);
}

TEST(PiiDbClassifier, ExactModeCountsOnlyTheColumnType) {
  MatchSession session;
  ColumnClassifier c("mobile", 0);
  for (std::string v : {"13812345678", "138-1234-5678", "12345678901", "tel 13912345678 x"})
    c.add_as(PiiType::mobile, v, session);
  EXPECT_EQ(c.values_per_type()[static_cast<size_t>(PiiType::mobile)], 3u);
}

TEST(PiiDbClassifier, SamplesAreMasked) {
  MatchSession session;
  ColumnClassifier c("mobile", 3);
  c.add("13812345678", session);
  ASSERT_EQ(c.samples(PiiType::mobile).size(), 1u);
  EXPECT_EQ(c.samples(PiiType::mobile)[0].find("12345678"), std::string::npos);
}

TEST(PiiDbPasswordStorage, TellsPlaintextUnsaltedAndSalted) {
  EXPECT_EQ(classify_password_value("Passw0rd!12"), PasswordStorage::plaintext);
  EXPECT_EQ(classify_password_value("e10adc3949ba59abbe56e057f20f883e"),
            PasswordStorage::unsalted_hash);  // md5("123456")
  EXPECT_EQ(classify_password_value("7c4a8d09ca3762af61e59520943dc26494f8941b"),
            PasswordStorage::unsalted_hash);  // sha1("123456")
  EXPECT_EQ(classify_password_value("$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"),
            PasswordStorage::salted_hash);
  EXPECT_EQ(classify_password_value(
                "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG"),
            PasswordStorage::salted_hash);
  EXPECT_EQ(classify_password_value(""), PasswordStorage::unknown);
  EXPECT_TRUE(is_password_column("password"));
  EXPECT_TRUE(is_password_column("登录密码"));
  EXPECT_FALSE(is_password_column("username"));
  PasswordStorageTally tally;
  for (auto v : {"$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy", "x1!secret9"})
    tally.add(v);
  tally.add("$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWz");
  EXPECT_EQ(tally.verdict(), PasswordStorage::salted_hash);
}

TEST(PiiDbExposure, FlagsPasswordsLogsAndUnauthenticatedPersonalData) {
  DbSourceResult source;
  source.dsn = "postgresql://127.0.0.1:5432/app";
  source.engine = "postgresql";
  DbTableResult accounts;
  accounts.info.database = "app";
  accounts.info.name = "accounts";
  DbColumnResult pw;
  pw.name = "password";
  pw.password_storage = PasswordStorage::plaintext;
  accounts.columns.push_back(pw);
  accounts.category = "business";
  DbTableResult log;
  log.info.database = "app";
  log.info.name = "access_log";
  log.log_like = true;
  DbColumnResult msg;
  msg.name = "message";
  msg.verdict.type = PiiType::cn_id;
  msg.verdict.matched = 9;
  msg.verdict.sampled = 10;
  log.columns.push_back(msg);
  log.category = "personal";
  log.counts[PiiType::cn_id] = 90;
  source.tables = {accounts, log};

  auto without = pii_exposures(source, "");
  ASSERT_EQ(without.size(), 2u);
  EXPECT_EQ(without[0].rule, "pii.plaintext_passwords");
  EXPECT_EQ(without[0].evidence_key, "app.accounts.password");
  EXPECT_EQ(without[1].rule, "pii.full_numbers_in_logs");
  auto with = pii_exposures(source, "open");
  ASSERT_EQ(with.size(), 3u);
  EXPECT_EQ(with[2].rule, "pii.in_unauthenticated_db");

  // Salted hashes and log tables without personal data: nothing.
  source.tables[0].columns[0].password_storage = PasswordStorage::salted_hash;
  source.tables[1].columns[0].verdict.type.reset();
  source.tables[1].category = "business";
  EXPECT_TRUE(pii_exposures(source, "open").empty());
  EXPECT_TRUE(is_log_like("user_login_log"));
  EXPECT_TRUE(is_log_like("操作日志"));
  EXPECT_FALSE(is_log_like("customers"));
}
