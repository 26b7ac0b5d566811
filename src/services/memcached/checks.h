#pragma once
// The Memcached audit: unauthenticated `stats`, UDP reflection (amplification) and plaintext
// transport (rules/memcached.yaml). Sends only `stats` (TCP and one UDP datagram) and `quit`.
#include <asio/awaitable.hpp>

#include "services/check.h"

namespace paicha::services {

asio::awaitable<void> audit_memcached(AuditContext& context);

}  // namespace paicha::services
