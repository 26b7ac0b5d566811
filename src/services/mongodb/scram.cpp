#include "services/mongodb/scram.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <charconv>
#include <stdexcept>

#include "core/errors.h"

namespace paicha::services::mongodb {

namespace {

const EVP_MD* md_for(ScramHash hash) {
  return hash == ScramHash::sha1 ? EVP_sha1() : EVP_sha256();
}

std::string hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 0xf];
  }
  return out;
}

std::string xor_bytes(std::string_view a, std::string_view b) {
  std::string out(a);
  for (size_t i = 0; i < out.size() && i < b.size(); ++i) out[i] = static_cast<char>(out[i] ^ b[i]);
  return out;
}

// One UTF-8 code point at `at`; false on invalid encoding.
bool next_code_point(std::string_view text, size_t& at, char32_t& out) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  size_t length = 0;
  if (lead < 0x80) {
    out = lead;
    length = 1;
  } else if ((lead & 0xe0) == 0xc0) {
    out = lead & 0x1f;
    length = 2;
  } else if ((lead & 0xf0) == 0xe0) {
    out = lead & 0x0f;
    length = 3;
  } else if ((lead & 0xf8) == 0xf0) {
    out = lead & 0x07;
    length = 4;
  } else {
    return false;
  }
  if (text.size() - at < length) return false;
  for (size_t i = 1; i < length; ++i) {
    if ((byte(at + i) & 0xc0) != 0x80) return false;
    out = (out << 6) | (byte(at + i) & 0x3f);
  }
  static constexpr char32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (out < kMinimum[length] || out > 0x10ffff || (out >= 0xd800 && out <= 0xdfff)) return false;
  at += length;
  return true;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

// RFC 3454 table B.1: commonly mapped to nothing.
bool mapped_to_nothing(char32_t cp) {
  return cp == 0x00ad || cp == 0x034f || cp == 0x1806 || (cp >= 0x180b && cp <= 0x180d) ||
         (cp >= 0x200b && cp <= 0x200d) || cp == 0x2060 || (cp >= 0xfe00 && cp <= 0xfe0f) ||
         cp == 0xfeff;
}

// RFC 3454 table C.1.2: non-ASCII space characters (SASLprep maps them to U+0020).
bool non_ascii_space(char32_t cp) {
  return cp == 0x00a0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200b) || cp == 0x202f ||
         cp == 0x205f || cp == 0x3000;
}

// RFC 3454 tables C.2.1 and C.2.2 (control characters), prohibited by SASLprep.
bool prohibited_control(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

}  // namespace

std::string_view mechanism_name(ScramHash hash) {
  return hash == ScramHash::sha1 ? "SCRAM-SHA-1" : "SCRAM-SHA-256";
}

std::optional<std::string> saslprep(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t at = 0;
  while (at < text.size()) {
    char32_t cp = 0;
    if (!next_code_point(text, at, cp)) return std::nullopt;
    if (mapped_to_nothing(cp)) continue;
    if (non_ascii_space(cp)) cp = 0x20;
    // NFKC folds full-width ASCII (what Chinese input methods produce) to ASCII.
    if (cp >= 0xff01 && cp <= 0xff5e) cp -= 0xfee0;
    if (prohibited_control(cp)) return std::nullopt;
    append_utf8(out, cp);
  }
  return out;
}

std::optional<std::string> scram_password(ScramHash hash, std::string_view user,
                                          std::string_view password) {
  if (hash == ScramHash::sha1) {
    std::string input(user);
    input += ":mongo:";
    input += password;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(input.data(), input.size(), digest, &length, EVP_md5(), nullptr);
    return hex(std::string_view(reinterpret_cast<const char*>(digest), length));
  }
  return saslprep(password);
}

std::string scram_digest(ScramHash hash, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, md_for(hash), nullptr);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string scram_hmac(ScramHash hash, std::string_view key, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(md_for(hash), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &length);
  return std::string(reinterpret_cast<const char*>(mac), length);
}

std::string scram_hi(ScramHash hash, std::string_view password, std::string_view salt,
                     int iterations) {
  std::string out(static_cast<size_t>(EVP_MD_get_size(md_for(hash))), '\0');
  PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                    reinterpret_cast<const unsigned char*>(salt.data()),
                    static_cast<int>(salt.size()), iterations, md_for(hash),
                    static_cast<int>(out.size()), reinterpret_cast<unsigned char*>(out.data()));
  return out;
}

std::string base64_encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0 || text.size() > (1u << 20)) return std::nullopt;
  if (text.empty()) return std::string();
  std::string out(3 * text.size() / 4 + 1, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  size_t length = static_cast<size_t>(n);
  // EVP_DecodeBlock counts the padding as zero bytes.
  for (size_t i = text.size(); i > 0 && text[i - 1] == '='; --i) {
    if (length == 0) return std::nullopt;
    --length;
  }
  out.resize(length);
  return out;
}

std::string random_nonce() {
  unsigned char bytes[24];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw RuntimeError("RAND_bytes failed");
  return base64_encode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

std::string scram_escape_user(std::string_view user) {
  std::string out;
  for (char c : user) {
    if (c == '=')
      out += "=3D";
    else if (c == ',')
      out += "=2C";
    else
      out += c;
  }
  return out;
}

std::optional<std::string_view> scram_attribute(std::string_view message, char name) {
  size_t at = 0;
  while (at <= message.size()) {
    size_t end = message.find(',', at);
    if (end == std::string_view::npos) end = message.size();
    const std::string_view part = message.substr(at, end - at);
    if (part.size() >= 2 && part[0] == name && part[1] == '=') return part.substr(2);
    at = end + 1;
  }
  return std::nullopt;
}

ScramClient::ScramClient(ScramHash hash, std::string user, std::string password,
                         std::string client_nonce)
    : hash_(hash),
      user_(std::move(user)),
      password_(std::move(password)),
      client_nonce_(std::move(client_nonce)) {}

std::string ScramClient::client_first() const {
  return "n,," + std::string("n=") + scram_escape_user(user_) + ",r=" + client_nonce_;
}

bool ScramClient::accept_server_first(std::string_view message, std::string& error) {
  // RFC 5802 7: server-first-message = [reserved-mext ","] nonce "," salt "," iteration-count
  if (!message.empty() && message[0] == 'm') {
    error = "server requires an unsupported SCRAM extension";
    return false;
  }
  const auto nonce = scram_attribute(message, 'r');
  const auto salt = scram_attribute(message, 's');
  const auto count = scram_attribute(message, 'i');
  if (!nonce || !salt || !count) {
    error = "malformed SCRAM server-first message";
    return false;
  }
  if (nonce->size() <= client_nonce_.size() ||
      nonce->substr(0, client_nonce_.size()) != client_nonce_) {
    error = "SCRAM server nonce does not extend the client nonce";
    return false;
  }
  auto decoded_salt = base64_decode(*salt);
  if (!decoded_salt) {
    error = "SCRAM salt is not base64";
    return false;
  }
  int iterations = 0;
  const auto [end, ec] = std::from_chars(count->data(), count->data() + count->size(), iterations);
  if (ec != std::errc() || end != count->data() + count->size()) {
    error = "SCRAM iteration count is not a number";
    return false;
  }
  if (iterations < kScramMinIterations) {
    error = "SCRAM iteration count below 4096";
    return false;
  }
  // Bound the work a hostile server can make us do (MongoDB's default is 15000 for SHA-256).
  if (iterations > 10'000'000) {
    error = "SCRAM iteration count unreasonably high";
    return false;
  }
  server_first_ = std::string(message);
  combined_nonce_ = std::string(*nonce);
  salt_ = std::move(*decoded_salt);
  iterations_ = iterations;
  return true;
}

std::string ScramClient::salted_password() const {
  return scram_hi(hash_, password_, salt_, iterations_);
}

std::string ScramClient::client_final(std::string_view salted_password) {
  // RFC 5802 3: AuthMessage = client-first-message-bare + "," + server-first-message + "," +
  // client-final-message-without-proof; "biws" is base64("n,,").
  const std::string without_proof = "c=biws,r=" + combined_nonce_;
  const std::string client_first_bare = "n=" + scram_escape_user(user_) + ",r=" + client_nonce_;
  const std::string auth_message = client_first_bare + "," + server_first_ + "," + without_proof;
  const std::string client_key = scram_hmac(hash_, salted_password, "Client Key");
  const std::string stored_key = scram_digest(hash_, client_key);
  const std::string client_signature = scram_hmac(hash_, stored_key, auth_message);
  const std::string proof = xor_bytes(client_key, client_signature);
  const std::string server_key = scram_hmac(hash_, salted_password, "Server Key");
  expected_server_signature_ = base64_encode(scram_hmac(hash_, server_key, auth_message));
  return without_proof + ",p=" + base64_encode(proof);
}

bool ScramClient::verify_server_final(std::string_view message) const {
  const auto verifier = scram_attribute(message, 'v');
  return verifier && !expected_server_signature_.empty() && *verifier == expected_server_signature_;
}

}  // namespace paicha::services::mongodb
