#pragma once
// Importers for the results of earlier scans, so paicha can identify and check services that
// nmap or masscan already found. Pure functions of the file content, so they can be fuzzed.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/targets_host.h"

namespace paicha {

using ImportWarningFn = std::function<void(const std::string&)>;

// `source` names the input in messages (the file path). A document that cannot be read as a
// whole throws UsageError naming `source`; a malformed entry is reported through `warn` as
// "SOURCE:LINE: ..." and skipped. Results keep the first-seen order of addresses, merge
// repeated addresses, and hold ascending, unique ports.

// nmap -oX (also masscan -oX): hosts whose status is up (or not given, as masscan writes), with
// their open TCP ports. A host without a <ports> element (nmap -sn) comes with no ports, meaning
// "probe the requested port set"; a host whose ports are all closed or filtered is left out. A
// truncated file (interrupted scan) yields the hosts read so far, with a warning.
std::vector<ScanHost> parse_nmap_xml(std::string_view content, const std::string& source,
                                     const ImportWarningFn& warn);

// masscan -oL ("open tcp 80 1.2.3.4 1700000000") or -oJ (a JSON array of
// {"ip": ..., "ports": [{"port": 80, "proto": "tcp", "status": "open"}]}, with or without the
// trailing comma old versions leave before "]"), or -oX, told apart by the first character.
std::vector<ScanHost> parse_masscan(std::string_view content, const std::string& source,
                                    const ImportWarningFn& warn);

}  // namespace paicha
