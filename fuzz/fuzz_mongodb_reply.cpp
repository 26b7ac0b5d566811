// MongoDB replies as the audit reads them: OP_MSG/OP_REPLY framing, then every reply parser of
// services/mongodb/wire.h on the body document, and the SCRAM client on the SASL payloads.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "services/mongodb/scram.h"
#include "services/mongodb/wire.h"

using namespace paicha::services::mongodb;
namespace bson = paicha::services::bson;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  ReplySpan span;
  if (frame_reply(bytes, span) != Framing::complete) return 0;
  if (span.length > size || span.document_offset + span.document_size > span.length)
    __builtin_trap();
  const auto doc = bson::Document::parse(bytes.substr(span.document_offset, span.document_size));
  if (!doc) __builtin_trap();  // frame_reply validated it
  (void)command_status(*doc);
  (void)parse_hello(*doc);
  (void)parse_list_databases(*doc);
  (void)parse_cmd_line_opts(*doc);
  (void)parse_build_info(*doc);
  if (auto users = parse_users_info(*doc))
    for (const auto& user : *users)
      for (const auto& grant : user.roles) (void)is_superuser_role(grant);
  if (auto sasl = parse_sasl_reply(*doc)) {
    // Payloads are server-chosen SCRAM messages; iteration counts are capped to keep runs fast.
    ScramClient client(ScramHash::sha256, "user", "pencil", "fyko");
    std::string error;
    if (client.accept_server_first(sasl->payload, error)) {
      (void)client.client_final(std::string(32, 'k'));
      (void)client.verify_server_final(sasl->payload);
    }
    (void)saslprep(sasl->payload);
    (void)base64_decode(sasl->payload);
  }
  return 0;
}
