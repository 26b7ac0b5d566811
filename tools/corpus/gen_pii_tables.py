#!/usr/bin/python3
"""Generates labelled database tables for `paicha pii db` tests, as one SQL script.

Reuses the value generators and the python-stdnum validity oracle of gen_pii_corpus.py. The
tables mix personal and business columns, NULLs, Chinese column names, a log-like table with
full ID numbers in free text, password columns stored in plaintext / unsalted MD5 / bcrypt,
a wide table, and a staff table whose text is GBK-origin (DEFAULT CHARSET=gbk on MySQL).

Writes <out>/tables.sql (for --dialect postgresql|mysql|sqlite) and <out>/truth.json:
    {table: {"rows": n, "columns": {column: {"type": t or null, "valid": n}}}}
Usage:
    /usr/bin/python3 tools/corpus/gen_pii_tables.py --dialect postgresql --rows 2000 --out DIR
"""
import argparse
import hashlib
import json
import pathlib
import random
import string
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import gen_pii_corpus as g  # noqa: E402


def sql_literal(v):
    if v is None:
        return "NULL"
    if isinstance(v, int):
        return str(v)
    return "'" + v.replace("'", "''") + "'"


def with_nulls(value, p_null):
    return None if random.random() < p_null else value


def bcrypt_like():
    alphabet = string.ascii_letters + string.digits + "./"
    return "$2b$10$" + "".join(random.choice(alphabet) for _ in range(53))


def plaintext_password():
    return random.choice(["123456", "Passw0rd!", "qwerty", "admin@2024", "Huawei12#$", "zhang1988"]) + g.digits(2)


class Table:
    def __init__(self, name, columns, gbk=False):
        self.name = name
        self.columns = columns  # [(name, sql type, truth type or None)]
        self.gbk = gbk
        self.rows = []
        self.valid = {c[0]: 0 for c in columns}

    def add(self, values, tokens=None):
        """`tokens`: for free-text columns, the value embedded in the text to label."""
        self.rows.append(values)
        for (name, _, truth), v in zip(self.columns, values):
            if v is None or truth is None or v == "":
                continue
            v = (tokens or {}).get(name, v)
            if truth in ("name", "address", "password", "ipv4"):
                self.valid[name] += 1
            elif g.label(v) == truth:
                self.valid[name] += 1


def build(rows):
    tables = []
    customers = Table("customers", [
        ("id", "INTEGER PRIMARY KEY", None), ("姓名", "VARCHAR(32)", "name"),
        ("身份证号", "VARCHAR(32)", "cn_id"), ("mobile", "VARCHAR(32)", "mobile"),
        ("card_no", "VARCHAR(32)", "bank_card"), ("email", "VARCHAR(80)", "email"),
        ("home_address", "VARCHAR(200)", "address"), ("remark", "VARCHAR(200)", None),
        ("balance", "INTEGER", None)])
    for i in range(rows):
        customers.add([i + 1, g.person_name(), g.maybe(g.cn_id, lambda: g.cn_id(False), 0.9, 0),
                       with_nulls(g.maybe(g.mobile, lambda: g.mobile(False), 0.9, 0), 0.3),
                       g.maybe(g.card, lambda: g.card(False), 0.9, 0.05),
                       g.maybe(g.email, g.fake_email, 0.9, 0), g.address(), g.noise(),
                       random.randint(0, 10 ** 6)])
    tables.append(customers)

    orders = Table("orders", [
        ("id", "INTEGER PRIMARY KEY", None), ("order_no", "VARCHAR(40)", None),
        ("amount", "INTEGER", None), ("status", "VARCHAR(16)", None), ("sku", "VARCHAR(40)", None)])
    for i in range(rows):
        orders.add([i + 1, "DD" + g.digits(14), random.randint(1, 99999),
                    random.choice(["paid", "shipped", "refunded"]), "SKU-" + g.digits(6)])
    tables.append(orders)

    accounts = Table("accounts", [
        ("id", "INTEGER PRIMARY KEY", None), ("username", "VARCHAR(40)", None),
        ("password", "VARCHAR(80)", "password")])
    members = Table("members", [
        ("id", "INTEGER PRIMARY KEY", None), ("login", "VARCHAR(40)", None),
        ("passwd", "VARCHAR(80)", "password")])
    admins = Table("admins", [
        ("id", "INTEGER PRIMARY KEY", None), ("login", "VARCHAR(40)", None),
        ("pwd", "VARCHAR(80)", "password")])
    for i in range(max(50, rows // 10)):
        user = "user" + g.digits(5)
        accounts.add([i + 1, user, plaintext_password()])
        members.add([i + 1, user, hashlib.md5(plaintext_password().encode()).hexdigest()])
        admins.add([i + 1, user, bcrypt_like()])
    tables += [accounts, members, admins]

    log = Table("access_log", [
        ("id", "INTEGER PRIMARY KEY", None), ("ts", "VARCHAR(32)", None),
        ("message", "VARCHAR(400)", "cn_id"), ("client_ip", "VARCHAR(40)", "ipv4")])
    for i in range(rows):
        ident = g.maybe(g.cn_id, lambda: g.cn_id(False), 0.9, 0)
        log.add([i + 1, f"2024-03-0{random.randint(1, 9)} 12:00:{random.randint(10, 59)}",
                 f"用户实名认证 证件={ident} 结果=通过",
                 ".".join(str(random.randint(1, 254)) for _ in range(4))], {"message": ident})
    tables.append(log)

    wide_columns = [("id", "INTEGER PRIMARY KEY", None), ("contact_phone", "VARCHAR(32)", "mobile"),
                    ("payload", "TEXT", None)]
    wide_columns += [(f"attr_{k:02d}", "VARCHAR(40)", None) for k in range(24)]
    wide = Table("wide_rows", wide_columns)
    for i in range(max(50, rows // 10)):
        wide.add([i + 1, g.mobile(), "描述" * 3000 + g.digits(6)] +
                 [random.choice(string.ascii_uppercase) + g.digits(8) for _ in range(24)])
    tables.append(wide)

    staff = Table("gbk_staff", [
        ("id", "INTEGER PRIMARY KEY", None), ("姓名", "VARCHAR(32)", "name"),
        ("证件号码", "VARCHAR(32)", "cn_id"), ("联系电话", "VARCHAR(32)", "mobile"),
        ("住址", "VARCHAR(200)", "address"), ("部门", "VARCHAR(40)", None)], gbk=True)
    for i in range(max(50, rows // 4)):
        staff.add([i + 1, g.person_name(), g.cn_id(), with_nulls(g.mobile(), 0.2), g.address(),
                   random.choice(["教务处", "财务科", "信息中心", "后勤处"])])
    tables.append(staff)
    return tables


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dialect", choices=["postgresql", "mysql", "sqlite"], default="postgresql")
    ap.add_argument("--rows", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    random.seed(args.seed)
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tables = build(args.rows)
    with open(out / "tables.sql", "w", encoding="utf-8") as f:
        if args.dialect == "sqlite":
            f.write("BEGIN;\n")
        for t in tables:
            cols = ", ".join(f"{n} {ty}" for n, ty, _ in t.columns)
            suffix = " DEFAULT CHARSET=gbk" if (t.gbk and args.dialect == "mysql") else ""
            f.write(f"CREATE TABLE {t.name} ({cols}){suffix};\n")
            names = ", ".join(n for n, _, _ in t.columns)
            for k in range(0, len(t.rows), 200):
                values = ",\n".join("(" + ", ".join(sql_literal(v) for v in row) + ")"
                                    for row in t.rows[k:k + 200])
                f.write(f"INSERT INTO {t.name} ({names}) VALUES\n{values};\n")
        if args.dialect == "sqlite":
            f.write("COMMIT;\n")
        if args.dialect == "postgresql":
            f.write("ANALYZE;\n")
    truth = {t.name: {"rows": len(t.rows),
                      "columns": {n: {"type": ty, "valid": t.valid[n]} for n, _, ty in t.columns}}
             for t in tables}
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    print(out)


if __name__ == "__main__":
    main()
