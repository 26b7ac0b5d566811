#!/usr/bin/env bash
# Identification on real servers (scripts/testenv): every instance, on its default or
# non-default port, is named with its real service, product and version as
# tests/scenarios/identify.tsv expects. Also checks that identifying MariaDB leaves no aborted
# connect behind (those count towards the max_connect_errors host block).
# Usage: tests/integration/20_identify_testenv.sh BUILD_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:?usage: $0 BUILD_DIR}" && pwd)
: "${PAICHA_TESTENV_DIR:?run through scripts/run-tests.sh (it starts the servers)}"
instances="$PAICHA_TESTENV_DIR/instances.tsv"
work=$(mktemp -d /tmp/paicha-it-identify.XXXXXX)
trap 'rm -rf "$work"' EXIT

ports=$(tail -n +2 "$instances" | cut -f4 | paste -sd,)
"$build/paicha" --db "$work/id.db" --lang en -q discover 127.0.0.1 -p "$ports" \
  --format json -o "$work/assets.json"

python3 - "$instances" "$here/../scenarios/identify.tsv" "$work/assets.json" <<'PY'
import csv, json, sys
instances = {r["name"]: r for r in csv.DictReader(open(sys.argv[1]), delimiter="\t")}
expected = [r for r in csv.DictReader((l for l in open(sys.argv[2]) if not l.startswith("#")),
                                      delimiter="\t")]
assets = {a["port"]: a for a in json.load(open(sys.argv[3]))["assets"]}
failures = []
for exp in expected:
    inst = instances.get(exp["instance"])
    if inst is None:
        failures.append(f"{exp['instance']}: not started by the testenv"); continue
    port = int(inst["port"])
    a = assets.get(port)
    where = f"{exp['instance']} (port {port})"
    if a is None:
        failures.append(f"{where}: not found by discover"); continue
    for field in ("service", "product"):
        if a[field] != exp[field]:
            failures.append(f"{where}: {field} {a[field]!r}, want {exp[field]!r}")
    want_version = {"=": inst["version"], "-": "", "major": ""}[exp["version"]]
    if a["version"] != want_version:
        failures.append(f"{where}: version {a['version']!r}, want {want_version!r}")
    if exp["version"] == "major" and inst["version"].split(".")[0] not in a.get("info", ""):
        failures.append(f"{where}: info {a.get('info')!r} lacks major version {inst['version']}")
    want_tls = {"true": True, "false": False, "none": None}[exp["tls"]]
    if a["tls"] != want_tls:
        failures.append(f"{where}: tls {a['tls']!r}, want {want_tls!r}")
    if exp["info_contains"] and exp["info_contains"] not in a.get("info", ""):
        failures.append(f"{where}: info {a.get('info')!r} lacks {exp['info_contains']!r}")
    print(f"  {where}: {a['service']} {a['product']} {a['version'] or '-'} tls={a['tls']}")
if failures:
    print("FAIL:\n  " + "\n  ".join(failures)); sys.exit(1)
PY

# Identification must not count as an aborted connect on MariaDB (max_connect_errors blocks a
# host after enough of them): it finishes the handshake it started. Measured on the servers.
aborted() {  # port [user password]
  mariadb --protocol=tcp -h 127.0.0.1 -P "$1" -u "${2:-root}" ${3:+-p"$3"} -N -B -e \
    "SHOW GLOBAL STATUS WHERE Variable_name IN ('Aborted_connects', 'Aborted_connects_preauth')" |
    awk '{s += $2} END {print s + 0}'
}
mysql_ports=$(awk -F'\t' '$2 == "mysql" && $1 == "mariadb-anon" {print $4}' "$instances")
before=$(aborted "$mysql_ports")
"$build/paicha" --db "$work/id2.db" -q discover 127.0.0.1 -p "$mysql_ports" --format csv -o "$work/m.csv"
"$build/paicha" --db "$work/id2.db" -q discover 127.0.0.1 -p "$mysql_ports" --format csv -o "$work/m.csv"
after=$(aborted "$mysql_ports")
grep -q ",mysql,MariaDB," "$work/m.csv" || { echo "FAIL: MariaDB not identified"; exit 1; }
[[ $before -eq $after ]] ||
  { echo "FAIL: identification left $((after - before)) aborted connects on MariaDB"; exit 1; }
echo "ok: identification of $(tail -n +2 "$instances" | wc -l) real server endpoints"
