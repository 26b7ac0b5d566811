#!/usr/bin/env bash
# Audit scenarios on real servers, described as data in tests/scenarios/audit_*.tsv:
#   instance  creds  present  absent
# For each line, `paicha audit` runs against that testenv instance (with a --creds file built
# from secrets.env when `creds` names a variable prefix) and the rules in `present` must be
# reported and those in `absent` must not. Adding a case takes a line, no code.
# Usage: tests/integration/40_audit_scenarios.sh BUILD_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:?usage: $0 BUILD_DIR}" && pwd)
: "${PAICHA_TESTENV_DIR:?run through scripts/run-tests.sh (it starts the servers)}"
work=$(mktemp -d /tmp/paicha-it-audit.XXXXXX)
trap 'rm -rf "$work"' EXIT
shopt -s nullglob
files=("$here"/../scenarios/audit_*.tsv)
[[ ${#files[@]} -gt 0 ]] || { echo "no audit scenarios"; exit 1; }

python3 - "$build/paicha" "$PAICHA_TESTENV_DIR" "$work" "${files[@]}" <<'PY'
import csv, json, os, subprocess, sys
paicha, te_dir, work, files = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
instances = {r["name"]: r for r in csv.DictReader(open(f"{te_dir}/instances.tsv"), delimiter="\t")}
secrets = {}
for line in open(f"{te_dir}/secrets.env"):
    line = line.strip()
    if line and not line.startswith("#") and "=" in line:
        k, v = line.split("=", 1)
        secrets[k.removeprefix("export ").strip()] = v.strip().strip("'\"")
failures, count = [], 0
for path in files:
    rows = csv.DictReader((l for l in open(path) if l.strip() and not l.startswith("#")), delimiter="\t")
    for n, row in enumerate(rows, 1):
        count += 1
        where = f"{os.path.basename(path)}:{n} {row['instance']}"
        inst = instances.get(row["instance"])
        if inst is None:
            failures.append(f"{where}: no such testenv instance"); continue
        args = [paicha, "--db", f"{work}/s{count}.db", "--lang", "en", "-q", "audit", inst["host"],
                "-p", inst["port"], "--format", "json", "--pace", "0"]
        creds = row["creds"].strip()
        if creds and creds != "none":
            # A prefix without _USER is a password-only service (Redis legacy AUTH).
            user, pw = secrets.get(f"{creds}_USER", ""), secrets.get(f"{creds}_PASSWORD")
            if pw is None:
                failures.append(f"{where}: {creds}_PASSWORD not in secrets.env"); continue
            cf = f"{work}/creds{count}.yaml"
            fd = os.open(cf, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.write(fd, json.dumps([{"service": inst["service"], "host": inst["host"],
                                      "port": int(inst["port"]), "user": user,
                                      "password": pw}]).encode())
            os.close(fd)
            args += ["--creds", cf]
        run = subprocess.run(args, capture_output=True, text=True, timeout=300)
        if run.returncode != 0:
            failures.append(f"{where}: exit {run.returncode}: {run.stderr.strip()[-300:]}"); continue
        doc = json.loads(run.stdout)
        found = {f["rule"] for f in doc["findings"]}
        for f in doc["findings"]:  # found passwords and data are masked everywhere
            if any(v in f["evidence"] for k, v in secrets.items() if k.endswith("_PASSWORD") and v):
                failures.append(f"{where}: evidence of {f['rule']} shows a secret in clear")
        want = {r.strip() for r in row["present"].split(",") if r.strip()}
        avoid = {r.strip() for r in row["absent"].split(",") if r.strip()}
        missing, unexpected = want - found, avoid & found
        status = "ok" if not missing and not unexpected else "FAIL"
        print(f"  {status} {where}: {len(doc['findings'])} findings")
        if missing: failures.append(f"{where}: missing {sorted(missing)} (found {sorted(found)})")
        if unexpected: failures.append(f"{where}: unexpected {sorted(unexpected)}")
        for note in doc.get("notes", []):
            print(f"     note {note['endpoint']}: {note['message']}")
if failures:
    print("FAIL:\n  " + "\n  ".join(failures)); sys.exit(1)
print(f"ok: {count} audit scenarios")
PY
