#include "report/report_html.h"

#include <fmt/format.h>

#include "core/i18n.h"
#include "report/report_layout.h"
#include "report/svg_chart.h"
#include "report/xml_text.h"

namespace paicha::report {

namespace {

constexpr std::string_view kStyle = R"css(
body { font-family: "SimSun", "宋体", "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC", serif;
       font-size: 11pt; line-height: 1.6; color: #222; max-width: 60em; margin: 2em auto; padding: 0 1em; }
h1 { text-align: center; font-size: 20pt; margin-bottom: .2em; }
.cover p { text-align: center; margin: .2em 0; font-family: "FangSong", "仿宋", "STFangsong", serif; }
.cover .unit { font-size: 14pt; }
h2 { font-size: 15pt; border-bottom: 2px solid #333; padding-bottom: .1em; margin-top: 1.6em; }
h3 { font-size: 13pt; margin-top: 1.2em; }
h4 { font-size: 11.5pt; margin: 1em 0 .3em; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1em; table-layout: fixed; }
th, td { border: 1px solid #777; padding: .25em .4em; vertical-align: top; text-align: left;
         word-wrap: break-word; overflow-wrap: anywhere; font-size: 10pt; }
th { background: #e8ecf2; }
td.multi { white-space: pre-line; }
tr.sev-critical td:first-child, tr.sev-critical td.sev { border-left: 4px solid #8e1b1b; }
tr.sev-high td:first-child { border-left: 4px solid #c0392b; }
tr.sev-medium td:first-child { border-left: 4px solid #d68910; }
tr.sev-low td:first-child { border-left: 4px solid #2e86c1; }
tr.sev-info td:first-child { border-left: 4px solid #7f8c8d; }
p.remediation { white-space: pre-line; background: #f6f6f6; padding: .5em .8em; border-left: 3px solid #999; }
figure { margin: .5em 0 1em; }
@page { size: A4 portrait; margin: 2cm 1.8cm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; }
  h2.section { break-before: page; page-break-before: always; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
  tr, figure { break-inside: avoid; page-break-inside: avoid; }
}
)css";

class HtmlBuilder : public ReportBuilder {
 public:
  explicit HtmlBuilder(const TextSink& sink) : sink_(sink) {}

  void start(std::string_view title) {
    buffer_ += fmt::format(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"generator\" content=\"paicha {}\">\n<title>",
        current_lang() == Lang::zh ? "zh-CN" : "en", PAICHA_VERSION);
    text(title);
    buffer_ += "</title>\n<style>";
    buffer_ += kStyle;
    buffer_ += "</style>\n</head>\n<body>\n";
  }

  void finish() {
    close_list();
    buffer_ += "</body>\n</html>\n";
    flush();
  }

  void cover(std::string_view title, std::string_view unit, std::string_view date_line) override {
    buffer_ += "<header class=\"cover\">\n<h1>";
    text(title);
    buffer_ += "</h1>\n<p class=\"unit\">";
    text(unit);
    buffer_ += "</p>\n<p>";
    text(date_line);
    buffer_ += "</p>\n</header>\n";
  }

  void heading(int level, std::string_view title) override {
    // Report sections are <h2> (the report title is the only <h1>).
    close_list();
    const int tag = level + 1;
    buffer_ +=
        fmt::format("<h{}{}>", tag, level == 1 && sections_++ > 0 ? " class=\"section\"" : "");
    text(title);
    buffer_ += fmt::format("</h{}>\n", tag);
    maybe_flush();
  }

  void paragraph(std::string_view body) override {
    close_list();
    const bool multi = body.find('\n') != std::string_view::npos;
    buffer_ += multi ? "<p class=\"remediation\">" : "<p>";
    text(body);
    buffer_ += "</p>\n";
  }

  void bullet(std::string_view body) override {
    if (!in_list_) buffer_ += "<ul>\n";
    in_list_ = true;
    buffer_ += "<li>";
    text(body);
    buffer_ += "</li>\n";
  }

  void begin_table(const std::vector<std::string>& headers,
                   const std::vector<int>& widths) override {
    close_list();
    buffer_ += "<table>\n<colgroup>";
    for (int w : widths) buffer_ += fmt::format("<col style=\"width:{}%\">", w);
    buffer_ += "</colgroup>\n<thead><tr>";
    for (const auto& h : headers) {
      buffer_ += "<th>";
      text(h);
      buffer_ += "</th>";
    }
    buffer_ += "</tr></thead>\n<tbody>\n";
  }

  void row(const std::vector<std::string>& cells, const Severity* severity) override {
    if (severity)
      buffer_ += fmt::format("<tr class=\"sev-{}\">", to_string(*severity));
    else
      buffer_ += "<tr>";
    for (const auto& c : cells) {
      buffer_ += c.find('\n') != std::string::npos ? "<td class=\"multi\">" : "<td>";
      text(c);
      buffer_ += "</td>";
    }
    buffer_ += "</tr>\n";
    maybe_flush();
  }

  void end_table() override { buffer_ += "</tbody>\n</table>\n"; }

  void chart(std::string_view title, const std::vector<Bar>& bars) override {
    close_list();
    buffer_ += "<figure>";
    buffer_ += svg_bar_chart(title, bars);
    buffer_ += "<figcaption>";
    text(title);
    buffer_ += "</figcaption></figure>\n";
  }

 private:
  void text(std::string_view t) { append_xml_escaped(buffer_, t); }
  void close_list() {
    if (in_list_) buffer_ += "</ul>\n";
    in_list_ = false;
  }
  void maybe_flush() {
    if (buffer_.size() >= 1 << 16) flush();
  }
  void flush() {
    sink_(buffer_);
    buffer_.clear();
  }

  const TextSink& sink_;
  std::string buffer_;
  bool in_list_ = false;
  int sections_ = 0;
};

}  // namespace

void write_report_html(const ReportModel& model, const TextSink& sink) {
  HtmlBuilder html(sink);
  html.start(model.title + " - " + model.unit_name);
  lay_out_report(model, html);
  html.finish();
}

std::string render_report_html(const ReportModel& model) {
  std::string out;
  write_report_html(model, [&out](std::string_view piece) { out.append(piece); });
  return out;
}

}  // namespace paicha::report
