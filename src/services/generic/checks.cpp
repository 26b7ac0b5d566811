#include "services/generic/checks.h"

#include <fmt/format.h>
#include <openssl/ssl.h>

#include <asio/ip/address.hpp>

#include "core/i18n.h"
#include "core/vulndb.h"
#include "services/farewell.h"
#include "services/generic/tls_upgrade.h"

namespace paicha::services {

bool is_public_address(const std::string& text) {
  std::error_code ec;
  auto address = asio::ip::make_address(text, ec);
  if (ec) return false;
  if (address.is_loopback() || address.is_multicast() || address.is_unspecified()) return false;
  if (address.is_v4()) {
    const uint32_t a = address.to_v4().to_uint();
    auto in = [a](uint32_t net, int bits) { return (a >> (32 - bits)) == (net >> (32 - bits)); };
    return !(in(0x0A000000, 8) || in(0xAC100000, 12) || in(0xC0A80000, 16) ||  // RFC 1918
             in(0x64400000, 10) ||                                             // CGNAT
             in(0xA9FE0000, 16) || in(0x00000000, 8) || in(0xC0000200, 24) ||  // link-local, docs
             in(0xC6336400, 24) || in(0xCB007100, 24) || in(0xC6120000, 15) || in(0xF0000000, 4));
  }
  const auto v6 = address.to_v6();
  if (v6.is_link_local() || v6.is_site_local() || v6.is_v4_mapped()) return false;
  const auto bytes = v6.to_bytes();
  if ((bytes[0] & 0xfe) == 0xfc) return false;  // unique local fc00::/7
  if (bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0d && bytes[3] == 0xb8) return false;
  return true;
}

bool is_data_service(const std::string& service) {
  for (const char* s :
       {"redis", "mysql", "postgresql", "mongodb", "memcached", "elasticsearch", "mssql", "oracle",
        "clickhouse", "influxdb", "couchdb", "etcd", "zookeeper"})
    if (service == s) return true;
  return false;
}

namespace {

std::shared_ptr<asio::ssl::context> legacy_only_context() {
  auto context = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_client);
  context->set_verify_mode(asio::ssl::verify_none);
  SSL_CTX* native = context->native_handle();
  SSL_CTX_set_security_level(native, 0);
  SSL_CTX_set_min_proto_version(native, 0);
  SSL_CTX_set_max_proto_version(native, TLS1_1_VERSION);
  return context;
}

asio::awaitable<void> check_tls(AuditContext& context) {
  const TlsUpgrade upgrade = tls_upgrade_for(context.asset.service);
  if (upgrade == TlsUpgrade::none) co_return;
  std::string why, greeting;
  auto conn = co_await open_tls(context.endpoint, upgrade, *context.tls_context, context.timeout,
                                why, &greeting);
  if (!conn) {
    context.note(fmt::format("{}: {}", tr("无法检查 TLS 证书", "could not inspect TLS"), why));
    co_return;
  }
  auto info = conn->tls_info();
  co_await finish_handshake(*conn, context.asset.service, greeting, true, context.timeout);
  conn->close();
  if (!info) co_return;
  if (info->key_type == "RSA" && info->key_bits > 0 && info->key_bits < 2048)
    context.report("tls.weak_rsa_key",
                   fmt::format("{} {} {}", tr("证书 RSA 密钥长度", "certificate RSA key of"),
                               info->key_bits, tr("位", "bits")),
                   "rsa");
  if (info->expired)
    context.report("tls.expired_certificate",
                   fmt::format("{} {}", tr("证书已过期：", "certificate expired:"), info->subject),
                   "expired");
  if (info->self_signed)
    context.report(
        "tls.self_signed_certificate",
        fmt::format("{} {}", tr("自签名证书：", "self-signed certificate:"), info->subject),
        "self_signed");

  // Does the server still accept TLS 1.0/1.1? Offer only those and see. Not for MySQL: a
  // refused TLS handshake there counts as an aborted connect towards the host block.
  if (upgrade == TlsUpgrade::mysql) co_return;
  static const auto legacy = legacy_only_context();
  std::string legacy_why, legacy_greeting;
  auto old = co_await open_tls(context.endpoint, upgrade, *legacy, context.timeout, legacy_why,
                               &legacy_greeting);
  if (old) {
    auto old_info = old->tls_info();
    co_await finish_handshake(*old, context.asset.service, legacy_greeting, true, context.timeout);
    old->close();
    context.report(
        "tls.weak_protocol",
        fmt::format("{} {}",
                    tr("服务端接受过时的协议版本", "the server accepts the outdated protocol"),
                    old_info ? old_info->protocol : std::string("TLSv1.0/1.1")),
        "legacy_protocol");
  }
}

}  // namespace

asio::awaitable<void> audit_generic(AuditContext& context) {
  const Asset& asset = context.asset;
  if (is_data_service(asset.service) && is_public_address(asset.host))
    context.report("generic.public_address",
                   fmt::format("{} {}:{} {}", asset.product.empty() ? asset.service : asset.product,
                               asset.host, asset.port,
                               tr("在互联网地址上可访问", "is reachable on an internet address")),
                   "public");
  try {
    for (auto& finding : vulnerable_version_findings(asset)) context.report(std::move(finding));
  } catch (const std::exception& e) {
    context.note(
        fmt::format("{}: {}", tr("版本漏洞库不可用", "vulnerability data unavailable"), e.what()));
  }
  if (asset.tls.value_or(false)) co_await check_tls(context);
}

}  // namespace paicha::services
