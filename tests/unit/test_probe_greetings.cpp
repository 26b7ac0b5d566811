// SSH, FTP, SMTP and Telnet: servers that speak first.
#include <gtest/gtest.h>

#include "services/ftp/probe.h"
#include "services/smtp/probe.h"
#include "services/ssh/probe.h"
#include "services/telnet/probe.h"
#include "test_probe_helpers.h"

namespace paicha::services {
namespace {

TEST(SshProbe, OpenSshBanner) {
  // Captured from Debian 12 sshd.
  const std::string banner = "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10\r\n";
  const ParseResult r = ssh::parse_banner(banner);
  ASSERT_EQ(r.verdict, Verdict::matched);
  EXPECT_EQ(r.id.service, "ssh");
  EXPECT_EQ(r.id.product, "OpenSSH");
  EXPECT_EQ(r.id.version, "9.2p1");
  EXPECT_EQ(r.id.info, "protocol 2.0; Debian-2+deb12u10");
  EXPECT_TRUE(testing::every_prefix_needs_more(banner, ssh::parse_banner));
}

TEST(SshProbe, OtherBanners) {
  ParseResult r = ssh::parse_banner("SSH-2.0-dropbear_2022.83\r\n");
  EXPECT_EQ(r.id.product, "Dropbear SSH");
  EXPECT_EQ(r.id.version, "2022.83");
  r = ssh::parse_banner("SSH-1.99-Cisco-1.25\n");
  EXPECT_EQ(r.id.product, "Cisco SSH");
  EXPECT_EQ(r.id.version, "1.25");
  EXPECT_EQ(ssh::parse_banner("SSH-2.0-\r\n").verdict, Verdict::no_match);
  EXPECT_EQ(ssh::parse_banner("220 ftp\r\n").verdict, Verdict::no_match);
  EXPECT_EQ(ssh::parse_banner("SSH-2.0-" + std::string(300, 'a')).verdict, Verdict::no_match);
}

TEST(FtpProbe, Greetings) {
  // Captured from Debian 12 vsftpd.
  ParseResult r = ftp::parse_greeting("220 (vsFTPd 3.0.3)\r\n");
  ASSERT_EQ(r.verdict, Verdict::matched);
  EXPECT_EQ(r.id.product, "vsftpd");
  EXPECT_EQ(r.id.version, "3.0.3");
  r = ftp::parse_greeting("220 ProFTPD 1.3.8 Server (Debian) [::ffff:127.0.0.1]\r\n");
  EXPECT_EQ(r.id.product, "ProFTPD");
  EXPECT_EQ(r.id.version, "1.3.8");
  r = ftp::parse_greeting("220-FileZilla Server version 0.9.60 beta\r\n220-written by Tim\r\n");
  EXPECT_EQ(r.id.product, "FileZilla Server");
  EXPECT_EQ(r.id.version, "0.9.60");
  r = ftp::parse_greeting("220 Microsoft FTP Service\r\n");
  EXPECT_EQ(r.id.product, "Microsoft FTP Service");
  EXPECT_EQ(ftp::parse_greeting("220-Welcome\r\n").verdict, Verdict::need_more);
  EXPECT_EQ(ftp::parse_greeting("220 mx ESMTP Postfix\r\n").verdict, Verdict::no_match);
  EXPECT_EQ(ftp::parse_greeting("530 FTP no\r\n").verdict, Verdict::no_match);
}

TEST(FtpProbe, FeatReply) {
  EXPECT_EQ(ftp::feat_request(), "FEAT\r\n");
  // Captured from Debian 12 vsftpd without ssl_enable.
  const std::string plain =
      "211-Features:\r\n EPRT\r\n EPSV\r\n MDTM\r\n PASV\r\n REST STREAM\r\n SIZE\r\n TVFS\r\n"
      "211 End\r\n";
  ParseResult r = ftp::parse_feat_reply(plain);
  ASSERT_EQ(r.verdict, Verdict::matched);
  EXPECT_EQ(r.id.tls, false);
  EXPECT_TRUE(testing::every_prefix_needs_more(plain, ftp::parse_feat_reply));
  r = ftp::parse_feat_reply("211-Features:\r\n AUTH TLS\r\n PBSZ\r\n PROT\r\n211 End\r\n");
  EXPECT_EQ(r.id.tls, true);
  r = ftp::parse_feat_reply("530 Please login with USER and PASS.\r\n");
  ASSERT_EQ(r.verdict, Verdict::matched);
  EXPECT_FALSE(r.id.tls.has_value());
}

TEST(SmtpProbe, GreetingAndEhlo) {
  ParseResult r = smtp::parse_greeting("220 mail.example.test ESMTP Postfix (Debian/GNU)\r\n");
  ASSERT_EQ(r.verdict, Verdict::matched);
  EXPECT_EQ(r.id.service, "smtp");
  EXPECT_EQ(r.id.product, "Postfix");
  r = smtp::parse_greeting(
      "220 mx.example.test ESMTP Exim 4.96 Mon, 01 Jan 2024 00:00:00 +0000\r\n");
  EXPECT_EQ(r.id.product, "Exim");
  EXPECT_EQ(r.id.version, "4.96");
  EXPECT_EQ(smtp::parse_greeting("220 (vsFTPd 3.0.3)\r\n").verdict, Verdict::no_match);

  EXPECT_EQ(smtp::ehlo_request(), "EHLO paicha\r\n");
  // RFC 5321 4.1.1.1 / RFC 3207 style EHLO response.
  const std::string ehlo =
      "250-mail.example.test\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-STARTTLS\r\n"
      "250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n";
  r = smtp::parse_ehlo_reply(ehlo);
  ASSERT_EQ(r.verdict, Verdict::matched);
  EXPECT_EQ(r.id.tls, true);
  EXPECT_EQ(r.id.info, "STARTTLS offered; AUTH PLAIN LOGIN");
  EXPECT_TRUE(testing::every_prefix_needs_more(ehlo, smtp::parse_ehlo_reply));
  r = smtp::parse_ehlo_reply("250-mail\r\n250 SIZE 1000\r\n");
  EXPECT_EQ(r.id.tls, false);
}

TEST(TelnetProbe, NegotiationAndPrompt) {
  const std::string iac = testing::bytes({0xff, 0xfd, 0x18, 0xff, 0xfd, 0x20, 0xff, 0xfd, 0x23});
  ParseResult r = telnet::parse_greeting(iac);
  ASSERT_EQ(r.verdict, Verdict::matched);
  EXPECT_EQ(r.id.service, "telnet");
  EXPECT_EQ(r.id.info, "option negotiation");
  EXPECT_EQ(telnet::parse_greeting(testing::bytes({0xff})).verdict, Verdict::need_more);
  r = telnet::parse_greeting("Debian GNU/Linux 12\r\nhost login: ");
  ASSERT_EQ(r.verdict, Verdict::matched);
  EXPECT_EQ(r.id.info, "login prompt; Debian GNU/Linux 12");
  EXPECT_EQ(telnet::parse_greeting("hello world\r\n").verdict, Verdict::no_match);
  EXPECT_EQ(telnet::parse_greeting(testing::bytes({0xff, 0x01, 0x02})).verdict, Verdict::no_match);
}

}  // namespace
}  // namespace paicha::services
