#pragma once
// Small bridges between paicha's plain types and asio.
#include <asio/ip/address.hpp>
#include <asio/ip/tcp.hpp>

#include "core/ipaddr.h"

namespace paicha::net {

inline asio::ip::address to_asio(const IpAddr& addr) {
  if (!addr.v6) {
    asio::ip::address_v4::bytes_type b{addr.bytes[0], addr.bytes[1], addr.bytes[2], addr.bytes[3]};
    return asio::ip::address_v4(b);
  }
  asio::ip::address_v6::bytes_type b;
  for (size_t i = 0; i < 16; ++i) b[i] = addr.bytes[i];
  return asio::ip::address_v6(b);
}

inline asio::ip::tcp::endpoint endpoint_of(const IpAddr& addr, uint16_t port) {
  return {to_asio(addr), port};
}

}  // namespace paicha::net
