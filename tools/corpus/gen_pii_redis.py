#!/usr/bin/python3
"""Generates a labelled Redis keyspace for `paicha pii db --exact` tests, as a RESP stream.

db0: --users hashes user:N (手机, 姓名, level) from --start on, more than one sample holds, a
hash user:big of 300 fields (HSCAN in pages), users:N hashes (a look-alike group that
SCAN MATCH user:* must not take) and a key without a colon (the "*" group).
db1 (few keys, all sampled): lists of 1500 mobiles (LRANGE pages), sets of 300 (SSCAN), a
sorted set of 1200 (ZRANGE pages), a stream of 1500 entries (XRANGE pages), hashes whose
prefix holds glob characters (c[1]*:N), strings with mobiles alone or in text, and keys
without a colon. About one mobile in ten is a look-alike that no carrier prefix makes valid;
names are sometimes 未知.

Writes <out>/load.resp (for `redis-cli --pipe`) and <out>/truth.json:
    {"db0": {group: {"rows": n, "counts": {type: n}}}, "db1": {...}}
rows as `pii db` counts them: one per string or hash key, one per list, set or sorted-set
member, one per stream entry. counts: the values an independent oracle (gen_pii_corpus.py)
finds valid, one per value.
Usage:
    /usr/bin/python3 tools/corpus/gen_pii_redis.py --users 3000 --start 61 --out DIR
"""
import argparse
import json
import pathlib
import random
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import gen_pii_corpus as g  # noqa: E402


class Keyspace:
    def __init__(self):
        self.out = bytearray()
        self.truth = {}
        self.db = None

    def command(self, *args):
        self.out += b"*%d\r\n" % len(args)
        for a in args:
            b = str(a).encode()
            self.out += b"$%d\r\n%s\r\n" % (len(b), b)

    def select(self, db):
        self.command("SELECT", db)
        self.db = f"db{db}"
        self.truth.setdefault(self.db, {})

    def count(self, group, rows=0, **counts):
        t = self.truth[self.db].setdefault(group, {"rows": 0, "counts": {}})
        t["rows"] += rows
        for k, n in counts.items():
            if n:
                t["counts"][k] = t["counts"].get(k, 0) + n


def mobile():
    return g.mobile(random.random() < 0.9)


def is_mobile(v):
    return 1 if g.oracle_mobile(v) else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--users", type=int, default=3000)
    ap.add_argument("--start", type=int, default=1)
    ap.add_argument("--seed", type=int, default=80)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    random.seed(a.seed)
    k = Keyspace()

    k.select(0)
    for i in range(a.start, a.start + a.users):
        m = mobile()
        name = g.person_name() if random.random() < 0.9 else "未知"
        k.command("HSET", f"user:{i}", "手机", m, "姓名", name, "level", i % 3)
        k.count("user:*", 1, mobile=is_mobile(m), name=int(name != "未知"))
    m = g.mobile(True)
    fields = [x for j in range(300) for x in (f"f{j:03d}", "x")]
    k.command("HSET", "user:big", *fields[:150], "手机", m, *fields[150:])
    k.count("user:*", 1, mobile=is_mobile(m))
    for i in range(1, 51):
        m = mobile()
        k.command("HSET", f"users:{i}", "手机", m)
        k.count("users:*", 1, mobile=is_mobile(m))
    m = g.mobile(True)
    k.command("SET", "user", m)
    k.count("*", 1, mobile=is_mobile(m))

    k.select(1)
    for i in range(1, 21):
        items = [mobile() for _ in range(1500)]
        k.command("RPUSH", f"phones:{i}", *items)
        k.count("phones:*", len(items), mobile=sum(map(is_mobile, items)))
    for i in range(1, 11):
        items = set()
        while len(items) < 300:
            items.add(mobile())
        k.command("SADD", f"tags:{i}", *sorted(items))
        k.count("tags:*", len(items), mobile=sum(map(is_mobile, items)))
    items = set()
    while len(items) < 1200:
        items.add(mobile())
    ranked = sorted(items)
    random.shuffle(ranked)  # scores in value order would put the look-alikes (1[02]…) first
    k.command("ZADD", "rank:1", *[x for j, m in enumerate(ranked) for x in (j, m)])
    k.count("rank:*", len(items), mobile=sum(map(is_mobile, items)))
    for i in range(1500):
        m = mobile()
        k.command("XADD", "events:1", "*", "mobile", m, "note", f"note-{i}")
        k.count("events:*", 1, mobile=is_mobile(m))
    for i in range(1, 6):
        m = mobile()
        k.command("HSET", f"c[1]*:{i}", "phone", m)
        k.count("c[1]*:*", 1, mobile=is_mobile(m))
    for i in range(1, 51):
        m = g.mobile(random.random() < 0.8).replace("-", "")
        value = m if i % 5 else f"联系电话：{m}，请回电"
        k.command("SET", f"contact:{i}", value)
        k.count("contact:*", 1, mobile=is_mobile(m))
    plain = (("hotline", g.mobile(True)), ("admin_phone", g.mobile(True)), ("nocolon", "n/a"))
    for key, value in plain:
        k.command("SET", key, value)
        k.count("*", 1, mobile=is_mobile(value))

    out = pathlib.Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "load.resp").write_bytes(bytes(k.out))
    truth = json.dumps(k.truth, ensure_ascii=False, indent=1)
    (out / "truth.json").write_text(truth, encoding="utf-8")


if __name__ == "__main__":
    main()
