#!/bin/bash
# Alternated: SQLite vs PostgreSQL CGF, 1 and 50 CDRs per request, plus a pool of two CGFs on PostgreSQL.

S="$(dirname "$0")/../Cgf.Server/bin/Release/net10.0/Cgf.Server.dll"
C="$(dirname "$0")/../Cdf.Tool/bin/Release/net10.0/cdf.dll"
# A local PostgreSQL with fsync=on and synchronous_commit=on (PGHOST, PGPORT; user postgres).
PGHOST=${PGHOST:-127.0.0.1}; PGPORT=${PGPORT:-55432}
PG="Host=$PGHOST;Port=$PGPORT;Username=postgres;Database=cgfbench"
psql -h "$PGHOST" -p "$PGPORT" -U postgres -c "drop database if exists cgfbench" -c "create database cgfbench" >/dev/null
start() { # name port args...
  local name=$1 port=$2; shift 2
  dotnet $S --Cgf:Listen:Port=$port --Cgf:Listen:Address=127.0.0.1 --Cgf:Peers:0=127.0.0.0/8 --Cgf:Http:Urls= --Cgf:NodeId=$name "$@" >/tmp/bench_$name.log 2>&1 &
  echo $!
}
for round in 1 2 3; do
  rm -f /tmp/bench_sqlite.db*
  sp=$(start SQL 34001 --Cgf:Storage:Path=/tmp/bench_sqlite.db); sleep 3
  pp=$(start PGA 34002 --Cgf:Storage:Provider=PostgreSql "--Cgf:Storage:ConnectionString=$PG"); sleep 3
  for n in 1 50; do
    echo "round $round sqlite $n"; dotnet $C bench --cgf 127.0.0.1:34001 --server-pid $sp --raw --cdrs-per-request $n --window 512 --duration 8 --warm-up 2 2>&1 | grep -E "acknowledged|latency|CPU"
    echo "round $round postgres $n"; dotnet $C bench --cgf 127.0.0.1:34002 --server-pid $pp --raw --cdrs-per-request $n --window 512 --duration 8 --warm-up 2 2>&1 | grep -E "acknowledged|latency|CPU"
  done
  kill $sp $pp; wait $sp $pp 2>/dev/null
done
pa=$(start PGA 34002 --Cgf:Storage:Provider=PostgreSql "--Cgf:Storage:ConnectionString=$PG"); pb=$(start PGB 34003 --Cgf:Storage:Provider=PostgreSql "--Cgf:Storage:ConnectionString=$PG"); sleep 4
for n in 1 50; do
  echo "pool $n (two CGFs, one flow each)"
  dotnet $C bench --cgf 127.0.0.1:34002 --raw --flows 1 --cdrs-per-request $n --window 512 --duration 8 --warm-up 2 > /tmp/bench_poolA_$n.txt 2>&1 &
  dotnet $C bench --cgf 127.0.0.1:34003 --raw --flows 1 --cdrs-per-request $n --window 512 --duration 8 --warm-up 2 > /tmp/bench_poolB_$n.txt 2>&1
  wait
  grep -h acknowledged /tmp/bench_poolA_$n.txt /tmp/bench_poolB_$n.txt
done
kill $pa $pb
d=$(mktemp -d) && cp -r /work/shared/bench/sqlite-ceiling/. "$d" && dotnet run -c Release --project "$d" -- 3 2>&1 | tail -5
