#!/usr/bin/env bash
# Format tests with real files: makes XLSX/DOCX/PPTX/PDF fixtures with LibreOffice headless, and
# encoding/archive/edge-case fixtures with the standard CLI tools, then runs the SourcesOffice*
# GoogleTests on them.
#   tests/integration/sources_formats.sh [BUILD_DIR]     (default: build)
# Needs libreoffice-calc, libreoffice-writer, libreoffice-impress, iconv, gzip, tar, python3.
set -euo pipefail

build_dir="${1:-build}"
tests_bin="$build_dir/paicha_tests"
[[ -x "$tests_bin" ]] || { echo "sources_formats: $tests_bin not found (build first)" >&2; exit 2; }
command -v soffice >/dev/null || { echo "sources_formats: soffice not installed (libreoffice-calc/-writer/-impress)" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
src="$work/src"
out="$work/fixtures"
mkdir -p "$src" "$out"

# --- office documents, converted by LibreOffice ---------------------------------------------
cat > "$src/people.csv" <<'CSV'
姓名,身份证号,手机号,住址
张三,11010519491231002X,13800138000,北京市朝阳区建国路88号
李四,440305199003071234,13912345678,广东省深圳市南山区科技园
CSV
cat > "$src/report.txt" <<'TXT'
数据安全自查报告
联系人：张三，电话：13800138000
地址：北京市朝阳区建国路88号
TXT
cat > "$src/slides.fodp" <<'FODP'
<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
  xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
  xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0"
  office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.presentation">
 <office:body><office:presentation>
  <draw:page draw:name="p1"><draw:frame svg:x="1cm" svg:y="1cm" svg:width="20cm" svg:height="3cm">
   <draw:text-box><text:p>自查工作部署</text:p></draw:text-box></draw:frame></draw:page>
  <draw:page draw:name="p2"><draw:frame svg:x="1cm" svg:y="1cm" svg:width="20cm" svg:height="3cm">
   <draw:text-box><text:p>联系人手机 13800138000</text:p></draw:text-box></draw:frame></draw:page>
 </office:presentation></office:body>
</office:document>
FODP

lo() { soffice -env:UserInstallation="file://$work/lo-profile" --headless "$@" >"$work/lo.log" 2>&1 \
  || { cat "$work/lo.log" >&2; exit 1; }; }
start=$(date +%s)
lo --infilter="CSV:44,34,76,1" --convert-to xlsx --outdir "$out" "$src/people.csv"
lo --infilter="Text (encoded):UTF8" --convert-to docx --outdir "$out" "$src/report.txt"
lo --convert-to pdf --outdir "$out" "$out/report.docx"
lo --convert-to pptx --outdir "$out" "$src/slides.fodp"
echo "sources_formats: LibreOffice conversions took $(( $(date +%s) - start ))s"
for f in people.xlsx report.docx report.pdf slides.pptx; do
  [[ -s "$out/$f" ]] || { echo "sources_formats: LibreOffice did not produce $f" >&2; exit 1; }
done

# --- encodings, archives and edge cases, made with the CLI tools ------------------------------
mixed="$out/mixed"
mkdir -p "$mixed/dir/sub"
printf '联系人：王五，手机：13700001111\n' | iconv -f UTF-8 -t GB18030 > "$mixed/gbk.txt"
{ printf '\xff\xfe'; printf '姓名,手机号\n赵六,13600002222\n' | iconv -f UTF-8 -t UTF-16LE; } > "$mixed/utf16.csv"
printf '钱七 13500003333\n' > "$mixed/dir/plain.log"
gzip -c "$mixed/dir/plain.log" > "$mixed/plain.log.gz"
tar -C "$mixed/dir" -czf "$mixed/bundle.tar.gz" plain.log
python3 - "$mixed" <<'PY'
import io, sys, zipfile
root = sys.argv[1]
inner = io.BytesIO()
with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("deep/people.csv", "姓名,手机号\n孙八,13400004444\n")
with zipfile.ZipFile(root + "/nested.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("inner.zip", inner.getvalue())
    z.writestr("readme.txt", "nothing here\n")
with open(root + "/nested.zip", "rb") as f:
    data = f.read()
with open(root + "/broken.zip", "wb") as f:
    f.write(data[: len(data) // 3])
PY
head -c 4096 /dev/urandom > "$mixed/random.bin"
printf '\x7fELF\x02\x01\x01\x00\x00\x00' >> "$mixed/random.bin"
python3 -c "import sys; sys.stdout.write('x' * 3000000 + ' 13800138000\n')" > "$mixed/longline.txt"
ln -s .. "$mixed/dir/sub/loop"

PAICHA_OFFICE_FIXTURES="$out" "$tests_bin" --gtest_filter='SourcesOffice*' --gtest_brief=0 \
  | tee "$work/gtest.log"
if grep -q "SKIPPED" "$work/gtest.log"; then
  echo "sources_formats: tests were skipped" >&2
  exit 1
fi
echo "sources_formats: OK"
