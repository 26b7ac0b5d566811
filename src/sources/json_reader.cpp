// JSON and NDJSON with a streaming tokenizer: memory stays bounded whatever the document
// size, each string or number value goes to the detector with its key as `field` and its line.
// On a syntax error the rest of the document is read as plain text, so nothing is lost.
#include <cstring>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/i18n.h"
#include "sources/encoding.h"
#include "sources/reader.h"

namespace paicha::sources::detail {
namespace {

constexpr size_t kBufferBytes = 1 << 18;
constexpr size_t kMaxDepth = 512;
constexpr size_t kMaxKeyBytes = 256;

struct SyntaxError {
  explicit SyntaxError(std::string_view why) : what(why) {}
  std::string what;
};

class JsonStream {
 public:
  JsonStream(ByteSource& in, const ReadContext& ctx)
      : in_(in), ctx_(ctx), max_value_(std::max<size_t>(ctx.options.max_line, 16)) {
    buffer_.resize(kBufferBytes);
  }

  void run() {
    try {
      parse();
    } catch (const SyntaxError& error) {
      ctx_.visitor.warning(
          fmt::format(fmt::runtime(tr("JSON 语法错误（第 {} 行：{}），其余部分按文本读取",
                                      "JSON syntax error (line {}: {}); the rest is read as text")),
                      line_, error.what));
      ChainSource rest(std::string(buffer_.data() + pos_, end_ - pos_), in_);
      stream_lines(rest, ctx_, line_);
    }
  }

 private:
  struct Frame {
    bool object;
    std::string field;  // the key values in this container belong to
  };

  bool fill() {
    if (pos_ < end_) return true;
    if (eof_) return false;
    pos_ = 0;
    end_ = in_.read(buffer_.data(), buffer_.size());
    if (end_ == 0) eof_ = true;
    return end_ > 0;
  }
  int peek() { return fill() ? static_cast<unsigned char>(buffer_[pos_]) : -1; }
  int get() { return fill() ? static_cast<unsigned char>(buffer_[pos_++]) : -1; }

  void skip_ws() {
    for (;;) {
      int c = peek();
      if (c == '\n')
        ++line_;
      else if (c != ' ' && c != '\t' && c != '\r')
        return;
      ++pos_;
    }
  }

  void parse() {
    enum class State { value, value_or_close, key_or_close, key, colon, comma_or_close };
    std::vector<Frame> stack;
    State state = State::value;
    auto after_value = [&] { return stack.empty() ? State::value : State::comma_or_close; };
    for (;;) {
      skip_ws();
      int c = peek();
      if (c < 0) {
        if (!stack.empty()) throw SyntaxError{tr("文档意外结束", "unexpected end of document")};
        return;
      }
      switch (state) {
        case State::key_or_close:
          if (c == '}') {
            ++pos_;
            stack.pop_back();
            state = after_value();
            break;
          }
          [[fallthrough]];
        case State::key:
          read_key(stack.back().field);
          state = State::colon;
          break;
        case State::colon:
          expect_char(':');
          state = State::value;
          break;
        case State::value_or_close:
          if (c == ']') {
            ++pos_;
            stack.pop_back();
            state = after_value();
            break;
          }
          [[fallthrough]];
        case State::value:
          if (c == '{' || c == '[') {
            if (stack.size() >= kMaxDepth) {
              throw SyntaxError{tr("嵌套层数过深", "nesting too deep")};
            }
            ++pos_;
            // Values in an array belong to the key the array is the value of.
            std::string field = (c == '[' && !stack.empty()) ? stack.back().field : std::string();
            stack.push_back(Frame{c == '{', std::move(field)});
            state = c == '{' ? State::key_or_close : State::value_or_close;
            break;
          }
          read_scalar(stack.empty() ? std::string_view() : stack.back().field);
          state = after_value();
          break;
        case State::comma_or_close:
          ++pos_;
          if (c == ',') {
            state = stack.back().object ? State::key : State::value;
          } else if (c == (stack.back().object ? '}' : ']')) {
            stack.pop_back();
            state = after_value();
          } else {
            throw SyntaxError{unexpected(c)};
          }
          break;
      }
    }
  }

  static std::string unexpected(int c) {
    if (c < 0) return std::string(tr("文档意外结束", "unexpected end of document"));
    if (c >= 0x20 && c < 0x7f) {
      return fmt::format("{} '{}'", tr("意外的字符", "unexpected character"), static_cast<char>(c));
    }
    return fmt::format("{} 0x{:02x}", tr("意外的字节", "unexpected byte"), c);
  }

  void expect_char(char want) {
    int c = get();
    if (c != want) throw SyntaxError{unexpected(c)};
  }

  void read_key(std::string& key) {
    key.clear();
    if (peek() != '"') throw SyntaxError{unexpected(peek())};
    ++pos_;
    read_string_body([&](std::string_view piece) {
      if (key.size() < kMaxKeyBytes) key.append(piece.substr(0, kMaxKeyBytes - key.size()));
    });
  }

  void read_scalar(std::string_view field) {
    int c = peek();
    uint64_t line = line_;
    if (c == '"') {
      ++pos_;
      value_.clear();
      bool reported = false;
      read_string_body([&](std::string_view piece) {
        value_.append(piece);
        while (value_.size() > max_value_) {
          if (!reported) {
            reported = true;
            ctx_.visitor.warning(fmt::format(
                fmt::runtime(tr("第 {} 行的 JSON 字符串超过 {} 字节，已截断分段读取",
                                "a JSON string on line {} is longer than {} bytes; it was cut")),
                line, max_value_));
          }
          size_t cut = utf8_cut(value_, max_value_);
          emit(std::string_view(value_).substr(0, cut), line, field);
          value_.erase(0, cut);
        }
      });
      emit(value_, line, field);
      return;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      value_.clear();
      for (int d = peek(); d >= 0 && (std::strchr("+-.eE", d) || (d >= '0' && d <= '9'));
           d = peek()) {
        if (value_.size() > 400) throw SyntaxError{tr("数字过长", "number too long")};
        value_ += static_cast<char>(d);
        ++pos_;
      }
      emit(value_, line, field);
      return;
    }
    for (std::string_view literal : {"true", "false", "null"}) {
      if (c == literal[0]) {
        for (char want : literal) expect_char(want);
        return;
      }
    }
    throw SyntaxError{unexpected(c)};
  }

  void emit(std::string_view value, uint64_t line, std::string_view field) {
    if (value.empty()) return;
    Position pos;
    pos.line = line;
    ctx_.visitor.text(value, pos, field);
  }

  // Reads after the opening quote up to and including the closing one, unescaping.
  template <typename Sink>
  void read_string_body(Sink&& sink) {
    std::string piece;
    for (;;) {
      if (!fill()) throw SyntaxError{tr("字符串未结束", "unterminated string")};
      const char* start = buffer_.data() + pos_;
      const char* stop = start;
      const char* limit = buffer_.data() + end_;
      while (stop < limit && *stop != '"' && *stop != '\\' && *stop != '\n') ++stop;
      if (stop > start) sink(std::string_view(start, stop - start));
      pos_ += stop - start;
      if (stop == limit) continue;
      char c = *stop;
      ++pos_;
      if (c == '"') return;
      if (c == '\n') throw SyntaxError{tr("字符串中有换行", "newline inside a string")};
      piece.clear();
      append_escape(piece);
      sink(piece);
    }
  }

  unsigned read_hex4() {
    unsigned value = 0;
    for (int i = 0; i < 4; ++i) {
      int c = get();
      value <<= 4;
      if (c >= '0' && c <= '9')
        value |= c - '0';
      else if (c >= 'a' && c <= 'f')
        value |= c - 'a' + 10;
      else if (c >= 'A' && c <= 'F')
        value |= c - 'A' + 10;
      else
        throw SyntaxError{tr("\\u 转义无效", "invalid \\u escape")};
    }
    return value;
  }

  void append_escape(std::string& out) {
    int c = get();
    switch (c) {
      case '"':
        out += '"';
        return;
      case '\\':
        out += '\\';
        return;
      case '/':
        out += '/';
        return;
      case 'b':
        out += '\b';
        return;
      case 'f':
        out += '\f';
        return;
      case 'n':
        out += '\n';
        return;
      case 'r':
        out += '\r';
        return;
      case 't':
        out += '\t';
        return;
      case 'u':
        break;
      default:
        throw SyntaxError{tr("转义字符无效", "invalid escape")};
    }
    unsigned cp = read_hex4();
    if (cp >= 0xd800 && cp <= 0xdbff && peek() == '\\') {
      ++pos_;
      if (get() != 'u') throw SyntaxError{tr("转义字符无效", "invalid escape")};
      unsigned low = read_hex4();
      cp = (low >= 0xdc00 && low <= 0xdfff) ? 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00)
                                            : 0xfffd;
    } else if (cp >= 0xd800 && cp <= 0xdfff) {
      cp = 0xfffd;
    }
    append_utf8(out, cp);
  }

  static void append_utf8(std::string& out, unsigned cp) {
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

  ByteSource& in_;
  const ReadContext& ctx_;
  size_t max_value_;
  std::string buffer_;
  size_t pos_ = 0;
  size_t end_ = 0;
  bool eof_ = false;
  uint64_t line_ = 1;
  std::string value_;
};

}  // namespace

void read_json(ByteSource& utf8, const ReadContext& ctx) {
  JsonStream(utf8, ctx).run();
}

}  // namespace paicha::sources::detail
