#pragma once
// Apache ZooKeeper four-letter word "srvr" (read-only server statistics).
#include <string>
#include <string_view>

#include "services/probe.h"

namespace paicha::services::zookeeper {

std::string srvr_request();
// "Zookeeper version: 3.8.1-<sha>, built on ..." or "srvr is not executed because it is not in
// the whitelist." (4lw.commands.whitelist).
ParseResult parse_srvr_reply(std::string_view reply);

}  // namespace paicha::services::zookeeper
