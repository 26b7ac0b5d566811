#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/credentials.h"
#include "core/errors.h"

namespace paicha {

namespace {
std::string write_file(const std::string& name, const std::string& text, mode_t mode = 0600) {
  auto path = std::filesystem::temp_directory_path() /
              ("paicha-creds-" + std::to_string(::getpid()) + "-" + name);
  std::ofstream(path) << text;
  ::chmod(path.c_str(), mode);
  return path.string();
}
}  // namespace

TEST(CredentialStore, MostSpecificEntryWins) {
  std::string path = write_file("ok.yaml", R"(
- {service: postgresql, user: any_pg, password: a}
- {service: postgresql, host: 127.0.0.1, port: 15433, user: exact, password: b}
- {user: fallback, password: c}
)");
  CredentialStore store;
  std::vector<std::string> warnings;
  store.load_file(path, [&](const std::string& w) { warnings.push_back(w); });
  EXPECT_TRUE(warnings.empty());
  EXPECT_EQ(store.find("postgresql", "127.0.0.1", 15433)->user, "exact");
  EXPECT_EQ(store.find("postgresql", "127.0.0.1", 5432)->user, "any_pg");
  EXPECT_EQ(store.find("redis", "10.0.0.1", 6379)->user, "fallback");
}

TEST(CredentialStore, PasswordFromEnvironment) {
  ::setenv("PAICHA_TEST_SECRET", "s3cret", 1);
  std::string path = write_file("env.yaml", "- {user: u, password_env: PAICHA_TEST_SECRET}\n");
  CredentialStore store;
  store.load_file(path, nullptr);
  EXPECT_EQ(store.find("mysql", "h", 1)->password, "s3cret");
  std::string missing =
      write_file("noenv.yaml", "- {user: u, password_env: PAICHA_NOT_SET_ANYWHERE}\n");
  CredentialStore other;
  EXPECT_THROW(other.load_file(missing, nullptr), UsageError);
}

TEST(CredentialStore, ErrorsNameFileLineAndKey) {
  std::string path = write_file("bad.yaml", "- {user: u, password: p}\n- {user: v, passwd: p}\n");
  CredentialStore store;
  try {
    store.load_file(path, nullptr);
    FAIL() << "unknown key accepted";
  } catch (const UsageError& e) {
    std::string message = e.what();
    EXPECT_NE(message.find(path + ":2"), std::string::npos) << message;
    EXPECT_NE(message.find("passwd"), std::string::npos) << message;
  }
  std::string empty = write_file("empty.yaml", "- {service: redis}\n");
  EXPECT_THROW(store.load_file(empty, nullptr), UsageError);
  std::string bad_port = write_file("port.yaml", "- {user: u, port: 99999}\n");
  EXPECT_THROW(store.load_file(bad_port, nullptr), UsageError);
  EXPECT_THROW(store.load_file("/nonexistent/creds.yaml", nullptr), UsageError);
}

TEST(CredentialStore, OddlyShapedNodesAreUsageErrorsNotCrashes) {
  // Found by fuzz_credentials: a key that is itself a sequence ("- {[a]: b}"), as in the
  // input "!*[!*[:]:]". yaml-cpp throws its own exception type on such a node.
  CredentialStore store;
  for (const char* text : {"!*[!*[:]:]", "- {[a]: b}\n", "- {user: [u], password: p}\n",
                           "- {user: u, password: {p: q}}\n"}) {
    std::string path = write_file("odd.yaml", text);
    EXPECT_THROW(store.load_file(path, nullptr), UsageError) << text;
  }
  EXPECT_TRUE(store.empty());
}

TEST(CredentialStore, WarnsWhenOthersCanReadIt) {
  std::string path = write_file("open.yaml", "- {user: u, password: p}\n", 0644);
  CredentialStore store;
  std::vector<std::string> warnings;
  store.load_file(path, [&](const std::string& w) { warnings.push_back(w); });
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find(path), std::string::npos);
}

TEST(Dictionary, BundledListStartsWithEmptyAndCommonChinesePasswords) {
  auto list = load_password_list();
  ASSERT_GT(list.size(), 50u);
  EXPECT_EQ(list[0], "");
  for (const char* p : {"123456", "admin123", "a123456", "P@ssw0rd", "qwe123"})
    EXPECT_NE(std::find(list.begin(), list.end(), p), list.end()) << p;
  EXPECT_THROW(load_password_list("/nonexistent/list.txt"), UsageError);
}

TEST(UnitGuesses, AbbreviationAndYears) {
  auto guesses = unit_password_guesses({"bjchyedu"}, 2026, 8);
  for (const char* g : {"bjchyedu2019", "Bjchyedu@2024", "bjchyedu123", "BJCHYEDU"})
    EXPECT_NE(std::find(guesses.begin(), guesses.end(), g), guesses.end()) << g;
  EXPECT_EQ(std::find(guesses.begin(), guesses.end(), "bjchyedu2018"), guesses.end());
  auto merged = merge_guesses({"", "123456", "admin", "root"}, {"bjchyedu2026"}, 2);
  EXPECT_EQ(merged, (std::vector<std::string>{"", "123456", "bjchyedu2026", "admin", "root"}));
}

}  // namespace paicha
