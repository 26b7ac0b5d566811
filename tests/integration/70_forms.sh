#!/usr/bin/env bash
# End-to-end checks of `paicha init` and `paicha inventory` (the notice's two forms), verified as
# a person sees them: the XLSX is rendered by LibreOffice to PDF, its text read with pdftotext,
# and its pages drawn with pdftoppm.
#   tests/integration/70_forms.sh BUILD_DIR                 run the checks
#   tests/integration/70_forms.sh BUILD_DIR --screenshots   also refresh docs/img/form1.png, form2.png
set -uo pipefail
BUILD=$(cd "${1:?usage: 70_forms.sh BUILD_DIR [--screenshots]}" && pwd)
PAICHA=$BUILD/paicha
SCREENSHOTS=0
[[ ${2:-} == --screenshots ]] && SCREENSHOTS=1
cd "$(dirname "$0")/../.."
REPO=$(pwd)
WORK=$(mktemp -d /tmp/paicha-forms-it.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   - $1"; }
fail() { failed=$((failed + 1)); echo "FAIL - $1"; }
check() { local name=$1; shift; if "$@"; then ok "$name"; else fail "$name"; fi; }
# A private store and a private HOME: nothing touches the user's default store or LibreOffice
# profile, and parallel soffice runs of other tests do not collide.
export PAICHA_DB=$WORK/store.db HOME=$WORK/home
mkdir -p "$HOME"
paicha() { "$PAICHA" -q "$@"; }

# LibreOffice renders XLSX -> PDF; pdftotext gives the text a reader sees.
render() {  # render FILE.xlsx -> FILE.pdf, FILE.txt
  local xlsx=$1 base=${1%.xlsx}
  soffice -env:UserInstallation="file://$WORK/lo-profile" --headless --convert-to pdf \
    --outdir "$(dirname "$xlsx")" "$xlsx" >"$WORK/soffice.log" 2>&1
  pdftotext -layout "$base.pdf" "$base.txt"
  # Cell text wraps and columns interleave in the layout; one line per word keeps the checks honest.
  tr -s ' \n' '\n\n' <"$base.txt" >"$base.words"
}
has() { grep -qF -- "$2" "$1"; }          # has FILE TEXT: TEXT appears on one line
has_word() { grep -qxF -- "$2" "$1"; }    # has_word FILE WORD: WORD is a whole cell or word

# Measured data: files with valid ID numbers and mobile numbers for the internet system, a file
# without personal data for the private-network one.
mkdir -p "$WORK/data/signup" "$WORK/data/finance"
/usr/bin/python3 - "$WORK/data" <<'EOF'
import sys
weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
def cn_id(seq):
    body = "110105" + "2009%02d%02d" % (seq % 12 + 1, seq % 28 + 1) + "%03d" % (seq % 999 + 1)
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights)) % 11]
with open(sys.argv[1] + "/signup/students.csv", "w", encoding="utf-8") as f:
    f.write("学号,身份证号,家长手机\n")
    for i in range(200):
        f.write("S%05d,%s,13%09d\n" % (i, cn_id(i), 812340000 + i))
with open(sys.argv[1] + "/finance/ledger.csv", "w", encoding="utf-8") as f:
    f.write("科目,金额\n")
    for i in range(300):
        f.write("办公用品%d,%d.00\n" % (i, 100 + i))
EOF
paicha pii scan "$WORK/data" >/dev/null
check "pii scan stored the measured files" test $? -eq 0
# The sizes a person would expect: binary units with one decimal, as the form prints them.
human() { /usr/bin/python3 -c '
import sys
v, units, u = float(sys.argv[1]), ["B", "KB", "MB", "GB", "TB"], 0
while v >= 1024 and u < 4: v /= 1024; u += 1
print("%d B" % v if u == 0 else "%.1f %s" % (v, units[u]))' "$1"; }
signup_bytes=$(stat -c %s "$WORK/data/signup/students.csv")
total_bytes=$((signup_bytes + $(stat -c %s "$WORK/data/finance/ledger.csv")))
signup_size=$(human "$signup_bytes")
total_size=$(human "$total_bytes")

# The unit profile, written from flags (no TTY: it never asks).
P=$WORK/paicha.yaml
init_flags=(--unit-name "北京市朝阳区示例学校" --unit-abbr bjslxx --unit-address "北京市朝阳区示例路1号"
  --description "学籍数据、成绩数据、财务数据"
  --security-dept "信息中心" --security-contact "张三,主任,010-85979246,13812345678"
  --protection-dept "办公室" --protection-contact "李四,副主任,010-85979246-82013,13912345678"
  --subordinate "示例少年宫" --subordinate "示例体育中心"
  --system "学生报名系统,互联网,某某科技有限公司,王五,13700000000,db=10.0.0.5:3306,path=$WORK/data/signup"
  --system "家校通,互联网和业务专网,某某信息技术公司,孙八,010-65432100,db=10.0.0.6:6379,kind=通知数据"
  --system "财务系统,业务专网,本单位信息中心,赵六,010-85979246,db=10.0.1.8:5432,path=$WORK/data/finance"
  --system "少年宫官网,托管单位,某某云计算公司,钱七,13600000000,unit=示例少年宫,db=10.2.0.9")
paicha init -o "$P" "${init_flags[@]}" </dev/null
check "init from flags exits 0" test $? -eq 0
check "profile has mode 0600" test "$(stat -c %a "$P")" = 600
check "profile is commented in Chinese" has "$P" "# 网络安全责任部门"
check "profile lists the storage choices" has "$P" "互联网 / 业务专网 / 互联网和业务专网 / 托管单位 / 其他"
out=$("$PAICHA" init --check "$P" 2>&1)
check "init --check says OK" grep -q "^OK: " <<<"$out"
"$PAICHA" init -o "$P" --unit-name X </dev/null 2>"$WORK/err"
check "init refuses to overwrite (exit 2) and names the file" \
  bash -c "[[ $? -eq 2 ]] && grep -qF '$P' '$WORK/err'"
"$PAICHA" -q init -o "$WORK/template.yaml" </dev/null
check "init without flags or TTY writes a template with placeholders" has "$WORK/template.yaml" "待填写"
if command -v script >/dev/null; then  # a real terminal (util-linux script): it asks
  printf '终端单位\n\n\n云\n托管单位\n' | script -qec "'$PAICHA' -q init -o '$WORK/tty.yaml'" /dev/null \
    >"$WORK/tty.log" 2>&1
  check "init on a TTY asks, re-asks a bad value and writes the answers" \
    bash -c "grep -qF '单位名称' '$WORK/tty.log' && grep -qF '请填写：互联网' '$WORK/tty.log' &&
             grep -qF 'name: \"终端单位\"' '$WORK/tty.yaml' && grep -qF 'storage: \"托管单位\"' '$WORK/tty.yaml'"
fi
paicha init -o "$WORK/bad.yaml" --system "云盘,云,x,y,13700000000" </dev/null 2>"$WORK/err"
check "init rejects a bad storage location (exit 2) naming it" \
  bash -c "[[ $? -eq 2 ]] && grep -qF \"'云'\" '$WORK/err' && test ! -e '$WORK/bad.yaml'"

paicha init -o "$WORK/bad.yaml" --unit-name X --security-contact "张三,主任,85979246,1381" </dev/null 2>"$WORK/err"
check "init rejects malformed phones (exit 2), naming both keys" \
  bash -c "[[ $? -eq 2 ]] && grep -qF 'security_department.contact.office_phone' '$WORK/err' &&
           grep -qF 'security_department.contact.mobile' '$WORK/err' && test ! -e '$WORK/bad.yaml'"

# Form 1 and Form 2 as XLSX, rendered by LibreOffice.
paicha inventory --profile "$P" -o "$WORK/forms.xlsx"
check "inventory exits 0" test $? -eq 0
check "forms.xlsx has mode 0600" test "$(stat -c %a "$WORK/forms.xlsx")" = 600
render "$WORK/forms.xlsx"
check "LibreOffice rendered the workbook to PDF" test -s "$WORK/forms.pdf"
T=$WORK/forms.txt W=$WORK/forms.words
check "two pages (one per form)" test "$(pdfinfo "$WORK/forms.pdf" | awk '/^Pages:/ {print $2}')" = 2
check "A4 landscape" bash -c "pdfinfo '$WORK/forms.pdf' | grep -q 'Page size: *841.* x 595'"
check "a CJK font is embedded (no missing glyphs)" bash -c "pdffonts '$WORK/forms.pdf' | grep -qiE 'wenquanyi|wqy|noto.*cjk|simsun|zenhei'"
for label in "互联网上存储的数据资产清单" 单位名称 单位地址 网络安全责任部门 责任部门联系人 "职务/职称" \
  办公电话 移动电话 数据保护责任部门 单位数据总量 "(TB/PB)" 数据存储位置 数据内容描述; do
  check "Form 1 label $label" has "$T" "$label"
done
for value in 北京市朝阳区示例学校 北京市朝阳区示例路1号 信息中心 张三 主任 010-85979246 13812345678 \
  办公室 李四 副主任 010-85979246-82013 13912345678; do
  check "Form 1 value $value" has "$T" "$value"
done
check "Form 1 total is the measured sum ($total_size)" has "$T" "$total_size（实测 2 个数据资产）"
check "Form 1 storage box ticked: 互联网和业务专网" has "$T" "☑互联网和业务专网"
check "Form 1 description lists the measured PII types" has "$T" "含公民个人信息：身份证号、手机号"
for label in "在互联网上存储（含缓存）的重要数据和公民个人信息统计表" 信息系统名称 包含的数据类型 \
  "数据量(GB/TB/PB)" 数据库IP地址 数据库维护单位、联系人及联系方式 本级 直属事业单位1 直属事业单位2 \
  "注：包含的数据类型：业务数据/公民个人信息"; do
  check "Form 2 label $label" has "$T" "$label"
done
check "Form 2: the internet system with its measured volume ($signup_size)" \
  bash -c "grep -F '学生报名系统' '$T' | grep -qF '$signup_size'"
check "Form 2: its data types from the measurement" has "$T" "公民个人信息（身份证号、手机"
check "Form 2: its database address" has "$T" "10.0.0.5:3306"
check "Form 2: its maintainer" has "$T" "某某科技有限公司，王五，13700000000"
check "Form 2: the hosted system of 直属事业单位1, honestly unmeasured" \
  bash -c "grep -F '少年宫官网' '$T' | grep -qF '未测量'"
check "Form 2: a second system of 本级, declared but unmeasured" \
  bash -c "grep -F '家校通' '$T' | grep -qF '未测量'"
check "Form 2: the private-network system is not listed" bash -c "! grep -qF '财务系统' '$T'"
check "Form 2: 直属事业单位2 has nothing to declare: 无" \
  bash -c "[[ \$(grep -cxF '无' '$W') -ge 6 ]]"
pdftoppm -png -r 60 "$WORK/forms.pdf" "$WORK/page"
check "pages drawn as PNG" bash -c "test -s '$WORK/page-1.png' && test -s '$WORK/page-2.png'"
if [[ $SCREENSHOTS -eq 1 ]]; then
  mkdir -p "$REPO/docs/img"
  cp "$WORK/page-1.png" "$REPO/docs/img/form1.png"
  cp "$WORK/page-2.png" "$REPO/docs/img/form2.png"
  echo "screenshots written to docs/img/form1.png and docs/img/form2.png"
fi

# English labels, same structure.
paicha --lang en inventory --profile "$P" -o "$WORK/forms-en.xlsx"
render "$WORK/forms-en.xlsx"
for label in "Unit name" "Data storage location" "Database IP address" "This unit" "Subordinate unit 2"; do
  check "English label $label" has "$WORK/forms-en.txt" "$label"
done

# JSON and CSV.
paicha inventory --profile "$P" -o "$WORK/forms.json"
check "JSON: Form 2 groups and the measured bytes" /usr/bin/python3 -c '
import json, sys
doc = json.load(open(sys.argv[1]))
groups = doc["form2"]["groups"]
assert [g["group"] for g in groups] == ["本级", "直属事业单位1", "直属事业单位2"], groups
assert groups[0]["rows"][0]["bytes"] == int(sys.argv[2]), groups[0]
assert groups[2]["rows"][0]["declared"] is False
assert doc["measured"]["bytes"] == int(sys.argv[3])
' "$WORK/forms.json" "$signup_bytes" "$total_bytes"
paicha inventory --profile "$P" --format csv -o "$WORK/forms.csv"
check "CSV: the 无 row of 直属事业单位2" grep -q "^直属事业单位2,示例体育中心,无,无,无,无,无,无" "$WORK/forms.csv"

# Table data assets from `pii db` and services from `audit`, joined by the system's database
# host: needs the test servers (scripts/testenv); a throw-away database in the trust instance.
if [[ -n ${PAICHA_TE_POSTGRES_TRUST_PORT:-} ]] && command -v createdb >/dev/null; then
  pg_port=$PAICHA_TE_POSTGRES_TRUST_PORT pg_db=paicha_forms_$$
  pg() { psql -q -h 127.0.0.1 -p "$pg_port" -U postgres "$@"; }
  trap 'dropdb -h 127.0.0.1 -p "$pg_port" -U postgres --if-exists "$pg_db" 2>/dev/null; rm -rf "$WORK"' EXIT
  createdb -h 127.0.0.1 -p "$pg_port" -U postgres "$pg_db"
  pg -d "$pg_db" -c "create table students(name text, id_no text, phone text);
    insert into students select '张三', '11010519491231002X', '138' || lpad(g::text, 8, '0')
      from generate_series(1, 500) g;
    create table courses(title text, hours int);
    insert into courses select '课程' || g, g from generate_series(1, 100) g;"
  export PAICHA_DB=$WORK/store-db.db
  paicha pii db "postgresql://postgres@127.0.0.1:$pg_port/$pg_db" --format json -o "$WORK/piidb.json"
  check "pii db measured the test database" test $? -eq 0
  paicha audit 127.0.0.1 -p "$pg_port" >/dev/null
  paicha init -o "$WORK/db.yaml" --unit-name 数据库单位 \
    --system "成绩系统,互联网,某某科技有限公司,王五,13700000000,db=127.0.0.1" </dev/null
  paicha inventory --profile "$WORK/db.yaml" -o "$WORK/db.json"
  check "pii db tables and audit services join the system by host" /usr/bin/python3 -c '
import json, sys
measured = json.load(open(sys.argv[1]))
tables = [t for s in measured["sources"] for t in s["tables"]]
row = json.load(open(sys.argv[2]))["form2"]["groups"][0]["rows"][0]
assert row["bytes"] == sum(t["bytes"] for t in tables), (row, tables)
assert row["data_types"].startswith("业务数据、公民个人信息（身份证号、手机号"), row
assert row["database_ips"] == "127.0.0.1:" + sys.argv[3], row  # the port audit found
' "$WORK/piidb.json" "$WORK/db.json" "$pg_port"
  export PAICHA_DB=$WORK/store.db
else
  echo "skip - pii db / audit join (no test servers: scripts/testenv/start.sh)"
fi

# Negative: a broken profile is a usage error naming the key; a unit with nothing on the
# internet declares 无.
sed 's/storage: "托管单位"/storage: "云"/' "$P" >"$WORK/broken.yaml"
paicha inventory --profile "$WORK/broken.yaml" -o "$WORK/x.xlsx" 2>"$WORK/err"
check "broken profile: exit 2 naming systems[3].storage" \
  bash -c "[[ $? -eq 2 ]] && grep -qF 'systems[3].storage' '$WORK/err' && test ! -s '$WORK/x.xlsx'"
"$PAICHA" init --check "$WORK/broken.yaml" >/dev/null 2>&1
check "init --check on it: exit 2" test $? -eq 2
paicha init -o "$WORK/intranet.yaml" --unit-name 内网单位 \
  --system "办公系统,业务专网,本单位,赵六,010-85979246" </dev/null
paicha inventory --profile "$WORK/intranet.yaml" -o "$WORK/intranet.xlsx"
render "$WORK/intranet.xlsx"
check "no internet-stored system: Form 2 says 无" \
  bash -c "[[ \$(grep -cxF '无' '$WORK/intranet.words') -ge 6 ]] && ! grep -qF '办公系统' '$WORK/intranet.txt'"
check "no internet-stored system: Form 1 ticks 业务专网" has "$WORK/intranet.txt" "☑业务专网"
paicha inventory --profile "$P" 2>"$WORK/err"
check "xlsx without -o is a usage error (2)" test $? -eq 2
paicha inventory --profile "$P" --run 99999 -o "$WORK/y.json" 2>"$WORK/err"
check "unknown --run is a usage error naming the id" bash -c "[[ $? -eq 2 ]] && grep -qF 99999 '$WORK/err'"

echo "70_forms: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
