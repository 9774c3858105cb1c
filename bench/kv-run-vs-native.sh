#!/usr/bin/env bash
# Throughput of `plover run kv.wasm --listen` against the same kv server built natively (kv-native),
# measured with redis-benchmark on loopback. The two servers take turns, ROUNDS times, so that load
# from elsewhere on the machine falls on both; the table gives each test's median requests per second.
#
# It also gives the CPU time each server process used for the whole run (user + system).
#
#   bench/kv-run-vs-native.sh [ROUNDS] [REQUESTS] [CLIENTS]     (defaults: 3 100000 50)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-3}"; requests="${2:-100000}"; clients="${3:-50}"
tests="ping,set,get,incr,mset"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$root/plover" --version >/dev/null   # build the CLI first, so its build does not count

serve() {  # serve NAME ROUND: starts the server, prints its port; its pid is in $work/pid
  local out="$work/$1.$2.out"   # one file per start: a stale announcement would name a dead port
  if [ "$1" = plover ]; then
    "$root/plover" run "$root/guests/build/kv.wasm" --listen 127.0.0.1:0 >"$out" 2>&1 &
  else
    "$root/guests/build/kv-native" --listen 127.0.0.1:0 >"$out" 2>&1 &
  fi
  echo $! >"$work/pid"
  for _ in $(seq 200); do grep -q "listening on" "$out" 2>/dev/null && break; sleep 0.05; done
  grep -o ':[0-9]*$' "$out" | tr -d :
}

for round in $(seq "$rounds"); do
  for server in kv-native plover; do
    port="$(serve "$server" "$round")"
    [ -n "$port" ] || { echo "$server did not announce its port" >&2; exit 1; }
    timeout 600 redis-benchmark -p "$port" -t "$tests" -n "$requests" -c "$clients" -q 2>&1 | tr '\r' '\n' \
      | grep "requests per second" | sed "s/^/$server|/" >>"$work/results"
    pid="$(cat "$work/pid")"
    # utime + stime (fields 14 and 15 of /proc/PID/stat, in clock ticks), after the name in parentheses.
    ticks="$(sed 's/^.*) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }')"
    echo "$server|CPU seconds: $(awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", t / hz }') x" >>"$work/results"
    kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  done
done

echo "redis-benchmark -t $tests -n $requests -c $clients; median of $rounds rounds, requests per second"
echo "(CPU seconds: what the server process used over all the tests of a round, startup included)"
awk -F'|' '
  { split($2, parts, ": "); test = parts[1]; split(parts[2], n, " "); values[$1, test] = values[$1, test] " " n[1]; seen[test] = 1; order[test] = order[test] ? order[test] : ++count }
  function median(list,   a, k, i, j, t) { k = split(list, a, " "); for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
                                            return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2 }
  END {
    printf "%-16s %12s %12s %7s\n", "test", "kv-native", "plover run", "ratio"
    for (i = 1; i <= count; i++) for (test in order) if (order[test] == i) {
      native = median(values["kv-native", test]); plover = median(values["plover", test])
      printf (test == "CPU seconds" ? "%-16s %12.2f %12.2f %7.2f\n" : "%-16s %12.0f %12.0f %7.2f\n"), test, native, plover, plover / native
    }
  }' "$work/results"
