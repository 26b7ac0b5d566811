#pragma once
// What the Redis checks read out of replies: INFO figures, CONFIG GET values, the bind line
// and whether an ACL rule string lets a user run a dangerous command. Pure functions over
// untrusted server text, so they are unit-tested and fuzzed on their own.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/redis/resp.h"

namespace paicha::services::redis {

struct InfoFacts {
  std::string version;                 // redis_version
  std::optional<int64_t> used_memory;  // bytes
  int64_t keys = 0;                    // sum of keys= over the dbN lines of # Keyspace
  int databases = 0;                   // dbN lines (databases that hold keys)
};

// Reads the body of an INFO reply; missing fields stay empty/zero.
InfoFacts parse_info(std::string_view body);

// The value from a CONFIG GET reply (["name", "value"]), nullopt when the server did not
// return that parameter (unknown, renamed CONFIG, error).
std::optional<std::string> config_value(const RespValue& reply, std::string_view name);

// True when a `bind` setting leaves Redis on every interface: empty, "*", "0.0.0.0", "::"
// (a leading '-' only makes an address optional).
bool binds_all_interfaces(std::string_view bind);

// A command that must be disabled or ACL-restricted on a production Redis, with a harmless
// argument list for ACL DRYRUN (which checks permissions without running anything).
struct DangerousCommand {
  std::string_view name;  // lower case, as COMMAND INFO takes it
  std::vector<std::string_view> dryrun_args;
  std::vector<std::string_view> categories;  // ACL categories it belongs to, without '@'
};
const std::vector<DangerousCommand>& dangerous_commands();

// Evaluates an ACL rule string as ACL GETUSER returns it in "commands" (Redis 6: "+@all
// -@dangerous -config") for one command. Rules apply left to right; the last one that names
// the command or one of its categories wins.
bool acl_allows(std::string_view rules, const DangerousCommand& command);

// The "commands" field of an ACL GETUSER reply (a flat name/value array).
std::optional<std::string> acl_user_commands(const RespValue& reply);

// Bytes as people read them: "812 B", "3.1 MB".
std::string human_bytes(int64_t bytes);

}  // namespace paicha::services::redis
