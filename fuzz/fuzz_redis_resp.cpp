// Redis replies as the audit reads them: the RESP decoder and everything that interprets the
// decoded values (INFO, CONFIG GET, ACL GETUSER rules).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "services/redis/reply_facts.h"
#include "services/redis/resp.h"

using namespace paicha::services::redis;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t offset = 0;
  // A pipelined stream of replies, as RespSession consumes it.
  for (int replies = 0; replies < 64 && offset < input.size(); ++replies) {
    const RespParse parsed = parse_resp(input.substr(offset));
    if (parsed.status != RespStatus::complete) break;
    if (parsed.consumed == 0 || parsed.consumed > input.size() - offset) __builtin_trap();
    offset += parsed.consumed;
    const RespValue& value = parsed.value;
    (void)value.error_code();
    (void)config_value(value, "bind");
    if (const auto rules = acl_user_commands(value)) {
      for (const auto& command : dangerous_commands()) (void)acl_allows(*rules, command);
    }
    if (value.is_string()) {
      const InfoFacts facts = parse_info(value.text);
      if (facts.keys < 0 || facts.databases < 0) __builtin_trap();
      if (facts.used_memory) (void)human_bytes(*facts.used_memory);
      (void)binds_all_interfaces(value.text);
    }
  }
  // The raw text as an INFO body and as an ACL rule string too.
  (void)parse_info(input);
  for (const auto& command : dangerous_commands()) (void)acl_allows(input, command);
  return 0;
}
