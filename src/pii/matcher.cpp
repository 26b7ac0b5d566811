#include "pii/matcher.h"

#include <hs.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <string>

#include "core/errors.h"
#include "pii/email_around.h"
#include "pii/numeric_tokens.h"
#include "pii/patterns.h"
#include "pii/text_util.h"
#include "pii/validators.h"

namespace paicha::pii {

namespace {

using namespace patterns;

// The database built into the program by tools/gen_pii_hsdb.cpp (empty when the build could
// not make it), loaded when it fits this machine's CPU and Hyperscan version; else compiled.
#include "pii_hsdb.inc"

struct Database {
  hs_database_t* db = nullptr;
  hs_scratch_t* prototype = nullptr;
  bool prebuilt = false;

  Database() {
    prebuilt = sizeof kPrebuiltDatabase > 1 &&
               hs_deserialize_database(reinterpret_cast<const char*>(kPrebuiltDatabase),
                                       sizeof kPrebuiltDatabase - 1, &db) == HS_SUCCESS;
    if (!prebuilt) {
      std::string error;
      db = compile(nullptr, error);
      if (!db) throw RuntimeError(error);
    }
    if (hs_alloc_scratch(db, &prototype) != HS_SUCCESS)
      throw RuntimeError("hyperscan: cannot allocate scratch space");
  }
  ~Database() {
    hs_free_scratch(prototype);
    hs_free_database(db);
  }
};

const Database& database() {
  static const Database instance;
  return instance;
}

int on_hit(unsigned id, unsigned long long from, unsigned long long to, unsigned, void* ctx) {
  static_cast<std::vector<MatchSession::Hit>*>(ctx)->push_back(
      {id, static_cast<size_t>(from), static_cast<size_t>(to)});
  return 0;
}

bool token_char(char c) {
  return is_alnum(c) || c == '_' || c == '-' || c == '.';
}
bool hash_char(char c) {
  return is_alnum(c) || c == '.' || c == '/' || c == '+' || c == '=' || c == '$' || c == ':' ||
         c == ',' || c == '-' || c == '_' || c == '{' || c == '}' || c == '*';
}

// The value after a key: quoted up to the closing quote, else up to a delimiter.
std::pair<size_t, size_t> value_after_key(std::string_view text, size_t pos) {
  while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
  if (pos < text.size() && (text[pos] == '"' || text[pos] == '\'')) {
    char quote = text[pos++];
    size_t close = text.find(quote, pos);
    size_t eol = text.find('\n', pos);
    if (close == std::string_view::npos || close > eol || close - pos > 512) return {pos, pos};
    return {pos, close};
  }
  size_t end = pos;
  while (end < text.size() && end - pos < 512) {
    char c = text[end];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',' || c == ';' || c == '&' ||
        c == '"' || c == '\'' || c == '<' || c == '}' || c == ')' || c == ']')
      break;
    // Full-width punctuation (，。；) ends values written in Chinese text.
    if (c == '\xEF' || (c == '\xE3' && end + 1 < text.size() && text[end + 1] == '\x80')) break;
    ++end;
  }
  return {pos, end};
}

bool want(TypeSet types, PiiType t) {
  return types.contains(t);
}

bool hex_upper(char c) {
  return is_digit(c) || (c >= 'A' && c <= 'F');
}
bool word_char(char c) {
  return is_alnum(c) || c == '_';
}

// MySQL's *HEX40 (the pattern \*[0-9A-F]{40}\b) at `star`; returns its end, or 0.
size_t mysql_hash_end(std::string_view text, size_t star) {
  size_t end = star + 41;
  if (end > text.size()) return 0;
  for (size_t i = star + 1; i < end; ++i)
    if (!hex_upper(text[i])) return 0;
  return end == text.size() || !word_char(text[end]) ? end : 0;
}

// Stable insertion sort: linear for candidates that arrive nearly in order.
void insertion_sort(std::vector<Match>& v, size_t from) {
  for (size_t i = from + 1; i < v.size(); ++i) {
    Match m = v[i];
    size_t j = i;
    for (; j > from && match_order(m, v[j - 1]); --j) v[j] = v[j - 1];
    v[j] = m;
  }
}

}  // namespace

bool valid_in_context(PiiType type, std::string_view value) {
  value = trim(value);
  switch (type) {
    case PiiType::name:
      return valid_name(value);
    case PiiType::address:
      return valid_address(value, false);
    case PiiType::password:
      return valid_password_value(value);
    case PiiType::secret:
      return valid_secret_value(value);
    case PiiType::cn_id:
      return valid_cn_id(value);
    case PiiType::mobile:
      return valid_mobile(value);
    case PiiType::landline:
      return valid_landline(value);
    case PiiType::bank_card:
      return valid_bank_card(value);
    case PiiType::email:
      return valid_email(value);
    case PiiType::uscc:
      return valid_uscc(value);
    case PiiType::passport:
      return valid_passport(value);
    case PiiType::ipv4:
      return valid_ipv4(value);
  }
  return false;
}

bool match_order(const Match& a, const Match& b) {
  if (a.begin != b.begin) return a.begin < b.begin;
  return a.end > b.end;
}

void merge_resolved(std::initializer_list<std::vector<Match>*> runs, std::vector<Match>& out) {
  size_t total = 0;
  for (auto* run : runs) total += run->size();
  out.reserve(out.size() + total);
  for_each_resolved(runs, [&](const Match& m) { out.push_back(m); });
}

void resolve_overlaps(std::vector<Match>& matches) {
  // Candidates usually arrive in order (the tokenizer's are), so sorting is mostly skipped.
  if (!std::is_sorted(matches.begin(), matches.end(), match_order))
    std::sort(matches.begin(), matches.end(), match_order);
  size_t kept = 0;
  size_t covered = 0;
  for (size_t i = 0; i < matches.size(); ++i) {
    if (kept > 0 && matches[i].begin < covered) continue;
    covered = matches[i].end;
    matches[kept++] = matches[i];
  }
  matches.resize(kept);
}

bool MatchSession::prebuilt_patterns() {
  return database().prebuilt;
}

MatchSession::MatchSession() {
  if (hs_clone_scratch(database().prototype, &scratch_) != HS_SUCCESS)
    throw RuntimeError("hyperscan: cannot allocate scratch space");
}

MatchSession::~MatchSession() {
  hs_free_scratch(scratch_);
}

void MatchSession::find(std::string_view text, TypeSet types, std::vector<Match>& out) {
  // Hyperscan block mode takes an unsigned int length: scan huge inputs in line-aligned parts.
  if (text.size() > kMaxText) {
    size_t pos = 0;
    while (pos < text.size()) {
      size_t end = line_aligned_end(text, pos, kMaxText);
      std::vector<Match> part;
      find(text.substr(pos, end - pos), types, part);
      for (auto& m : part) out.push_back({m.type, m.begin + pos, m.end + pos});
      pos = end;
    }
    return;
  }
  collect(text, types);
  std::vector<Match> none;
  merge(none, out);
}

void MatchSession::collect(std::string_view text, TypeSet types) {
  hits_.clear();
  candidates_.clear();
  hs_scan(database().db, text.data(), static_cast<unsigned>(text.size()), 0, scratch_, on_hit,
          &hits_);

  auto add = [&](PiiType t, size_t b, size_t e) {
    if (want(types, t) && b < e) candidates_.push_back({t, b, e});
  };
  auto check = [&](PiiType t, size_t b, size_t e, bool ok) {
    if (ok) add(t, b, e);
  };

  for (const Hit& hit : hits_) {
    if (hit.id >= kProvinceBase) {
      if (!want(types, PiiType::address)) continue;
      size_t begin = hit.to - kProvinces[hit.id - kProvinceBase].size();
      AddressRun run = address_run(text, hit.to, begin);
      check(PiiType::address, begin, run.end, run.valid);
      continue;
    }
    const PatternDef& def = kPatterns[hit.id];
    switch (def.trigger) {
      case Trigger::name_key: {
        if (!want(types, PiiType::name)) break;
        size_t pos = hit.to;
        while (pos < text.size() && (text[pos] == ' ' || text[pos] == '"' || text[pos] == '\''))
          ++pos;
        size_t end = pos;
        while (size_t n = cjk_at(text, end)) end += n;
        check(PiiType::name, pos, end, valid_name(text.substr(pos, end - pos)));
        break;
      }
      case Trigger::address_key: {
        if (!want(types, PiiType::address)) break;
        auto [b, e] = value_after_key(text, hit.to);
        size_t end = std::min(e, address_run(text, b).end);
        check(PiiType::address, b, end, valid_address(text.substr(b, end - b), false));
        break;
      }
      case Trigger::password_key: {
        if (!want(types, PiiType::password)) break;
        auto [b, e] = value_after_key(text, hit.to);
        check(PiiType::password, b, e, valid_password_value(text.substr(b, e - b)));
        break;
      }
      case Trigger::secret_key: {
        if (!want(types, PiiType::secret)) break;
        auto [b, e] = value_after_key(text, hit.to);
        check(PiiType::secret, b, e, valid_secret_value(text.substr(b, e - b)));
        break;
      }
      case Trigger::password_hash: {
        if (!want(types, PiiType::password)) break;
        size_t end = hit.to;
        while (end < text.size() && end - hit.from < 512 && hash_char(text[end])) ++end;
        check(PiiType::password, hit.from, end,
              is_password_hash(text.substr(hit.from, end - hit.from)));
        break;
      }
      case Trigger::private_key: {
        if (!want(types, PiiType::secret)) break;
        size_t end = text.find("-----END", hit.to);
        size_t stop = end == std::string_view::npos ? text.size() : end;
        // Only a key with its body counts: a masked or empty block is not a secret.
        std::string_view body = text.substr(hit.to, stop - hit.to);
        size_t run = 0, best = 0;
        for (char c : body) {
          run = (is_alnum(c) || c == '+' || c == '/') ? run + 1 : 0;
          best = std::max(best, run);
        }
        if (end != std::string_view::npos) {
          size_t close = text.find("-----", end + 8);
          stop = close == std::string_view::npos ? text.size() : close + 5;
        }
        check(PiiType::secret, hit.from, stop, best >= 16);
        break;
      }
      case Trigger::token_prefix: {
        if (!want(types, PiiType::secret)) break;
        size_t end = hit.to;
        while (end < text.size() && end - hit.from < 1024 && token_char(text[end])) ++end;
        while (end > hit.to && text[end - 1] == '.') --end;
        check(PiiType::secret, hit.from, end,
              valid_secret_value(text.substr(hit.from, end - hit.from)));
        break;
      }
      case Trigger::province:
        break;
    }
  }
  // Hyperscan reports by end offset, so its candidates are nearly in order already.
  insertion_sort(candidates_, 0);
  numeric_.clear();
  marks_.clear();
  const bool marks = want(types, PiiType::email) || want(types, PiiType::password);
  find_numeric_tokens(text, types, numeric_, marks ? &marks_ : nullptr);
  byte_led_.clear();
  find_byte_led(text, types);
  insertion_sort(byte_led_, 0);
}

void MatchSession::merge(std::vector<Match>& extra, std::vector<Match>& out) {
  merge_each(extra, [&](const Match& m) { out.push_back(m); });
}

void MatchSession::find_byte_led(std::string_view text, TypeSet types) {
  const bool emails = want(types, PiiType::email), hashes = want(types, PiiType::password);
  for (size_t at : marks_) {
    if (text[at] == '@') {
      size_t begin = 0, end = 0;
      if (emails && email_around(text, at, begin, end))
        byte_led_.push_back({PiiType::email, begin, end});
    } else if (hashes) {  // "*"
      size_t end = mysql_hash_end(text, at);
      if (end == 0) continue;
      while (end < text.size() && end - at < 512 && hash_char(text[end])) ++end;
      if (is_password_hash(text.substr(at, end - at)))
        byte_led_.push_back({PiiType::password, at, end});
    }
  }
}

}  // namespace paicha::pii
