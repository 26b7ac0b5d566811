// audit_memcached against the testenv's memcached-open (UDP on) and memcached-tcp (-U 0), and a
// private memcached with an ASCII auth file for the authenticated (negative) case.
#include <gtest/gtest.h>

#include <fstream>

#include "core/i18n.h"
#include "services/memcached/checks.h"
#include "test_audit_redis_support.h"

namespace paicha::services {
namespace {

using audit_test::make_context;
using audit_test::run_check;
using audit_test::testenv;
using audit_test::testenv_port;

// The commands the -vv log shows for this client ("<28 stats"); writes would show up here.
std::vector<std::string> logged_commands(const std::string& log, size_t from) {
  std::ifstream in(log);
  in.seekg(static_cast<std::streamoff>(from));
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.size() < 3 || line[0] != '<') continue;
    const size_t space = line.find(' ');
    if (space == std::string::npos) continue;
    out.push_back(line.substr(space + 1, line.find(' ', space + 1) - space - 1));
  }
  return out;
}

size_t file_size(const std::string& path) {
  std::ifstream in(path, std::ios::ate);
  return in ? static_cast<size_t>(in.tellg()) : 0;
}

TEST(AuditMemcachedLive, OpenInstanceWithUdp) {
  const auto port = testenv_port("PAICHA_TE_MEMCACHED_OPEN_PORT");
  const auto log = testenv("PAICHA_TE_MEMCACHED_OPEN_LOG");
  if (!port || !log) GTEST_SKIP() << "testenv not running (PAICHA_TESTENV_DIR)";
  set_lang(Lang::zh);
  const size_t log_start = file_size(*log);
  auto context = make_context("memcached", *port, false);
  const auto outcome = run_check(*context, audit_memcached);
  const auto rules = outcome.rules();
  EXPECT_TRUE(rules.count("memcached.unauthorized_access")) << outcome.all_notes();
  EXPECT_TRUE(rules.count("memcached.udp_enabled")) << outcome.all_notes();
  EXPECT_TRUE(rules.count("memcached.no_tls"));
  const Finding* open = outcome.find("memcached.unauthorized_access");
  ASSERT_TRUE(open);
  EXPECT_NE(open->evidence.find("curr_items"), std::string::npos) << open->evidence;
  EXPECT_NE(open->evidence.find("1.6"), std::string::npos) << open->evidence;
  const Finding* udp = outcome.find("memcached.udp_enabled");
  ASSERT_TRUE(udp);
  EXPECT_NE(udp->evidence.find("放大"), std::string::npos) << udp->evidence;

  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // -vv lines are written async
  const auto seen = logged_commands(*log, log_start);
  EXPECT_NE(std::find(seen.begin(), seen.end(), "stats"), seen.end());
  const std::set<std::string> writes = {"set", "add",       "replace",   "append",      "prepend",
                                        "cas", "incr",      "decr",      "delete",      "touch",
                                        "gat", "gats",      "flush_all", "ms",          "md",
                                        "ma",  "verbosity", "shutdown",  "lru_crawler", "slabs"};
  for (const auto& command : seen) EXPECT_FALSE(writes.count(command)) << command;
}

TEST(AuditMemcachedLive, TcpOnlyInstanceHasNoUdpFinding) {
  const auto port = testenv_port("PAICHA_TE_MEMCACHED_TCP_PORT");
  if (!port) GTEST_SKIP() << "testenv not running (PAICHA_TESTENV_DIR)";
  auto context = make_context("memcached", *port, false);
  const auto outcome = run_check(*context, audit_memcached);
  const auto rules = outcome.rules();
  EXPECT_FALSE(rules.count("memcached.udp_enabled")) << outcome.all_notes();
  // No SASL there either: stats is still open, which is the truth.
  EXPECT_TRUE(rules.count("memcached.unauthorized_access"));
  EXPECT_TRUE(rules.count("memcached.no_tls"));
}

TEST(AuditMemcachedLive, AuthFileInstanceIsNotOpen) {
  if (audit_test::run_command("command -v memcached").find("memcached") == std::string::npos)
    GTEST_SKIP() << "memcached not installed";
  const uint16_t port = audit_test::free_port();
  audit_test::PrivateServer server(
      "memcached",
      "echo 'app:Mc-9vx-strong' > {dir}/auth && memcached -d -u root -l 127.0.0.1 -p " +
          std::to_string(port) + " -U 0 -m 8 -Y {dir}/auth -P {pid}");
  ASSERT_GT(server.read_pid(), 0);
  auto context = make_context("memcached", port, false);
  const auto outcome = run_check(*context, audit_memcached);
  const auto rules = outcome.rules();
  EXPECT_FALSE(rules.count("memcached.unauthorized_access")) << outcome.all_notes();
  EXPECT_FALSE(rules.count("memcached.udp_enabled"));
  EXPECT_TRUE(rules.count("memcached.no_tls"));  // authenticated, still plaintext
  EXPECT_NE(outcome.all_notes().find("unauthenticated"), std::string::npos) << outcome.all_notes();
}

}  // namespace
}  // namespace paicha::services
