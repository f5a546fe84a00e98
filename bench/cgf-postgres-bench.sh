#!/bin/bash
# Alternated: SQLite vs PostgreSQL CGF, 1 and 50 CDRs per request, plus a pool of two CGFs on PostgreSQL.

S="$(dirname "$0")/../Cgf.Server/bin/Release/net10.0/Cgf.Server.dll"
C="$(dirname "$0")/../Cdf.Tool/bin/Release/net10.0/cdf.dll"
# A local PostgreSQL with fsync=on and synchronous_commit=on (PGHOST, PGPORT; user postgres).
PGHOST=${PGHOST:-127.0.0.1}; PGPORT=${PGPORT:-55432}
PG="Host=$PGHOST;Port=$PGPORT;Username=postgres;Database=cgfbench"
# Both providers start each round from an empty store (the SQLite file is removed, the database made anew).
fresh() { rm -f /tmp/bench_sqlite.db*; psql -h "$PGHOST" -p "$PGPORT" -U postgres -qc "drop database if exists cgfbench" -c "create database cgfbench" >/dev/null; }
start() { # name port args...
  local name=$1 port=$2; shift 2
  dotnet $S --Cgf:Listen:Port=$port --Cgf:Listen:Address=127.0.0.1 --Cgf:Peers:0=127.0.0.0/8 --Cgf:Http:Urls= --Cgf:NodeId=$name "$@" >/tmp/bench_$name.log 2>&1 &
  echo $!
}
# start() runs in a command substitution, so its servers are not this shell's children: wait by polling.
stop() { kill "$@" 2>/dev/null; for p in "$@"; do while kill -0 $p 2>/dev/null; do sleep 0.2; done; done; }
rm -f /tmp/bench_peak_*.txt
for round in 1 2 3; do
  fresh
  sp=$(start SQL 34001 --Cgf:Storage:Path=/tmp/bench_sqlite.db); sleep 3
  pp=$(start PGA 34002 --Cgf:Storage:Provider=PostgreSql "--Cgf:Storage:ConnectionString=$PG"); sleep 3
  for n in 1 50; do
    echo "round $round sqlite $n"; dotnet $C bench --cgf 127.0.0.1:34001 --server-pid $sp --raw --cdrs-per-request $n --window 512 --duration 8 --warm-up 2 2>&1 | grep -E "acknowledged|latency|CPU" | tee -a /tmp/bench_peak_sqlite_$n.txt
    echo "round $round postgres $n"; dotnet $C bench --cgf 127.0.0.1:34002 --server-pid $pp --raw --cdrs-per-request $n --window 512 --duration 8 --warm-up 2 2>&1 | grep -E "acknowledged|latency|CPU" | tee -a /tmp/bench_peak_postgres_$n.txt
  done
  stop $sp $pp
done
# The tail at 80 % of each one's median peak (offered with --rate), alternated.
fresh
sp=$(start SQL 34001 --Cgf:Storage:Path=/tmp/bench_sqlite.db); sleep 3
pp=$(start PGA 34002 --Cgf:Storage:Provider=PostgreSql "--Cgf:Storage:ConnectionString=$PG"); sleep 3
for n in 1 50; do
  for p in sqlite:34001 postgres:34002; do
    rate=$(awk '/acknowledged/ {print $3}' /tmp/bench_peak_${p%%:*}_$n.txt | sort -n | sed -n 2p | awk '{printf "%d", $1 * 0.8}')
    echo "80 % of peak ${p%%:*} $n ($rate CDRs/s offered)"
    dotnet $C bench --cgf 127.0.0.1:${p##*:} --raw --cdrs-per-request $n --window 512 --rate $rate --duration 8 --warm-up 2 2>&1 | grep -E "acknowledged|offered|latency"
  done
done
stop $sp $pp
fresh
pa=$(start PGA 34002 --Cgf:Storage:Provider=PostgreSql "--Cgf:Storage:ConnectionString=$PG"); pb=$(start PGB 34003 --Cgf:Storage:Provider=PostgreSql "--Cgf:Storage:ConnectionString=$PG"); sleep 4
for n in 1 50; do
  echo "pool $n (two CGFs, one flow each)"
  dotnet $C bench --cgf 127.0.0.1:34002 --raw --flows 1 --cdrs-per-request $n --window 512 --duration 8 --warm-up 2 > /tmp/bench_poolA_$n.txt 2>&1 &
  dotnet $C bench --cgf 127.0.0.1:34003 --raw --flows 1 --cdrs-per-request $n --window 512 --duration 8 --warm-up 2 > /tmp/bench_poolB_$n.txt 2>&1
  wait
  grep -h acknowledged /tmp/bench_poolA_$n.txt /tmp/bench_poolB_$n.txt
done
stop $pa $pb
d=$(mktemp -d) && cp -r /work/shared/bench/sqlite-ceiling/. "$d" && dotnet run -c Release --project "$d" -- 3 2>&1 | tail -5
