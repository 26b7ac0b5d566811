#pragma once
// The set of hosts a discover/audit run covers: target tokens, -iL lists, nmap and masscan
// imports, minus exclusions. Ranges are never expanded: a 10.0.0.0/8 or an IPv6 /64 costs a few
// integers, and hosts are produced one at a time by a Cursor.
//
// Order: blocks in the order they were added; inside a block, ascending addresses (octet
// patterns count with the last octet fastest). Exclusions apply to every block, whenever they
// were added. The same address listed twice is scanned twice: overlapping targets are the
// user's choice, and deduplicating lazily would cost memory proportional to the set.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/targets_block.h"
#include "core/targets_host.h"

namespace paicha {

class TargetSet {
 public:
  using WarningFn = std::function<void(const std::string&)>;
  // Returns every address of a name; empty when it does not resolve. The default uses
  // getaddrinfo. Tests and fuzzers inject their own.
  using ResolverFn = std::function<std::vector<IpAddr>(const std::string& name)>;

  TargetSet();

  // Set these before adding targets. Warnings: unresolvable names, malformed import lines.
  void set_warning_handler(WarningFn warn) { warn_ = std::move(warn); }
  void set_resolver(ResolverFn resolve) { resolve_ = std::move(resolve); }

  // Command-line tokens; positions in messages are "#1", "#2", ... in this vector. A token may
  // hold several targets separated by commas. Throws UsageError for a bad token.
  void add_tokens(const std::vector<std::string>& tokens);
  // -iL: tokens separated by whitespace or commas, '#' starts a comment; "-" reads stdin.
  // Positions are FILE:LINE.
  void add_list_file(const std::string& path);
  // nmap -oX output: hosts that are up, with their open TCP ports.
  void add_nmap_xml(const std::string& path);
  // masscan -oL (list), -oJ (JSON) or -oX output, detected from the content.
  void add_masscan(const std::string& path);
  // The same from text already in memory; `where` names it in warnings.
  void add_masscan_text(const std::string& content, const std::string& where);

  // --exclude tokens (comma separated inside each) and --exclude-file, same syntax as targets.
  void exclude_tokens(const std::vector<std::string>& tokens);
  void exclude_file(const std::string& path);

  // Hosts the run will yield after exclusions: exact, saturating at UINT64_MAX.
  uint64_t count() const;
  bool empty() const { return count() == 0; }

  class Cursor {
   public:
    // The next host, or nullopt at the end.
    std::optional<ScanHost> next();

   private:
    friend class TargetSet;
    explicit Cursor(const TargetSet& set) : set_(&set) {}
    const TargetSet* set_;
    size_t block_ = 0;
    Uint128 offset_ = 0;  // member index inside the current block
    uint64_t index_ = 0;
  };

  // Starts after the first `skip` hosts (resume). Costs a binary search per range, not a walk.
  Cursor begin(uint64_t skip = 0) const;

 private:
  using Block = std::variant<AddressBlock, std::vector<ScanHost>>;

  enum class Role { target, exclusion };
  void add_token(const std::string& token, const std::string& where, Role role);
  void add_file_tokens(const std::string& path, Role role);
  void add_imported(std::vector<ScanHost> hosts);
  void exclude_block(const TargetToken& token);
  bool excluded(const IpAddr& addr) const;
  const IntervalSet& exclusions(bool v6) const { return v6 ? excluded_v6_ : excluded_v4_; }
  Uint128 block_count(const Block& block) const;
  void warn(const std::string& message) const;

  std::vector<Block> blocks_;
  IntervalSet excluded_v4_;
  IntervalSet excluded_v6_;
  WarningFn warn_;
  ResolverFn resolve_;
};

// The default resolver: getaddrinfo, all addresses in the order returned.
std::vector<IpAddr> resolve_host_name(const std::string& name);

// Splits a list-file line into tokens (whitespace and commas; '#' ends the line).
std::vector<std::string> split_target_line(std::string_view line);

}  // namespace paicha
