#include "services/mssql/login7.h"

#include <array>

#include "services/probe_util.h"

namespace paicha::services::mssql {

namespace {

constexpr uint32_t kTds74 = 0x74000004;
constexpr size_t kFixedLength = 94;  // the LOGIN7 fields before the variable-length data

constexpr uint8_t kTokenError = 0xAA;
constexpr uint8_t kTokenInfo = 0xAB;
constexpr uint8_t kTokenLoginAck = 0xAD;
constexpr uint8_t kTokenFeatureExtAck = 0xAE;
constexpr uint8_t kTokenEnvChange = 0xE3;
constexpr uint8_t kTokenSspi = 0xED;
constexpr uint8_t kTokenDone = 0xFD;
constexpr uint8_t kTokenDoneProc = 0xFE;
constexpr uint8_t kTokenDoneInProc = 0xFF;

void append_utf16(std::string& out, uint32_t code_point) {
  if (code_point >= 0x10000) {
    code_point -= 0x10000;
    put_u16le(out, static_cast<uint16_t>(0xD800 + (code_point >> 10)));
    put_u16le(out, static_cast<uint16_t>(0xDC00 + (code_point & 0x3FF)));
  } else {
    put_u16le(out, static_cast<uint16_t>(code_point));
  }
}

// UCS-2 text from the server as UTF-8 (surrogates and controls become '?'), for messages.
std::string utf8_from_ucs2(std::string_view bytes) {
  std::string out;
  for (size_t i = 0; i + 1 < bytes.size(); i += 2) {
    const uint32_t c = static_cast<uint8_t>(bytes[i]) | static_cast<uint8_t>(bytes[i + 1]) << 8;
    if (c < 0x20 || (c >= 0xD800 && c < 0xE000)) {
      out += '?';
    } else if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | c >> 6);
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xE0 | c >> 12);
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

LoginVerdict verdict_of_error(int32_t number) {
  switch (number) {
    case 18456:
      return LoginVerdict::wrong_password;
    case 18487:
    case 18488:
      return LoginVerdict::password_right;
    case 18470:
      return LoginVerdict::disabled;
    case 18486:
      return LoginVerdict::locked_out;
    default:
      return LoginVerdict::other_error;
  }
}

// ERROR/INFO body: Number, State, Class, MsgText (US_VARCHAR), ServerName, ProcName
// (B_VARCHAR), LineNumber.
bool read_message_token(std::string_view body, int32_t& number, std::string& text) {
  ByteReader reader(body);
  uint8_t state = 0;
  uint8_t severity_class = 0;
  uint16_t chars = 0;
  std::string_view raw;
  if (!reader.i32le(number) || !reader.u8(state) || !reader.u8(severity_class) ||
      !reader.u16le(chars) || !reader.bytes(size_t{chars} * 2, raw))
    return false;
  text = clean_text(utf8_from_ucs2(raw), 200);
  return true;
}

}  // namespace

std::string utf16le_from_utf8(std::string_view utf8) {
  std::string out;
  for (size_t i = 0; i < utf8.size();) {
    const auto lead = static_cast<uint8_t>(utf8[i]);
    size_t length = lead < 0x80         ? 1
                    : (lead >> 5) == 6  ? 2
                    : (lead >> 4) == 14 ? 3
                    : (lead >> 3) == 30 ? 4
                                        : 0;
    uint32_t code_point = length == 1   ? lead
                          : length == 2 ? lead & 0x1F
                          : length == 3 ? lead & 0x0F
                                        : lead & 0x07;
    bool valid = length != 0 && i + length <= utf8.size();
    for (size_t k = 1; valid && k < length; ++k) {
      const auto next = static_cast<uint8_t>(utf8[i + k]);
      valid = (next & 0xC0) == 0x80;
      code_point = code_point << 6 | (next & 0x3F);
    }
    if (!valid || code_point > 0x10FFFF) {
      append_utf16(out, 0xFFFD);
      ++i;
      continue;
    }
    append_utf16(out, code_point);
    i += length;
  }
  return out;
}

std::string scramble_password(std::string_view utf16le) {
  std::string out(utf16le);
  for (char& c : out) {
    const auto b = static_cast<uint8_t>(c);
    c = static_cast<char>(static_cast<uint8_t>((b << 4) | (b >> 4)) ^ 0xA5);
  }
  return out;
}

std::string login7_payload(const Login7Request& request) {
  const std::array<std::string, 9> strings = {
      utf16le_from_utf8(request.client_host),
      utf16le_from_utf8(request.user),
      scramble_password(utf16le_from_utf8(request.password)),
      utf16le_from_utf8(request.app_name),
      utf16le_from_utf8(request.server_name),
      std::string(),                // extension (unused)
      utf16le_from_utf8("paicha"),  // client interface name
      std::string(),                // language: the login's default
      std::string(),                // database: the login's default
  };
  std::string offsets;
  std::string data;
  for (size_t i = 0; i < strings.size(); ++i) {
    put_u16le(offsets, static_cast<uint16_t>(kFixedLength + data.size()));
    // Character counts, except the unused extension slot which counts bytes.
    put_u16le(offsets, static_cast<uint16_t>(i == 5 ? strings[i].size() : strings[i].size() / 2));
    data += strings[i];
  }
  offsets.append(6, '\0');       // ClientID (a MAC address; none)
  for (int i = 0; i < 3; ++i) {  // SSPI, AtchDBFile, ChangePassword: all empty
    put_u16le(offsets, static_cast<uint16_t>(kFixedLength + data.size()));
    put_u16le(offsets, 0);
  }
  put_u32le(offsets, 0);  // cbSSPILong

  std::string fixed;
  put_u32le(fixed, static_cast<uint32_t>(kFixedLength + data.size()));
  put_u32le(fixed, kTds74);
  put_u32le(fixed, request.packet_size);
  put_u32le(fixed, 0x00000007);  // ClientProgVer
  put_u32le(fixed, 0);           // ClientPID
  put_u32le(fixed, 0);           // ConnectionID
  put_u8(fixed, 0xE0);           // OptionFlags1: USE_DB_ON, INIT_DB_FATAL, SET_LANG_ON
  put_u8(fixed, 0x03);           // OptionFlags2: INIT_LANG_FATAL, ODBC_ON
  put_u8(fixed, 0x00);           // TypeFlags: SQL_DFLT
  put_u8(fixed, 0x00);           // OptionFlags3
  put_i32le(fixed, 0);           // ClientTimeZone
  put_u32le(fixed, 0x00000409);  // ClientLCID: en-US, for the messages' language
  return fixed + offsets + data;
}

LoginAnswer parse_login_answer(std::string_view payload) {
  LoginAnswer answer;
  bool acknowledged = false;
  bool error_seen = false;
  ByteReader reader(payload);
  while (reader.remaining() > 0) {
    uint8_t token = 0;
    reader.u8(token);
    if (token == kTokenDone || token == kTokenDoneProc || token == kTokenDoneInProc) {
      if (!reader.skip(12)) return LoginAnswer{};  // Status, CurCmd, DoneRowCount (TDS 7.2+)
      continue;
    }
    if (token == kTokenFeatureExtAck) {
      // FeatureId, FeatureAckDataLen (DWORD), data ... up to the 0xFF terminator.
      uint8_t feature = 0;
      while (reader.u8(feature) && feature != 0xFF) {
        uint32_t length = 0;
        if (!reader.u32le(length) || !reader.skip(length)) return LoginAnswer{};
      }
      if (feature != 0xFF) return LoginAnswer{};
      continue;
    }
    uint16_t length = 0;
    std::string_view body;
    if (!reader.u16le(length) || !reader.bytes(length, body)) return LoginAnswer{};
    switch (token) {
      case kTokenLoginAck:
        acknowledged = true;
        break;
      case kTokenError:
        if (!error_seen) {
          if (!read_message_token(body, answer.error_number, answer.message)) return LoginAnswer{};
          error_seen = true;
        }
        break;
      case kTokenInfo:
      case kTokenEnvChange:
      case kTokenSspi:
        break;
      default:
        return LoginAnswer{};
    }
  }
  if (acknowledged) {
    answer.verdict = LoginVerdict::accepted;
  } else if (error_seen) {
    answer.verdict = verdict_of_error(answer.error_number);
  }
  return answer;
}

}  // namespace paicha::services::mssql
