#include "services/postgresql/wire.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <cctype>
#include <charconv>
#include <chrono>

#include <fmt/format.h>

#include "services/probe_util.h"

namespace paicha::services::postgresql {

namespace {

constexpr uint32_t kProtocol3 = 3u << 16;

// Type byte, Int32 length (counting itself), body.
std::string framed(char type, std::string_view body) {
  std::string out;
  out.reserve(body.size() + 5);
  out.push_back(type);
  put_u32be(out, static_cast<uint32_t>(body.size() + 4));
  out.append(body);
  return out;
}

void put_cstring(std::string& out, std::string_view text) {
  out.append(text);
  out.push_back('\0');
}

std::string hex(const unsigned char* bytes, size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (size_t i = 0; i < n; ++i) {
    out.push_back(kDigits[bytes[i] >> 4]);
    out.push_back(kDigits[bytes[i] & 15]);
  }
  return out;
}

std::string md5_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_md5(), nullptr);
  return hex(digest, length);
}

std::string sha256(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<char*>(digest), length);
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &length);
  return std::string(reinterpret_cast<char*>(digest), length);
}

// The value of attribute `name` in a SCRAM message "a=..,b=..".
std::optional<std::string_view> attribute(std::string_view message, char name) {
  size_t pos = 0;
  while (pos <= message.size()) {
    size_t end = message.find(',', pos);
    if (end == std::string_view::npos) end = message.size();
    const std::string_view part = message.substr(pos, end - pos);
    if (part.size() >= 2 && part[0] == name && part[1] == '=') return part.substr(2);
    pos = end + 1;
  }
  return std::nullopt;
}

}  // namespace

// ---- Frontend messages ----------------------------------------------------------------------

std::string startup_message(std::string_view user, std::string_view database,
                            std::string_view application_name) {
  std::string body;
  put_u32be(body, kProtocol3);
  put_cstring(body, "user");
  put_cstring(body, user);
  put_cstring(body, "database");
  put_cstring(body, database);
  put_cstring(body, "application_name");
  put_cstring(body, application_name);
  body.push_back('\0');
  std::string out;
  put_u32be(out, static_cast<uint32_t>(body.size() + 4));
  return out + body;
}

std::string password_message(std::string_view answer) {
  std::string body(answer);
  body.push_back('\0');
  return framed('p', body);
}

std::string sasl_initial_response(std::string_view mechanism, std::string_view data) {
  std::string body;
  put_cstring(body, mechanism);
  put_u32be(body, static_cast<uint32_t>(data.size()));
  body.append(data);
  return framed('p', body);
}

std::string sasl_response(std::string_view data) {
  return framed('p', data);
}

std::string terminate_message() {
  return framed('X', "");
}

std::string md5_password_answer(std::string_view user, std::string_view password,
                                std::string_view salt) {
  std::string inner = md5_hex(std::string(password) + std::string(user));
  return "md5" + md5_hex(inner + std::string(salt));
}

// ---- Backend messages -----------------------------------------------------------------------

Frame next_message(std::string_view buffer, BackendMessage& out, size_t& consumed) {
  if (buffer.empty()) return Frame::incomplete;
  ByteReader reader(buffer.substr(1));
  uint32_t length = 0;
  if (!reader.u32be(length)) return Frame::incomplete;
  if (length < 4 || length > kMaxBackendMessage) return Frame::invalid;
  std::string_view body;
  if (!reader.bytes(length - 4, body)) return Frame::incomplete;
  out.type = buffer[0];
  out.body = body;
  consumed = 1 + length;
  return Frame::complete;
}

std::optional<AuthRequest> parse_auth_request(std::string_view body) {
  ByteReader reader(body);
  uint32_t code = 0;
  if (!reader.u32be(code)) return std::nullopt;
  AuthRequest request;
  request.code = static_cast<int32_t>(code);
  request.data = reader.rest();
  switch (static_cast<AuthCode>(request.code)) {
    case AuthCode::ok:
    case AuthCode::cleartext:
      if (!request.data.empty()) return std::nullopt;
      break;
    case AuthCode::md5:
      if (request.data.size() != 4) return std::nullopt;
      break;
    case AuthCode::sasl: {
      // A list of NUL-terminated names, ended by an empty one.
      ByteReader names(request.data);
      while (true) {
        std::string_view name;
        if (!names.cstring(name)) return std::nullopt;
        if (name.empty()) break;
        request.mechanisms.emplace_back(name);
      }
      if (names.remaining() != 0 || request.mechanisms.empty()) return std::nullopt;
      break;
    }
    default:
      break;
  }
  return request;
}

std::optional<ServerError> parse_error_fields(std::string_view body) {
  ServerError error;
  std::string_view localized_severity;
  ByteReader reader(body);
  while (true) {
    uint8_t code = 0;
    if (!reader.u8(code)) return std::nullopt;
    if (code == 0) break;
    std::string_view value;
    if (!reader.cstring(value)) return std::nullopt;
    switch (code) {
      case 'S':
        localized_severity = value;
        break;
      case 'V':
        error.severity = clean_text(value, 16);
        break;
      case 'C':
        error.sqlstate = clean_text(value, 5);
        break;
      case 'M':
        error.message = clean_text(value, 200);
        break;
      default:
        break;
    }
  }
  if (reader.remaining() != 0) return std::nullopt;
  if (error.severity.empty()) error.severity = clean_text(localized_severity, 16);
  if (error.sqlstate.size() != 5) return std::nullopt;
  return error;
}

// ---- SCRAM-SHA-256 ----------------------------------------------------------------------------

std::string base64_encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  for (char c : text)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '='))
      return std::nullopt;
  std::string out(text.size() / 4 * 3 + 1, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  // EVP_DecodeBlock counts the bytes that the padding stands for; drop them.
  size_t length = static_cast<size_t>(n);
  size_t padding = 0;
  if (!text.empty() && text.back() == '=') ++padding;
  if (text.size() >= 2 && text[text.size() - 2] == '=') ++padding;
  if (padding > length) return std::nullopt;
  out.resize(length - padding);
  return out;
}

std::string scram_nonce() {
  unsigned char raw[18];
  if (RAND_bytes(raw, sizeof raw) != 1) {
    // RAND_bytes only fails when OpenSSL cannot seed; a SCRAM nonce needs uniqueness, not
    // secrecy, so a clock-and-counter nonce keeps the check working.
    static uint64_t counter = 0;
    const std::string fallback = fmt::format(
        "{}:{}", std::chrono::steady_clock::now().time_since_epoch().count(), ++counter);
    return base64_encode(sha256(fallback).substr(0, sizeof raw));
  }
  return base64_encode(std::string_view(reinterpret_cast<char*>(raw), sizeof raw));
}

ScramSha256::ScramSha256(std::string password, std::string client_nonce, std::string user)
    : password_(std::move(password)),
      client_nonce_(std::move(client_nonce)),
      user_(std::move(user)) {}

std::string ScramSha256::client_first() const {
  return "n,,n=" + user_ + ",r=" + client_nonce_;
}

bool ScramSha256::accept_server_first(std::string_view message, std::string& error) {
  if (message.empty() || message[0] == 'm') {
    error = "SCRAM: unsupported mandatory extension";
    return false;
  }
  auto nonce = attribute(message, 'r');
  auto salt = attribute(message, 's');
  auto count = attribute(message, 'i');
  if (!nonce || !salt || !count) {
    error = "SCRAM: server-first-message lacks r, s or i";
    return false;
  }
  if (nonce->size() <= client_nonce_.size() ||
      nonce->substr(0, client_nonce_.size()) != client_nonce_) {
    error = "SCRAM: server nonce does not extend the client nonce";
    return false;
  }
  auto decoded_salt = base64_decode(*salt);
  if (!decoded_salt || decoded_salt->empty()) {
    error = "SCRAM: bad salt";
    return false;
  }
  int iterations = 0;
  auto [end, ec] = std::from_chars(count->data(), count->data() + count->size(), iterations);
  if (ec != std::errc() || end != count->data() + count->size() || iterations < 1 ||
      iterations > kScramMaxIterations) {
    error = fmt::format("SCRAM: iteration count out of range: {}", clean_text(*count, 16));
    return false;
  }
  server_first_ = std::string(message);
  nonce_ = std::string(*nonce);
  salt_ = std::move(*decoded_salt);
  iterations_ = iterations;
  return true;
}

std::string ScramSha256::client_final() {
  std::string salted(32, '\0');
  PKCS5_PBKDF2_HMAC(password_.data(), static_cast<int>(password_.size()),
                    reinterpret_cast<const unsigned char*>(salt_.data()),
                    static_cast<int>(salt_.size()), iterations_, EVP_sha256(), 32,
                    reinterpret_cast<unsigned char*>(salted.data()));
  const std::string client_key = hmac_sha256(salted, "Client Key");
  const std::string stored_key = sha256(client_key);
  const std::string without_proof = "c=biws,r=" + nonce_;  // biws = base64("n,,")
  const std::string client_first_bare = "n=" + user_ + ",r=" + client_nonce_;
  const std::string auth_message = client_first_bare + "," + server_first_ + "," + without_proof;
  std::string proof = hmac_sha256(stored_key, auth_message);
  for (size_t i = 0; i < proof.size(); ++i) proof[i] = static_cast<char>(proof[i] ^ client_key[i]);
  const std::string server_key = hmac_sha256(salted, "Server Key");
  expected_server_signature_ = hmac_sha256(server_key, auth_message);
  OPENSSL_cleanse(salted.data(), salted.size());
  return without_proof + ",p=" + base64_encode(proof);
}

bool ScramSha256::verify_server_final(std::string_view message) const {
  if (expected_server_signature_.empty()) return false;
  auto verifier = attribute(message, 'v');
  if (!verifier || message.substr(0, 2) != "v=") return false;
  auto decoded = base64_decode(*verifier);
  return decoded && decoded->size() == expected_server_signature_.size() &&
         CRYPTO_memcmp(decoded->data(), expected_server_signature_.data(), decoded->size()) == 0;
}

}  // namespace paicha::services::postgresql
