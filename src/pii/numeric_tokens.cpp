#include "pii/numeric_tokens.h"

#include <array>
#include <bit>

#include "pii/byte_masks.h"
#include "pii/text_util.h"
#include "pii/validators.h"

namespace paicha::pii {

namespace {

constexpr std::array<bool, 256> kAlnum = [] {
  std::array<bool, 256> t{};
  for (int c = '0'; c <= '9'; ++c) t[static_cast<size_t>(c)] = true;
  for (int c = 'A'; c <= 'Z'; ++c) t[static_cast<size_t>(c)] = true;
  for (int c = 'a'; c <= 'z'; ++c) t[static_cast<size_t>(c)] = true;
  return t;
}();

inline bool alnum_at(const char* p, size_t i) {
  return kAlnum[static_cast<unsigned char>(p[i])];
}

class Tokenizer {
 public:
  Tokenizer(std::string_view text, TypeSet types, std::vector<Match>& out)
      : text_(text), p_(text.data()), n_(text.size()), types_(types), out_(out) {}

  void run() {
    size_t i = 0;
    while (true) {
      i = next_alnum(i);
      if (i >= n_) break;
      size_t b = i;
      size_t digits = 0;
      i = run_end(i, digits);
      size_t e = i, len = e - b;
      if (digits == len) {
        if (len <= 4 && try_chain(b, e, i)) continue;
        if (len >= 11) digit_run(b, e, false);
      } else if (digits + 1 == len && (p_[e - 1] == 'X' || p_[e - 1] == 'x') && len == 18) {
        digit_run(b, e, true);
      } else if (len == 18 && digits >= 6) {
        check(PiiType::uscc, b, e, [&] { return valid_uscc(text_.substr(b, len)); });
      } else if (len == 9 && (p_[b] == 'E' || p_[b] == 'G')) {
        check(PiiType::passport, b, e, [&] { return valid_passport(text_.substr(b, len)); });
      }
    }
  }

 private:
  // The first letter or digit at or after `i` (n_ if none): 16 bytes at a time, since most of
  // the text (ideographs, punctuation) lies between tokens.
  size_t next_alnum(size_t i) const {
    for (; i + bytes::kBlock <= n_; i += bytes::kBlock)
      if (unsigned m = bytes::Block(p_ + i).alnum()) return i + std::countr_zero(m);
    while (i < n_ && !alnum_at(p_, i)) ++i;
    return i;
  }

  // The end of the run of letters and digits from `i`; adds its digits to `digits`.
  size_t run_end(size_t i, size_t& digits) const {
    for (; i + bytes::kBlock <= n_; i += bytes::kBlock) {
      bytes::Block block(p_ + i);
      unsigned digit_mask = block.digits();
      if (unsigned stop = ~block.alnum() & 0xFFFFu) {
        unsigned before = (1u << std::countr_zero(stop)) - 1;
        digits += bytes::count(digit_mask & before);
        return i + static_cast<size_t>(std::countr_zero(stop));
      }
      digits += bytes::count(digit_mask);
    }
    for (; i < n_ && alnum_at(p_, i); ++i) digits += is_digit(p_[i]);
    return i;
  }

  template <typename Fn>
  void check(PiiType t, size_t b, size_t e, Fn&& valid) {
    if (types_.contains(t) && valid()) out_.push_back({t, b, e});
  }

  // A maximal run of 11-19 digits (the 18th may be X).
  void digit_run(size_t b, size_t e, bool x_end) {
    std::string_view token = text_.substr(b, e - b);
    switch (token.size()) {
      case 11:
        check(PiiType::mobile, b, e, [&] { return valid_mobile(token); });
        break;
      case 13:  // +8613812345678
        if (b > 0 && p_[b - 1] == '+' && token.starts_with("86"))
          check(PiiType::mobile, b - 1, e, [&] { return valid_mobile(text_.substr(b - 1, 14)); });
        break;
      case 15:
        if (types_.contains(PiiType::cn_id) && valid_cn_id(token))
          out_.push_back({PiiType::cn_id, b, e});
        else if (token.starts_with("0086"))
          check(PiiType::mobile, b, e, [&] { return valid_mobile(token); });
        break;
      case 18:
        if (types_.contains(PiiType::cn_id) && valid_cn_id(token)) {
          out_.push_back({PiiType::cn_id, b, e});
        } else if (!x_end) {
          if (types_.contains(PiiType::uscc) && valid_uscc(token))
            out_.push_back({PiiType::uscc, b, e});
          else
            check(PiiType::bank_card, b, e, [&] { return valid_bank_card(token); });
        }
        break;
      case 16:
      case 17:
      case 19:
        check(PiiType::bank_card, b, e, [&] { return valid_bank_card(token); });
        break;
      default:
        break;
    }
  }

  // Digit groups joined by one separator: 138 1234 5678, 6222-0212-3456-7890, 10.1.2.3,
  // 010-62345678, and (010) 62345678. Returns true (and where to go on) when it matched;
  // otherwise the groups are looked at one by one.
  bool try_chain(size_t b, size_t e, size_t& resume) {
    if (b > 0 && p_[b - 1] == '(' && e < n_ && p_[e] == ')' && p_[b] == '0') {
      size_t s = e + 1;
      if (s < n_ && p_[s] == ' ') ++s;
      size_t q = s;
      while (q < n_ && is_digit(p_[q])) ++q;
      if (q > s && (q == n_ || !alnum_at(p_, q)) && types_.contains(PiiType::landline) &&
          valid_landline(text_.substr(b - 1, q - b + 1))) {
        out_.push_back({PiiType::landline, b - 1, q});
        resume = q;
        return true;
      }
      return false;
    }
    if (e + 1 >= n_) return false;
    char sep = p_[e];
    if ((sep != ' ' && sep != '-' && sep != '.') || !is_digit(p_[e + 1])) return false;
    std::array<size_t, 6> ends{};
    size_t groups = 1;
    ends[0] = e;
    size_t pos = e;
    bool next_is_token = false;  // a long digit run after the chain is a token of its own
    while (groups < ends.size() && pos + 1 < n_ && p_[pos] == sep && is_digit(p_[pos + 1])) {
      size_t q = pos + 1;
      while (q < n_ && is_digit(p_[q])) ++q;
      bool long_group = q - pos - 1 > 4;
      if (long_group && (groups >= 2 || sep != '-')) {
        next_is_token = true;
        break;
      }
      if (q < n_ && alnum_at(p_, q)) return false;  // letters glued to the last group
      ends[groups++] = q;
      pos = q;
    }
    auto group_len = [&](size_t k) { return ends[k] - (k == 0 ? b : ends[k - 1] + 1); };
    bool more = !next_is_token && pos + 1 < n_ && p_[pos] == sep && is_digit(p_[pos + 1]);
    if (sep == '.') {
      if (groups != 4 || more || (b > 0 && p_[b - 1] == '.')) return false;
      std::string_view token = text_.substr(b, pos - b);
      if (!types_.contains(PiiType::ipv4) || !valid_ipv4(token)) return false;
      out_.push_back({PiiType::ipv4, b, pos});
      resume = pos;
      return true;
    }
    if (!more && groups == 3 && group_len(0) == 3 && group_len(1) == 4 && group_len(2) == 4 &&
        types_.contains(PiiType::mobile) && valid_mobile(text_.substr(b, pos - b))) {
      out_.push_back({PiiType::mobile, b, pos});
      resume = pos;
      return true;
    }
    if (!more && (groups == 4 || (groups == 5 && group_len(4) <= 3)) && group_len(0) == 4 &&
        group_len(1) == 4 && group_len(2) == 4 && group_len(3) == 4 &&
        types_.contains(PiiType::bank_card) && valid_bank_card(text_.substr(b, pos - b))) {
      out_.push_back({PiiType::bank_card, b, pos});
      resume = pos;
      return true;
    }
    if (sep == '-' && groups >= 2 && types_.contains(PiiType::landline) &&
        valid_landline(text_.substr(b, ends[1] - b))) {
      out_.push_back({PiiType::landline, b, ends[1]});
      resume = ends[1];
      return true;
    }
    return false;
  }

  std::string_view text_;
  const char* p_;
  size_t n_;
  TypeSet types_;
  std::vector<Match>& out_;
};

}  // namespace

void find_numeric_tokens(std::string_view text, TypeSet types, std::vector<Match>& out) {
  Tokenizer(text, types, out).run();
}

}  // namespace paicha::pii
