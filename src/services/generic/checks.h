#pragma once
// Checks that apply to every identified service whatever its protocol: the TLS it offers
// (old protocol versions, short RSA keys, expired or self-signed certificates), a data service
// on a public address, and known-vulnerable or end-of-life versions (data/vulndb.yaml).
#include <asio/awaitable.hpp>

#include "services/check.h"

namespace paicha::services {

asio::awaitable<void> audit_generic(AuditContext& context);

// True for addresses routed on the internet (not loopback, RFC 1918, CGNAT, link-local, ULA...).
bool is_public_address(const std::string& address);

// Services that hold data: the ones the notice's five risks are about.
bool is_data_service(const std::string& service);

}  // namespace paicha::services
