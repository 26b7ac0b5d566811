#include "pii/numeric_tokens.h"

#include <array>
#include <bit>
#include <cstring>

#include "pii/text_util.h"
#include "pii/validators.h"
#include "pii/window_masks.h"

namespace paicha::pii {

namespace {

constexpr std::array<bool, 256> kAlnum = [] {
  std::array<bool, 256> t{};
  for (int c = '0'; c <= '9'; ++c) t[static_cast<size_t>(c)] = true;
  for (int c = 'A'; c <= 'Z'; ++c) t[static_cast<size_t>(c)] = true;
  for (int c = 'a'; c <= 'z'; ++c) t[static_cast<size_t>(c)] = true;
  return t;
}();

// Bits set, without branches: baseline x86-64 has no POPCNT instruction, and std::popcount
// becomes a library call there. Every 18-character token that is not all digits comes here.
inline size_t bit_count(uint64_t x) {
  x -= (x >> 1) & 0x5555555555555555ull;
  x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
  x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Full;
  return static_cast<size_t>((x * 0x0101010101010101ull) >> 56);
}

inline bool alnum_at(const char* p, size_t i) {
  return kAlnum[static_cast<unsigned char>(p[i])];
}

class Tokenizer {
 public:
  Tokenizer(std::string_view text, TypeSet types, std::vector<Match>& out,
            std::vector<size_t>* marks)
      : text_(text), p_(text.data()), n_(text.size()), types_(types), out_(out), marks_(marks) {}

  void run() {
    // Tokens are found from two 64-bit masks per 64 bytes (letters-or-digits, digits): a run
    // starts where the first mask turns on and ends where it turns off, so each byte is
    // classified once. Masks are made a batch of windows at a time, by the widest instructions
    // the CPU has.
    const size_t w = bytes::for_each_window<bytes::TokenMasks>(
        p_, n_,
        [](const char* p, size_t count, bytes::TokenMasks* out) {
          bytes::token_masks(p, count, out);
        },
        [this](size_t offset, const bytes::TokenMasks& m) { window(offset, m); });
    if (w < n_) window(w, tail_masks(w));
    if (open_) token(open_begin_, n_, n_, 0);
  }

 private:
  // The masks of the last, partial window, from a copy padded with zero bytes (which are
  // neither letters, digits nor marks).
  bytes::TokenMasks tail_masks(size_t w) const {
    char window[bytes::kWindow] = {};
    std::memcpy(window, p_ + w, n_ - w);
    bytes::TokenMasks m;
    bytes::token_masks(window, 1, &m);
    return m;
  }

  // The tokens that end in text[w, w + 64).
  void window(size_t w, const bytes::TokenMasks& m) {
    if (marks_)
      for (uint64_t bits = m.marks; bits; bits &= bits - 1)
        marks_->push_back(w + static_cast<size_t>(std::countr_zero(bits)));
    const uint64_t a = m.alnum;
    const uint64_t before = (a << 1) | carry_;
    const uint64_t starts = a & ~before;
    uint64_t ends = ~a & before;
    carry_ = a >> 63;
    if (open_ && ends) {  // the token that runs on from an earlier window
      token(open_begin_, w + static_cast<size_t>(std::countr_zero(ends)), w, m.digits);
      ends &= ends - 1;
      open_ = false;
    }
    // The rest start in this window. Only those with a digit can be anything, and of those only
    // the ones of 9 or more characters or made of digits alone (groups of a chain): most tokens
    // of a text (words, parts of e-mails, short numbers) are dropped here, a window at a time.
    // Adding a run's first bit to the run carries out at its end exactly when the run is whole:
    // that tells runs of letters (or digits) alone from mixed ones.
    const uint64_t letters = a & ~m.digits;
    const uint64_t letters_only = (letters + (starts & letters)) & ends;
    const uint64_t digits_only = (m.digits + (starts & m.digits)) & ends;
    const uint64_t run2 = a & (a << 1), run4 = run2 & (run2 << 2), run8 = run4 & (run4 << 4);
    const uint64_t nine_or_more = ((run8 & (run8 << 1)) << 1) & ends;
    for (uint64_t wanted = ends & ~letters_only & (nine_or_more | digits_only); wanted;
         wanted &= wanted - 1) {
      unsigned end = static_cast<unsigned>(std::countr_zero(wanted));
      uint64_t gaps = ~a & ((uint64_t{1} << end) - 1);
      size_t begin = gaps ? 64 - static_cast<size_t>(std::countl_zero(gaps)) : 0;
      token(w + begin, w + end, w, m.digits);
    }
    if (carry_ && !open_) {  // a token runs on into the next window
      open_ = true;
      open_begin_ = w + 64 - static_cast<size_t>(std::countl_zero(~a));
    }
  }

  // Whether text[b, e) is all digits, and how many digits it has when not (only tokens of
  // 18 characters need the count). `digits` is the digit mask of the window that starts at w.
  struct DigitShape {
    bool all = false;
    size_t count = 0;
  };
  DigitShape digit_shape(size_t b, size_t e, size_t w, uint64_t digits) const {
    DigitShape shape;
    if (b >= w && e - w < 64) {
      uint64_t range = ((uint64_t{1} << (e - w)) - 1) & ~((uint64_t{1} << (b - w)) - 1);
      uint64_t d = digits & range;
      shape.all = d == range;
      if (!shape.all && e - b == 18) shape.count = bit_count(d);
      return shape;
    }
    for (size_t i = b; i < e; ++i) shape.count += is_digit(p_[i]);  // across two windows
    shape.all = shape.count == e - b;
    return shape;
  }

  // One maximal run of letters and digits, text[b, e).
  void token(size_t b, size_t e, size_t w, uint64_t window_digits) {
    if (b < resume_) return;  // a group of a chain matched already
    size_t len = e - b;
    // Only 1-4 (groups of a chain), 9 (passport) and 11-19 characters can be anything.
    constexpr uint64_t kUsefulLengths = 0b1111'1111'1010'0001'1110;
    if (len > 19 || !((kUsefulLengths >> len) & 1)) return;
    if (len == 9) {
      if (p_[b] == 'E' || p_[b] == 'G')
        check(PiiType::passport, b, e, [&] { return valid_passport(text_.substr(b, len)); });
      return;
    }
    DigitShape digits = digit_shape(b, e, w, window_digits);
    if (digits.all) {
      if (len >= 11)
        digit_run(b, e, false);
      else if (size_t resume = 0; may_chain(b, e) && try_chain(b, e, resume))
        resume_ = resume;
    } else if (len == 18) {
      if (digits.count == 17 && (p_[e - 1] == 'X' || p_[e - 1] == 'x'))
        digit_run(b, e, true);
      else if (digits.count >= 6)
        check(PiiType::uscc, b, e, [&] { return valid_uscc(text_.substr(b, len)); });
    }
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

  // Whether a group of 1-4 digits can start a chain: "(0" before a closing ")", or one of
  // space, "-", "." and a digit after it. Most short numbers (house numbers, amounts) cannot.
  bool may_chain(size_t b, size_t e) const {
    if (b > 0 && p_[b - 1] == '(') return true;
    if (e + 1 >= n_ || !is_digit(p_[e + 1])) return false;
    char sep = p_[e];
    return sep == ' ' || sep == '-' || sep == '.';
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
  std::vector<size_t>* marks_;
  size_t resume_ = 0;
  bool open_ = false;  // a token runs on from an earlier window
  size_t open_begin_ = 0;
  uint64_t carry_ = 0;  // whether the last byte of the previous window was a letter or digit
};

}  // namespace

void find_numeric_tokens(std::string_view text, TypeSet types, std::vector<Match>& out,
                         std::vector<size_t>* marks) {
  Tokenizer(text, types, out, marks).run();
}

}  // namespace paicha::pii
