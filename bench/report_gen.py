#!/usr/bin/env python3
"""Fills a paicha store with one large audit run for bench/report.sh: ASSETS services and
FINDINGS findings spread over the rules of rules/*.yaml (so the report resolves titles and
remediation from the catalogue, as with real data), plus a pii-scan run with personal data.
Writes through the store's own schema: the database must have been created by paicha.
Usage: report_gen.py DB RULES_DIR ASSETS FINDINGS"""
import glob, json, random, re, sqlite3, sys

db, rules_dir, n_assets, n_findings = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rules = []
for path in sorted(glob.glob(f"{rules_dir}/*.yaml")):
    text = open(path, encoding="utf-8").read()
    for block in re.split(r"\n  - id: ", text)[1:]:
        rid = block.split("\n", 1)[0].strip()
        category = re.search(r"\n    category: (\S+)", block).group(1)
        severity = re.search(r"\n    severity: (\S+)", block).group(1)
        rules.append((rid, category, severity))
random.seed(7)
con = sqlite3.connect(db)
cur = con.cursor()
now = "2026-11-21T08:00:00Z"
params = json.dumps({"targets": ["10.0.0.0/16"], "ports": "db",
                     "extra": {"max_attempts": 5, "pace_ms": 20}})
cur.execute("INSERT INTO runs(kind, status, started_at, finished_at, tool_version, params) "
            "VALUES ('audit', 'done', ?, ?, 'bench', ?)", (now, now, params))
run = cur.lastrowid
services = [("redis", 6379, "Redis", "5.0.7"), ("mysql", 3306, "MariaDB", "10.3.39"),
            ("postgresql", 5432, "PostgreSQL", "11.22"), ("mongodb", 27017, "MongoDB", "4.0.28"),
            ("elasticsearch", 9200, "Elasticsearch", "6.8.23"), ("memcached", 11211, "memcached", "1.5.6")]
assets = []
for i in range(n_assets):
    service, port, product, version = services[i % len(services)]
    host = f"10.0.{i // 250}.{i % 250 + 1}"
    assets.append((host, port, service))
    cur.execute("INSERT INTO assets(run_id, host, port, service, product, version, tls, seen_at, "
                "checked_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)",
                (run, host, port, service, product, version, now, now))
long_remediation = "在配置文件中设置强口令并限制监听地址，然后重启服务。" * 8
for i in range(n_findings):
    rid, category, severity = rules[i % len(rules)]
    host, port, service = assets[i % len(assets)]
    evidence = f"账号 ad****{i % 100:02d}，{i % 37} 个库，{i % 900 / 10:.1f} GB"
    cur.execute("INSERT INTO findings(run_id, fingerprint, rule, category, severity, host, port, "
                "service, title, evidence, evidence_key, remediation, refs, found_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (run, f"{i:016x}", rid, category, severity, host, port, service,
                 f"{rid} 标题", evidence, str(i), long_remediation,
                 json.dumps(["GB/T 22239-2019 8.1.4.1 身份鉴别", "网络安全法(2016) 第二十一条"],
                            ensure_ascii=False), now))
cur.execute("INSERT INTO runs(kind, status, started_at, finished_at, tool_version, params) "
            "VALUES ('pii-scan', 'done', ?, ?, 'bench', '{}')", (now, now))
pii_run = cur.lastrowid
for i in range(1000):
    counts = {"cn_id": i % 50, "mobile": i % 30, "email": 0}
    cur.execute("INSERT INTO data_assets(run_id, kind, location, bytes, counts, category, "
                "sensitivity, measured_at) VALUES (?, 'file', ?, ?, ?, 'personal', ?, ?)",
                (pii_run, f"/srv/export/file{i:04d}.csv", 1000 * i, json.dumps(counts),
                 "sensitive" if i % 50 else "", now))
con.commit()
print(f"run {run}: {n_assets} assets, {n_findings} findings over {len(rules)} rules")
