#pragma once
// MongoDB commands for the audit: OP_MSG framing (MongoDB Wire Protocol, "OP_MSG",
// https://www.mongodb.com/docs/manual/reference/mongodb-wire-protocol/), the read-only
// administration commands the checks send, the SASL commands of authentication, and
// bounds-checked parsers of their replies. Every parser takes server bytes and never throws.
#include <asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/connection.h"
#include "services/mongodb/bson.h"

namespace paicha::services::mongodb {

// Server error codes (src/mongo/base/error_codes.yml).
inline constexpr int kUserNotFound = 11;
inline constexpr int kUnauthorized = 13;
inline constexpr int kAuthenticationFailed = 18;

// The largest reply accepted (maxMessageSizeBytes of current servers is 48 MB; audit replies
// are far smaller).
inline constexpr int32_t kMaxReplyBytes = 16 * 1024 * 1024;

// OP_MSG: header (messageLength, requestID, responseTo = 0, opCode 2013), flagBits 0, one
// kind-0 section holding `document`.
std::string op_msg(int32_t request_id, std::string_view document);

enum class Framing { incomplete, invalid, complete };

// One OP_MSG or OP_REPLY message at the start of `bytes`. On `complete`, `length` is the whole
// message's size and `document` the [offset, size) of its body document within `bytes`.
// A message longer than `max_length` is invalid.
struct ReplySpan {
  size_t length = 0;
  size_t document_offset = 0;
  size_t document_size = 0;
};
Framing frame_reply(std::string_view bytes, ReplySpan& span, int32_t max_length = kMaxReplyBytes);

// Appends a BinData element (subtype 0, generic) to a finished document.
std::string with_binary(std::string document, std::string_view name, std::string_view bytes);

// Read-only commands (documented at https://www.mongodb.com/docs/manual/reference/command/).
std::string hello_command(std::string_view sasl_supported_mechs_for = "");  // "admin.user"
std::string list_databases_command();     // {listDatabases: 1, nameOnly: false}
std::string get_cmd_line_opts_command();  // {getCmdLineOpts: 1}
std::string build_info_command();         // {buildInfo: 1}
// {usersInfo: {forAllDBs: true}} or {usersInfo: 1} on admin, showPrivileges false.
std::string users_info_command(bool all_databases);
std::string sasl_start_command(std::string_view mechanism, std::string_view payload,
                               std::string_view database);
std::string sasl_continue_command(int32_t conversation_id, std::string_view payload,
                                  std::string_view database);

// {ok: 0, code, codeName, errmsg} of a failed command.
struct CommandStatus {
  bool ok = false;
  int code = 0;
  std::string code_name;
  std::string errmsg;
};
CommandStatus command_status(const bson::Document& reply);

struct HelloFacts {
  int max_wire_version = 0;
  bool sasl_mechs_present = false;  // the reply carried saslSupportedMechs
  std::vector<std::string> sasl_mechs;
};
std::optional<HelloFacts> parse_hello(const bson::Document& reply);

struct DatabaseSummary {
  int64_t count = 0;
  int64_t total_size = 0;  // bytes on disk (totalSize)
  std::vector<std::string> names;
};
std::optional<DatabaseSummary> parse_list_databases(const bson::Document& reply);

// What getCmdLineOpts's "parsed" section says about auditing and listening.
struct StartupOptions {
  bool audit_log = false;
  std::string audit_destination;
  bool bind_ip_all = false;
  std::vector<std::string> bind_ips;  // net.bindIp split at commas
};
std::optional<StartupOptions> parse_cmd_line_opts(const bson::Document& reply);

struct BuildFacts {
  std::string version;
  bool enterprise = false;  // modules contains "enterprise"
  bool percona = false;     // psmdbVersion present (Percona Server for MongoDB)
};
std::optional<BuildFacts> parse_build_info(const bson::Document& reply);

struct RoleGrant {
  std::string role;
  std::string db;
};
struct UserAccount {
  std::string user;
  std::string db;
  std::vector<RoleGrant> roles;
};
std::optional<std::vector<UserAccount>> parse_users_info(const bson::Document& reply);

// True for roles that amount to full control of the deployment: root and __system, and the
// user-administration roles that can grant themselves root.
bool is_superuser_role(const RoleGrant& grant);

struct SaslReply {
  CommandStatus status;
  int32_t conversation_id = 0;
  std::string payload;
  bool done = false;
};
std::optional<SaslReply> parse_sasl_reply(const bson::Document& reply);

// One command exchange on an open connection: sends OP_MSG, reads the whole reply. `bytes`
// keeps the reply; document() re-validates and views it.
struct CommandReply {
  std::string bytes;
  ReplySpan span;
  std::string error;  // network or framing problem; empty on success
  std::optional<bson::Document> document() const;
};
asio::awaitable<CommandReply> run_command(net::Connection& connection, int32_t request_id,
                                          std::string_view document, net::Millis timeout);

}  // namespace paicha::services::mongodb
