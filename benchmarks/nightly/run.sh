#!/usr/bin/env bash
# A nightly delta of 100k records (50k existing GP records renamed or moved, 50k new patients) linked into a
# store of about 1M records, by `link --store` and as a job of the running service. Prints wall times and
# records/s. Usage: benchmarks/nightly/run.sh [WORK_DIR]   (needs ~6 GB of disk and a Release build)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="${1:-/tmp/patientindex-nightly-bench}"
mkdir -p "$work" && cd "$work"
dotnet build "$repo/PatientIndex.sln" -c Release -v q -nologo >/dev/null
cli="dotnet $repo/src/PatientIndex.Cli/bin/Release/net10.0/patientindex.dll"
server="$repo/src/PatientIndex.Server/bin/Release/net10.0/PatientIndex.Server.dll"
[ -f base/gp.csv ] || $cli synth --persons 553000 --seed 11 --out base
[ -f arrivals/gp.csv ] || $cli synth --persons 60000 --seed 12 --out arrivals
if [ ! -f seeded.db ]; then
  $cli link --store seeded.db base/gp.csv base/hospital.csv base/community.csv
  # One file to copy: the write-ahead log folded into the database.
  python3 -c "import sqlite3; sqlite3.connect('seeded.db').execute('PRAGMA wal_checkpoint(TRUNCATE)')"
fi
mkdir -p delta && [ -f delta/gp.csv ] || python3 "$repo/benchmarks/nightly/make-delta.py" base/gp.csv arrivals/gp.csv 50000 50000 delta/gp.csv
records=$(($(wc -l < delta/gp.csv) - 1))

rm -f cli.db* && cp seeded.db cli.db
start=$(date +%s.%N)
$cli link --store cli.db delta/gp.csv > cli.log
cli_s=$(echo "$(date +%s.%N) - $start" | bc)
echo "link --store: $records records in ${cli_s}s ($(echo "$records / $cli_s" | bc) records/s, index load included)"

rm -f job.db* && cp seeded.db job.db
ASPNETCORE_ENVIRONMENT=Development dotnet "$server" --Storage:Sqlite:Path="$work/job.db" --Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:5090 \
  --Kestrel:Endpoints:Web:Url=http://127.0.0.1:5091 > server.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until grep -q "Candidate index built" server.log; do sleep 1; done
# The development issuer's admin client: --server-path is an admin's.
token=$(curl -s http://127.0.0.1:5091/connect/token -d grant_type=client_credentials -d client_id=admin -d client_secret=development \
  | sed -n 's/.*"access_token": *"\([^"]*\)".*/\1/p')
start=$(date +%s.%N)
$cli jobs submit --server http://127.0.0.1:5090 --token "$token" --server-path "$work/delta/gp.csv" > job.log
job_s=$(echo "$(date +%s.%N) - $start" | bc)
echo "Jobs service: $records records in ${job_s}s ($(echo "$records / $job_s" | bc) records/s, index already loaded)"
tail -n 5 job.log
