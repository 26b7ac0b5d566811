#!/usr/bin/python3
"""Generates labelled corpora for paicha's personal-data detector.

Each corpus is a CSV export (UTF-8 and a GB18030 copy) and an application log, filled with
realistic rows and with look-alike noise: order numbers, timestamps, numbers with a wrong check
digit, long digit runs. Every token that could be personal data is labelled by a validity
oracle that shares no code with the detector: python-stdnum (stdnum.cn.ric, stdnum.cn.uscc,
stdnum.luhn) plus the shipped tables in data/pii/ (region codes, card BINs, mobile prefixes).

Labels go to <name>.labels.json: {file: {line: {type: count}}}. Usage:
    /usr/bin/python3 tools/corpus/gen_pii_corpus.py --rows 20000 --out /tmp/corpus
    /usr/bin/python3 tools/corpus/gen_pii_corpus.py --rows 2000000 --no-labels --out /tmp/big
"""
import argparse
import datetime
import json
import pathlib
import random
import re
import string

from stdnum import luhn
from stdnum.cn import ric, uscc

DATA = pathlib.Path(__file__).resolve().parents[2] / "data" / "pii"


def table(name, column=0):
    out = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            out.append(line.split("\t")[column])
    return out


REGIONS = table("gb2260.tsv")
REGION_SET = set(REGIONS)
REGION_PREFIXES = {r[:4] for r in REGIONS} | {r[:2] for r in REGIONS}
PROVINCES = sorted({p for p in table("gb2260.tsv", 1) if p})
BINS = table("bank_bins.tsv")
BIN_SET = set(BINS)
MOBILE_PREFIXES = table("mobile_prefixes.tsv")
MOBILE_SET = set(MOBILE_PREFIXES)
SURNAMES = [s for s in table("surnames.txt") if len(s) == 1][:150]
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建国志强海波宇浩然子涵欣怡梓萱"
STREETS = ["建国路", "中山路", "人民大道", "解放街", "长安街", "和平路", "科技园路", "学府路", "文化街"]
DISTRICTS = ["朝阳区", "海淀区", "南山区", "福田区", "武侯区", "西湖区", "鼓楼区", "江北区", "天河区"]
DOMAINS = ["qq.com", "163.com", "126.com", "gmail.com", "sina.com.cn", "example.com.cn", "foxmail.com"]
TODAY = datetime.date.today()


# --- the oracle -----------------------------------------------------------------------------

def oracle_cn_id(t):
    if re.fullmatch(r"\d{17}[\dX]", t):
        if not ric.is_valid(t):
            return False
        birth = ric.get_birth_date(t)
        return datetime.date(1900, 1, 1) <= birth <= TODAY
    if re.fullmatch(r"\d{15}", t):  # legacy: region, 19YYMMDD, no check digit
        try:
            birth = datetime.date(1900 + int(t[6:8]), int(t[8:10]), int(t[10:12]))
        except ValueError:
            return False
        return t[:6] in REGION_SET and birth <= TODAY
    return False


def oracle_uscc(t):
    if not uscc.is_valid(t):
        return False
    region = t[2:8]
    return (region in REGION_SET or (region.endswith("00") and region[:4] in REGION_PREFIXES)
            or (region.endswith("0000") and region[:2] in REGION_PREFIXES))


def oracle_card(t):
    d = t.replace(" ", "").replace("-", "")
    return (d.isdigit() and 16 <= len(d) <= 19 and luhn.is_valid(d)
            and any(d[:n] in BIN_SET for n in range(3, 9)))


def oracle_mobile(t):
    d = t.replace(" ", "").replace("-", "")
    return d.isdigit() and len(d) == 11 and d[:3] in MOBILE_SET


EMAIL = re.compile(r"[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}")


def label(token):
    """The type of a standalone token, or None: what a careful person would count."""
    if oracle_cn_id(token):
        return "cn_id"
    if oracle_uscc(token):
        return "uscc"
    if oracle_card(token):
        return "bank_card"
    if oracle_mobile(token):
        return "mobile"
    if EMAIL.fullmatch(token) and ".." not in token and not token.startswith("."):
        return "email"
    return None


# --- generators -----------------------------------------------------------------------------

def digits(n):
    return "".join(random.choice(string.digits) for _ in range(n))


def cn_id(valid=True):
    birth = datetime.date(1940, 1, 1) + datetime.timedelta(days=random.randint(0, 365 * 80))
    body = random.choice(REGIONS) + birth.strftime("%Y%m%d") + digits(3)
    check = ric.calc_check_digit(body + "0")
    if not valid:
        check = random.choice([c for c in "0123456789X" if c != check])
    if random.random() < 0.03 and valid:
        return body[:6] + body[8:14] + body[14:17]  # legacy 15-digit form
    return body + check


def mobile(valid=True):
    if valid:
        m = random.choice(MOBILE_PREFIXES) + digits(8)
    else:
        m = random.choice(["154", "120", "127", "100"]) + digits(8)
    if random.random() < 0.1:
        return f"{m[:3]}-{m[3:7]}-{m[7:]}"
    return m


def card(valid=True):
    length = random.choice([16, 19, 19, 19])
    body = random.choice(BINS)
    body += digits(length - 1 - len(body))
    check = luhn.calc_check_digit(body)
    if not valid:
        check = str((int(check) + random.randint(1, 9)) % 10)
    c = body + check
    if random.random() < 0.15:
        c = " ".join(c[i:i + 4] for i in range(0, len(c), 4))
    return c


def credit_code(valid=True):
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = random.choice(["91", "92", "93", "12", "52"]) + random.choice(REGIONS)
    body += "".join(random.choice(alphabet) for _ in range(9))
    check = uscc.calc_check_digit(body)
    if not valid:
        check = random.choice([c for c in alphabet if c != check])
    return body + check


def email():
    local = "".join(random.choice(string.ascii_lowercase) for _ in range(random.randint(3, 10)))
    if random.random() < 0.3:
        local += "." + "".join(random.choice(string.ascii_lowercase) for _ in range(3))
    if random.random() < 0.3:
        local += digits(random.randint(2, 4))
    return f"{local}@{random.choice(DOMAINS)}"


def fake_email():
    return random.choice(["admin@localhost", "user at example.com", "a@b", "x@@y.com", "foo@bar"])


def person_name():
    return random.choice(SURNAMES) + "".join(random.choice(GIVEN) for _ in range(random.randint(1, 2)))


def address():
    p = random.choice(PROVINCES)
    return f"{p}{random.choice(DISTRICTS)}{random.choice(STREETS)}{random.randint(1, 300)}号"


def noise():
    """Look-alikes: order numbers, timestamps, amounts, digit runs."""
    kind = random.randint(0, 5)
    if kind == 0:
        return "订单号" + datetime.date(2023, 1, 1).strftime("%Y%m%d") + digits(random.randint(6, 12))
    if kind == 1:
        return "时间戳" + str(random.randint(1_600_000_000_000, 1_800_000_000_000))
    if kind == 2:
        return "金额" + f"{random.randint(1, 99999)}.{random.randint(0, 99):02d}"
    if kind == 3:
        return "流水号" + digits(random.choice([11, 12, 15, 16, 18, 19, 20, 24]))
    if kind == 4:
        return "编号" + random.choice(["DD", "SN", "NO"]) + digits(random.randint(10, 18))
    return "更新于" + f"2024-0{random.randint(1, 9)}-1{random.randint(0, 9)} 12:{random.randint(10, 59)}:00"


def maybe(gen_valid, gen_invalid, p_valid=0.8, p_empty=0.05):
    r = random.random()
    if r < p_empty:
        return ""
    return gen_valid() if r < p_empty + p_valid else gen_invalid()


def csv_row(with_labels=True):
    cells = [
        person_name(),
        maybe(cn_id, lambda: cn_id(False)),
        maybe(mobile, lambda: mobile(False)),
        maybe(card, lambda: card(False)),
        maybe(email, fake_email),
        maybe(credit_code, lambda: credit_code(False), 0.5),
        address(),
        noise(),
    ]
    if not with_labels:
        return ",".join(cells), None
    labels = {"name": 1, "address": 1}
    for c in cells[1:6]:
        t = label(c) if c else None
        if t:
            labels[t] = labels.get(t, 0) + 1
    # The remark's digit run is labelled too: a random run may happen to be valid.
    run = re.search(r"\d+$", cells[7])
    if run and cells[7][run.start() - 1] not in string.ascii_letters:
        t = label(run.group())
        if t:
            labels[t] = labels.get(t, 0) + 1
    return ",".join(cells), labels


def log_line(ts):
    parts = [ts.strftime("%Y-%m-%d %H:%M:%S"), random.choice(["INFO", "WARN", "DEBUG"])]
    labels = {}
    for _ in range(random.randint(1, 3)):
        kind = random.randint(0, 5)
        if kind == 0:
            tok, text = maybe(mobile, lambda: mobile(False), p_empty=0), "手机号:{}"
        elif kind == 1:
            tok, text = maybe(cn_id, lambda: cn_id(False), p_empty=0), "证件={}"
        elif kind == 2:
            tok, text = maybe(card, lambda: card(False), p_empty=0), "卡号 {} 已绑定"
        elif kind == 3:
            tok, text = email(), "发送至 {}"
        elif kind == 4:
            tok, text = maybe(credit_code, lambda: credit_code(False), p_empty=0), "企业 {}"
        else:
            tok, text = None, noise()
        if tok is None:
            parts.append(text)
            run = re.search(r"\d+$", text)
            if run and text[run.start() - 1] not in string.ascii_letters:
                t = label(run.group())
                if t:
                    labels[t] = labels.get(t, 0) + 1
            continue
        parts.append(text.format(tok))
        t = label(tok)
        if t:
            labels[t] = labels.get(t, 0) + 1
    return " ".join(parts), labels


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=20000)
    ap.add_argument("--out", default="corpus")
    ap.add_argument("--name", default="pii")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--no-labels", action="store_true", help="only the UTF-8 CSV, for benchmarks")
    args = ap.parse_args()
    random.seed(args.seed)
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    header = "姓名,身份证号,手机,银行卡号,邮箱,统一社会信用代码,地址,备注\n"
    csv_path = out / f"{args.name}.csv"
    labels = {f"{args.name}.csv": {}, f"{args.name}.gbk.csv": {}, f"{args.name}.log": {}}
    with open(csv_path, "w", encoding="utf-8", newline="\n") as f:
        f.write(header)
        for i in range(args.rows):
            row, lab = csv_row(not args.no_labels)
            f.write(row + "\n")
            if lab and not args.no_labels:
                labels[f"{args.name}.csv"][i + 2] = lab
    if args.no_labels:
        print(csv_path)
        return
    labels[f"{args.name}.gbk.csv"] = labels[f"{args.name}.csv"]
    (out / f"{args.name}.gbk.csv").write_bytes(csv_path.read_text(encoding="utf-8").encode("gb18030"))
    ts = datetime.datetime(2024, 3, 1, 8, 0, 0)
    with open(out / f"{args.name}.log", "w", encoding="utf-8", newline="\n") as f:
        for i in range(args.rows):
            ts += datetime.timedelta(seconds=random.randint(1, 30))
            line, lab = log_line(ts)
            f.write(line + "\n")
            if lab:
                labels[f"{args.name}.log"][i + 1] = lab
    (out / f"{args.name}.labels.json").write_text(json.dumps(labels), encoding="utf-8")
    print(out)


if __name__ == "__main__":
    main()
