#include <gtest/gtest.h>

#include <set>

#include "services/probe.h"
#include "services/probe_util.h"

namespace paicha::services {
namespace {

TEST(EscapeBanner, KeepsPrintableAndEscapesTheRest) {
  EXPECT_EQ(escape_banner(std::string_view("ab\r\n\t\\\x01\xff", 8)), "ab\\r\\n\\t\\\\\\x01\\xff");
}

TEST(EscapeBanner, TruncatesToMaxBytesOfInput) {
  EXPECT_EQ(escape_banner("abcdef", 4), "abcd...");
  EXPECT_EQ(escape_banner("abcd", 4), "abcd");
  EXPECT_EQ(escape_banner(std::string_view("\x00\x00\x00", 3), 2), "\\x00\\x00...");
}

TEST(CleanText, KeepsUtf8EscapesInvalidBytesFoldsControls) {
  EXPECT_EQ(clean_text("数据\r\n  安全"), "数据 安全");
  EXPECT_EQ(clean_text("\xc4\xe3\xba\xc3"), "\\xc4\\xe3\\xba\\xc3");  // GBK, not UTF-8
  EXPECT_EQ(clean_text("\xed\xa0\x80"), "\\xed\\xa0\\x80");           // UTF-16 surrogate
  EXPECT_EQ(clean_text("abcdef", 3), "abc...");
  EXPECT_EQ(clean_text("  x  "), "x");
}

TEST(SplitProductVersion, ServerHeaderForms) {
  auto pv = split_product_version("Apache/2.4.57 (Debian)");
  EXPECT_EQ(pv.product, "Apache");
  EXPECT_EQ(pv.version, "2.4.57");
  EXPECT_EQ(pv.rest, "(Debian)");
  pv = split_product_version("nginx");
  EXPECT_EQ(pv.product, "nginx");
  EXPECT_EQ(pv.version, "");
  pv = split_product_version("Dahua Rtsp Server");
  EXPECT_EQ(pv.product, "Dahua Rtsp Server");
}

TEST(VersionHelpers, PrefixesStopAtForeignCharacters) {
  EXPECT_EQ(version_prefix("9.2p1 Debian"), "9.2p1");
  EXPECT_EQ(version_prefix("x9"), "");
  EXPECT_EQ(numeric_version("8.0.35-0ubuntu0.22.04.1"), "8.0.35");
  EXPECT_EQ(numeric_version("3.8.1-74db005, built"), "3.8.1");
}

TEST(ByteReader, NeverReadsPastTheEnd) {
  ByteReader r(std::string_view("\x01\x02\x03", 3));
  uint32_t v = 0;
  EXPECT_FALSE(r.u32le(v));
  uint16_t w = 0;
  EXPECT_TRUE(r.u16be(w));
  EXPECT_EQ(w, 0x0102);
  std::string_view s;
  EXPECT_FALSE(r.cstring(s));
  EXPECT_EQ(r.remaining(), 1u);
}

TEST(CodedReply, MultiLineWithUncodedContinuations) {
  CodedReply reply;
  EXPECT_EQ(parse_coded_reply("211-Features:\r\n EPRT\r\n211 End\r\n", reply),
            CodedState::complete);
  EXPECT_EQ(reply.code, 211);
  ASSERT_EQ(reply.lines.size(), 3u);
  EXPECT_EQ(reply.lines[1], " EPRT");
  EXPECT_EQ(parse_coded_reply("211-Features:\r\n EPRT\r\n", reply), CodedState::incomplete);
  EXPECT_EQ(parse_coded_reply("HTTP/1.1 200 OK\r\n", reply), CodedState::not_coded);
  EXPECT_EQ(parse_coded_reply("220-a\r\n250 b\r\n", reply), CodedState::not_coded);
}

TEST(TlsPorts, KnownTlsPortsOnly) {
  for (const uint16_t port : {443, 8443, 9243, 6380, 993, 995, 465, 636, 5986, 2376, 9443}) {
    EXPECT_TRUE(is_likely_tls_port(port)) << port;
  }
  for (const uint16_t port : {80, 6379, 5432, 3306, 0, 65535}) {
    EXPECT_FALSE(is_likely_tls_port(port)) << port;
  }
}

TEST(ProbeTable, NamesUniqueParsersSetFollowupsHaveAPrimary) {
  const auto& table = probe_table();
  ASSERT_FALSE(table.empty());
  std::set<std::string_view> names;
  std::set<std::string_view> primary_services;
  for (const auto& probe : table) {
    EXPECT_TRUE(names.insert(probe.name).second) << probe.name;
    EXPECT_NE(probe.parse, nullptr) << probe.name;
    EXPECT_FALSE(probe.service.empty()) << probe.name;
    if (!probe.followup) primary_services.insert(probe.service);
    if (probe.followup) {
      EXPECT_FALSE(probe.request.empty()) << probe.name;
    }
    // Garbage and emptiness must never crash or match.
    EXPECT_NE(probe.parse("\x16\x03\x01\x02\x00garbage").verdict, Verdict::matched) << probe.name;
  }
  for (const auto& probe : table) {
    if (probe.followup) {
      EXPECT_TRUE(primary_services.count(probe.service)) << probe.name;
    }
  }
  // Primaries come before follow-ups.
  bool seen_followup = false;
  for (const auto& probe : table) {
    if (probe.followup) seen_followup = true;
    EXPECT_FALSE(seen_followup && !probe.followup) << probe.name;
  }
}

TEST(MatchGreeting, DispatchesToTheRightService) {
  EXPECT_EQ(match_greeting("SSH-2.0-OpenSSH_9.2p1\r\n").id.service, "ssh");
  EXPECT_EQ(match_greeting("220 (vsFTPd 3.0.3)\r\n").id.service, "ftp");
  EXPECT_EQ(match_greeting("220 mx ESMTP Postfix (Debian/GNU)\r\n").id.service, "smtp");
  EXPECT_EQ(match_greeting("\xff\xfd\x18\xff\xfd\x20").id.service, "telnet");
  EXPECT_EQ(match_greeting("SSH-2.0-Open").verdict, Verdict::need_more);
  EXPECT_EQ(match_greeting("220 Welcome\r\n").verdict, Verdict::no_match);
  EXPECT_EQ(match_greeting("+OK POP3 ready\r\n").verdict, Verdict::no_match);
}

}  // namespace
}  // namespace paicha::services
