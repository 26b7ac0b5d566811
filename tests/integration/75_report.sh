#!/usr/bin/env bash
# `paicha report` as a person sees it: a real audit of the running test servers, the DOCX
# rendered by LibreOffice to PDF and read back with pdftotext (section headings, a finding's rule
# and masked evidence, the unit from the profile), the HTML checked to be self-contained, SARIF
# validated against the official 2.1.0 schema, the personal-data places in JSON, CSV (a second
# file) and SARIF, and the error paths (no store, no audit, a run without problems).
# Usage: tests/integration/75_report.sh BUILD_DIR
#   PAICHA_UPDATE_SCREENSHOT=1 also writes docs/img/report-page1.png (page 1 at 60 dpi).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:?usage: $0 BUILD_DIR}" && pwd)
: "${PAICHA_TESTENV_DIR:?run through scripts/run-tests.sh (it starts the servers)}"
paicha="$build/paicha"
work=$(mktemp -d /tmp/paicha-it-report.XXXXXX)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

# LibreOffice keeps a per-user profile; a private one (and HOME) keeps parallel runs apart.
to_pdf() {  # DOCX OUTDIR
  HOME="$work/home" timeout 180 soffice -env:UserInstallation="file://$work/lo-profile" \
    --headless --norestore --convert-to pdf --outdir "$2" "$1" > "$work/soffice.log" 2>&1
}
# pdftotext output without any whitespace: table cells wrap anywhere.
squeeze() { tr -d ' \t\r\n\f' < "$1"; }
contains() {  # FILE TEXT LABEL
  local needle
  needle=$(printf '%s' "$2" | tr -d ' \t\r\n')
  if [[ "$(squeeze "$1")" == *"$needle"* ]]; then ok "$3"; else fail "$3: '$2' not in $1"; fi
}

# --- Negative: no store, then a store without an audit run --------------------------------
set +e
"$paicha" --db "$work/none.db" report -o "$work/x.docx" 2> "$work/err1"
rc=$?
set -e
[[ $rc -eq 2 ]] && grep -q "paicha audit" "$work/err1" && ok "missing store: exit 2 naming paicha audit" ||
  fail "missing store: exit $rc, $(cat "$work/err1")"
[[ ! -e "$work/none.db" ]] && ok "missing store is not created" || fail "report created $work/none.db"
closed=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$paicha" --db "$work/disc.db" -q discover 127.0.0.1 -p "$closed" --format json > /dev/null
set +e
"$paicha" --db "$work/disc.db" report --format html -o "$work/x.html" 2> "$work/err2"
rc=$?
set -e
[[ $rc -eq 2 ]] && grep -q "paicha audit" "$work/err2" && ok "store without audit: exit 2" ||
  fail "store without audit: exit $rc, $(cat "$work/err2")"

# --- A real audit of the insecure test servers ---------------------------------------------
ports="$PAICHA_TE_REDIS_OPEN_PORT,$PAICHA_TE_POSTGRES_TRUST_PORT,$PAICHA_TE_MARIADB_ANON_PORT"
"$paicha" --db "$work/s.db" -q audit 127.0.0.1 -p "$ports" --pace 0 --format json \
  -o "$work/audit.json"
read -r nfindings rule evidence < <(python3 - "$work/audit.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
f = [x for x in doc["findings"] if x["evidence"]]
f.sort(key=lambda x: len(x["evidence"]))  # the shortest evidence wraps least in a table cell
print(len(doc["findings"]), f[0]["rule"], f[0]["evidence"].replace(" ", "") if f else "")
PY
)
[[ $nfindings -gt 0 ]] && ok "audit found $nfindings problems" || fail "audit found no problems"

# Personal data for 个人信息暴露: a file with a valid ID number (GB 11643 check digit) and mobile.
mkdir -p "$work/export"
printf 'name,id,mobile\n张三,11010519491231002X,13812345678\n' > "$work/export/students.csv"
"$paicha" --db "$work/s.db" -q pii scan "$work/export" --format json > /dev/null

cat > "$work/paicha.yaml" <<'YAML'
unit:
  name: 测试区教育局
  address: 测试路1号
security_department:
  name: 信息中心
  contact:
    name: 张测试
YAML

# The rectification loop's owner and deadline replace the defaults in 整改措施及计划.
tracked_id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["findings"][0]["id"])' "$work/audit.json")
"$paicha" --db "$work/s.db" -q findings assign "$tracked_id" --owner 王整改 --due 2031-07-15

# --- DOCX, rendered ------------------------------------------------------------------------
"$paicha" --db "$work/s.db" -q report --format docx --profile "$work/paicha.yaml" -o "$work/report.docx"
[[ "$(stat -c %a "$work/report.docx")" == 600 ]] && ok "docx mode 0600" || fail "docx mode"
to_pdf "$work/report.docx" "$work" || fail "soffice could not convert the DOCX: $(cat "$work/soffice.log")"
pdftotext -enc UTF-8 "$work/report.pdf" "$work/report.txt"
for label in 数据安全隐患自查报告 一、基本情况 二、排查方法 三、发现的问题 四、整改措施及计划 五、下一步工作 \
  附录：资产清单 弱口令 未授权访问 数据明文传输 缺少安全审计 访问控制策略不严 存在漏洞的版本 个人信息暴露 \
  测试区教育局 信息中心张测试; do
  contains "$work/report.txt" "$label" "docx shows $label"
done
contains "$work/report.txt" "$rule" "docx shows rule $rule"
contains "$work/report.txt" "王整改" "docx shows the owner assigned with paicha findings assign"
contains "$work/report.txt" "2031-07-15" "docx shows the deadline assigned with paicha findings assign"
contains "$work/report.txt" "students.csv" "docx lists the file holding personal data"
contains "$work/report.txt" "身份证号1" "docx counts the ID number found"
grep -q "11010519491231002X" "$work/report.txt" && fail "docx shows an ID number in clear" ||
  ok "no personal data in clear"
contains "$work/report.txt" "$evidence" "docx shows masked evidence of $rule"
pages=$(pdfinfo "$work/report.pdf" | awk '/^Pages:/ { print $2 }')
[[ $pages -ge 2 ]] && ok "docx renders to $pages pages" || fail "docx renders to $pages pages"
# Page numbers from the footer field: the last page's text ends with "- N -".
pdftotext -f "$pages" -l "$pages" "$work/report.pdf" - | grep -q -- "- $pages -" &&
  ok "page number on the last page" || fail "no page number '- $pages -' on the last page"
if [[ "${PAICHA_UPDATE_SCREENSHOT:-0}" == 1 ]]; then
  pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$work/report.pdf" "$root/docs/img/report-page1"
  echo "updated docs/img/report-page1.png"
fi

# --- English DOCX ---------------------------------------------------------------------------
mkdir -p "$work/en"
"$paicha" --db "$work/s.db" -q --lang en report --profile "$work/paicha.yaml" -o "$work/en/report.docx"
to_pdf "$work/en/report.docx" "$work/en" || fail "soffice (English)"
pdftotext -enc UTF-8 "$work/en/report.pdf" "$work/en/report.txt"
for label in "Data Security Self-Inspection Report" "1. Overview" "2. Inspection method" \
  "3. Problems found" "4. Remediation measures and plan" "5. Next steps" "Appendix: asset list" \
  "weak password"; do
  contains "$work/en/report.txt" "$label" "English docx shows $label"
done

# --- HTML -----------------------------------------------------------------------------------
"$paicha" --db "$work/s.db" -q report --format html -o "$work/report.html"
python3 - "$work/report.html" "$rule" <<'PY' && ok "html self-contained with all sections" || fail "html checks"
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
problems = []
if re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//|url\(\s*["']?\s*(https?:)?//|<script|<link|@import""", html, re.I):
    problems.append("refers to an external resource or has a script")
for label in ["一、基本情况", "二、排查方法", "三、发现的问题", "四、整改措施及计划", "五、下一步工作",
              "附录：资产清单", "<svg", "@page", sys.argv[2]]:
    if label not in html:
        problems.append(f"missing {label}")
for p in problems: print(p)
sys.exit(1 if problems else 0)
PY

# --- Machine formats and SARIF against the official schema ---------------------------------
"$paicha" --db "$work/s.db" -q report --format json -o "$work/report.json"
"$paicha" --db "$work/s.db" -q report --format ndjson -o "$work/report.ndjson"
"$paicha" --db "$work/s.db" -q report --format csv -o "$work/report.csv"
"$paicha" --db "$work/s.db" -q report --format sarif -o "$work/report.sarif"
"$paicha" --db "$work/s2.db" -q audit 127.0.0.1 -p "$PAICHA_TE_REDIS_OPEN_PORT" --pace 0 \
  --format sarif -o "$work/audit.sarif"
python3 - "$root/tests/fixtures/sarif-schema-2.1.0.json" "$work" "$nfindings" <<'PY' && ok "json/ndjson/csv/sarif" || fail "machine formats"
import copy, csv, json, sys
import jsonschema
schema_path, work, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
schema = json.load(open(schema_path))
validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
problems = []
for name in ("report.sarif", "audit.sarif"):
    doc = json.load(open(f"{work}/{name}"))
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(doc)]
    problems += [f"{name}: {e}" for e in errors[:5]]
    results = doc["runs"][0]["results"]
    if not results:
        problems.append(f"{name}: no results")
    for r in results:
        if not r.get("partialFingerprints") or not r.get("locations"):
            problems.append(f"{name}: result without fingerprint or location")
            break
sarif = json.load(open(f"{work}/report.sarif"))
# One result per finding, plus one per place holding personal data (the pii scan above).
places = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "pii.personal_data_stored"]
findings = len(sarif["runs"][0]["results"]) - len(places)
if findings != n:
    problems.append(f"sarif has {findings} finding results, audit {n}")
uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in places]
if len(places) != 1 or not uris[0].startswith("file:///") or not uris[0].endswith("/students.csv") \
        or places[0]["level"] != "note":
    problems.append(f"sarif personal-data results: {uris}")
# The validator must be able to fail: a broken copy is rejected.
broken = copy.deepcopy(sarif)
broken["version"] = "2.0.0"
del broken["runs"][0]["tool"]["driver"]["name"]
if validator.is_valid(broken):
    problems.append("the schema accepted a broken SARIF log")
doc = json.load(open(f"{work}/report.json"))
if len(doc["findings"]) != n:
    problems.append(f"json has {len(doc['findings'])} findings, audit {n}")
pd = doc["personal_data"]
if [p["location"].rsplit("/", 1)[-1] for p in pd["places"]] != ["students.csv"] or \
        pd["places"][0]["counts"].get("cn_id") != 1 or pd["totals"].get("cn_id") != 1:
    problems.append(f"json personal_data: {pd}")
if "11010519491231002X" in json.dumps(doc, ensure_ascii=False):
    problems.append("json shows an ID number in clear")
lines = [json.loads(l) for l in open(f"{work}/report.ndjson")]
if sum(1 for l in lines if l["type"] == "finding") != n:
    problems.append("ndjson finding count")
rows = list(csv.DictReader(open(f"{work}/report.csv")))
if len(rows) != n:
    problems.append(f"csv has {len(rows)} rows, audit {n}")
# The places go to a second CSV next to the findings CSV.
rows = list(csv.DictReader(open(f"{work}/report.personal_data.csv")))
if [r["location"].rsplit("/", 1)[-1] for r in rows] != ["students.csv"] or rows[0]["cn_id"] != "1":
    problems.append(f"personal-data csv: {rows}")
for p in problems: print(p)
sys.exit(1 if problems else 0)
PY

# --- A run without problems -----------------------------------------------------------------
"$paicha" --db "$work/s.db" -q audit 127.0.0.1 -p "$closed" --pace 0 --format json > /dev/null
"$paicha" --db "$work/s.db" -q report --format html -o "$work/clean.html"
python3 - "$work/clean.html" <<'PY' && ok "clean run: 未发现问题 under 三、发现的问题" || fail "clean run report"
import sys
html = open(sys.argv[1], encoding="utf-8").read()
section = html.split("三、发现的问题", 1)[1].split("四、整改措施及计划", 1)[0]
sys.exit(0 if "未发现问题" in section and "P0001" not in html else 1)
PY
# --run picks the earlier audit again.
first_run=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["run_id"])' "$work/audit.json")
"$paicha" --db "$work/s.db" -q report --run "$first_run" --format html -o "$work/first.html"
grep -q "P0001" "$work/first.html" && ok "--run $first_run reports that run" || fail "--run"
set +e
"$paicha" --db "$work/s.db" -q report --run 999 --format html -o "$work/x.html" 2> "$work/err3"
rc=$?
set -e
[[ $rc -eq 2 ]] && grep -q 999 "$work/err3" && ok "unknown run: exit 2 naming it" || fail "unknown run: exit $rc"

set +e
"$paicha" --db "$work/s.db" -q report --profile "$work/no-such.yaml" -o "$work/x.docx" 2> "$work/err4"
rc=$?
set -e
[[ $rc -eq 2 ]] && grep -q "no-such.yaml" "$work/err4" && ok "missing --profile: exit 2 naming it" ||
  fail "missing --profile: exit $rc, $(cat "$work/err4")"

if [[ $failures -gt 0 ]]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all report checks passed"
