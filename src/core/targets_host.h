#pragma once
// One host to scan, as yielded by TargetSet and produced by the scan importers.
#include <cstdint>
#include <string>
#include <vector>

#include "core/ipaddr.h"

namespace paicha {

struct ScanHost {
  IpAddr addr;
  std::string hostname;         // the name the user gave or the import recorded; may be empty
  std::vector<uint16_t> ports;  // ascending; non-empty only for imported hosts: probe only these
  uint64_t index = 0;           // 0-based position in the TargetSet's iteration order
};

}  // namespace paicha
