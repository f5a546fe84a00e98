#!/bin/bash
# Alternated: SQLite vs PostgreSQL CGF, 1 and 50 CDRs per request, plus a pool of two CGFs on PostgreSQL.
# Each run has the machine to itself: only the measured CGF is up (an idle SQLite CGF still checkpoints its WAL into
# the database file after a run), and what the last run wrote is synced first.

S="$(dirname "$0")/../Cgf.Server/bin/Release/net10.0/Cgf.Server.dll"
C="$(dirname "$0")/../Cdf.Tool/bin/Release/net10.0/cdf.dll"
# A local PostgreSQL with fsync=on and synchronous_commit=on (PGHOST, PGPORT; user postgres).
PGHOST=${PGHOST:-127.0.0.1}; PGPORT=${PGPORT:-55432}
PG="Host=$PGHOST;Port=$PGPORT;Username=postgres;Database=cgfbench"
# Both providers start each round from an empty store (the SQLite file is removed, the database made anew).
fresh() { rm -f /tmp/bench_sqlite.db*; psql -h "$PGHOST" -p "$PGPORT" -U postgres -qc "drop database if exists cgfbench" -c "create database cgfbench" >/dev/null; }
start() { # name port args...
  local name=$1 port=$2; shift 2
  dotnet $S --Cgf:Listen:Port=$port --Cgf:Listen:Address=127.0.0.1 --Cgf:Peers:0=127.0.0.0/8 --Cgf:Http:Urls= --Cgf:NodeId=$name "$@" >>/tmp/bench_$name.log 2>&1 &
  echo $!
}
# start() runs in a command substitution, so its servers are not this shell's children: wait by polling.
stop() { kill "$@" 2>/dev/null; for p in "$@"; do while kill -0 $p 2>/dev/null; do sleep 0.2; done; done; }
# What one run wrote leaves the page cache before the next starts, so its write-back is not in the next run's window.
settle() { sync; sleep 2; }
run() { # provider n [bench args...]: starts the provider's CGF on its store, runs cdf bench against it, stops it
  local provider=$1 n=$2 pid port; shift 2
  settle
  if [ "$provider" = sqlite ]; then port=34001; pid=$(start SQL $port --Cgf:Storage:Path=/tmp/bench_sqlite.db)
  else port=34002; pid=$(start PGA $port --Cgf:Storage:Provider=PostgreSql "--Cgf:Storage:ConnectionString=$PG"); fi
  sleep 3
  dotnet $C bench --cgf 127.0.0.1:$port --server-pid $pid --raw --cdrs-per-request $n --window 512 --duration 8 --warm-up 10 "$@" 2>&1 | grep -E "acknowledged|offered|latency|CPU"
  stop $pid
}
rm -f /tmp/bench_peak_*.txt /tmp/bench_SQL.log /tmp/bench_PGA.log /tmp/bench_PGB.log
for round in 1 2 3; do
  fresh
  for n in 1 50; do
    for p in sqlite postgres; do
      echo "round $round $p $n"; run $p $n | tee -a /tmp/bench_peak_${p}_$n.txt
    done
  done
done
# The tail at 80 % of each one's median peak (offered with --rate), alternated.
fresh
for n in 1 50; do
  for p in sqlite postgres; do
    rate=$(awk '/acknowledged/ {print $3}' /tmp/bench_peak_${p}_$n.txt | sort -n | sed -n 2p | awk '{printf "%d", $1 * 0.8}')
    echo "80 % of peak $p $n ($rate CDRs/s offered)"; run $p $n --rate $rate
  done
done
fresh
for n in 1 50; do
  settle; echo "pool $n (two CGFs, one flow each)"
  pa=$(start PGA 34002 --Cgf:Storage:Provider=PostgreSql "--Cgf:Storage:ConnectionString=$PG"); pb=$(start PGB 34003 --Cgf:Storage:Provider=PostgreSql "--Cgf:Storage:ConnectionString=$PG"); sleep 4
  dotnet $C bench --cgf 127.0.0.1:34002 --raw --flows 1 --cdrs-per-request $n --window 512 --duration 8 --warm-up 10 > /tmp/bench_poolA_$n.txt 2>&1 &
  dotnet $C bench --cgf 127.0.0.1:34003 --raw --flows 1 --cdrs-per-request $n --window 512 --duration 8 --warm-up 10 > /tmp/bench_poolB_$n.txt 2>&1
  wait
  stop $pa $pb
  grep -h acknowledged /tmp/bench_poolA_$n.txt /tmp/bench_poolB_$n.txt
done
d=$(mktemp -d) && cp -r /work/shared/bench/sqlite-ceiling/. "$d" && dotnet run -c Release --project "$d" -- 3 2>&1 | tail -5
