#!/usr/bin/env bash
# Benchmarks simpleredis against a real Redis with redis-benchmark, on this machine's loopback.
#
#   bench/run.sh [--config LIST] [--cases LIST] [--rounds N] [--requests N] [--seconds S]
#                [--timeout S] [--out DIR] [--build] [--keep]        (bench/run.sh --help)
#
# For each configuration it starts one simpleredis (from the distribution, built first when
# missing) and one redis-server with matching persistence, each with its own data directory
# under a mktemp directory and its own free port on 127.0.0.1, and runs redis-benchmark against
# both, interleaved: for every case one warm-up run on each, then rounds of (simpleredis, Redis).
# It reports the median of the rounds per server and the median of the per-round ratios
# (simpleredis ops/s / Redis ops/s), and writes a Markdown table per configuration to
# bench/results/<date>-<config>.md plus one summary file for the whole run.
#
# JVM: JAVA_OPTS is passed through to bin/simpleredis-server unchanged. Unset, the JVM's
# ergonomics decide: on the benchmark machine (2 cores, 24 GiB) that is G1 with a maximum heap
# of 1/4 of RAM (6 GiB). The header of every table records the GC and maximum heap in force.
#
# Everything is bounded: server start-up waits at most 60 s, each redis-benchmark run is under
# `timeout` (--timeout, 120 s), both servers are stopped when a configuration ends and, through
# the EXIT trap, when the script stops for any reason. Only 127.0.0.1 is used.
set -euo pipefail

readonly ALL_CONFIGS=(memory-nolog memory-always memory-everysec memory-no
  mapdb-always mapdb-everysec mapdb-no h2-always h2-everysec h2-no)
readonly ALL_CASES=(set-p1 set-p16 get-p1 get-p16 ping set-c1 get-c1 lpush-rpop hset zadd)
readonly KEYSPACE=100000   # -r: random keys key:000000000000 .. key:000000099999
readonly VALUE_SIZE=32     # -d: bytes per value

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
me=bench/run.sh

usage() {
  cat <<EOF
usage: $me [options]

Benchmarks simpleredis against redis-server with redis-benchmark (both on 127.0.0.1),
interleaved round by round, and writes Markdown tables to bench/results/.

options:
  --config LIST    comma list of configurations (default: all)
                   $(IFS=,; echo "${ALL_CONFIGS[*]}")
                   memory-nolog: simpleredis aof=false vs Redis appendonly no, save ""
                   <engine>-<fsync>: simpleredis fsync=<fsync> (memory: with its log) vs
                   Redis appendonly yes, appendfsync <fsync>, save ""
  --cases LIST     comma list of cases (default: all)
                   $(IFS=,; echo "${ALL_CASES[*]}")
                   set/get: ${VALUE_SIZE}-byte values, -r $KEYSPACE; -p1/-p16: 50 clients,
                   pipeline 1/16; -c1: 1 client (latency); ping: PING_MBULK, 50 clients;
                   lpush-rpop, hset, zadd: n/a while simpleredis rejects the command
  --rounds N       rounds per case, each one simpleredis run then one Redis run (default 3)
  --requests N     redis-benchmark -n for every run (default: sized from the warm-up runs so
                   that a run takes about --seconds)
  --seconds S      target length of one run when sizing -n (default 3)
  --timeout S      limit for one redis-benchmark run (default 120)
  --out DIR        where the Markdown files go (default bench/results)
  --build          rebuild the distribution even if it is there (./mvnw -q -DskipTests install)
  --keep           keep the temporary directory (data, server logs, raw CSV)
  -h, --help       this text

environment: JAVA_OPTS is passed to bin/simpleredis-server (e.g. JAVA_OPTS="-Xmx2g -XX:+UseZGC").
example: $me --config memory-nolog --cases set-p16 --rounds 5
EOF
}

log() { printf '%s\n' "$*" >&2; }
die() { log "$me: $*"; exit 1; }

contains() { # word list...
  local w=$1; shift
  local x
  for x in "$@"; do [[ $x == "$w" ]] && return 0; done
  return 1
}

# ---------------------------------------------------------------- options
opt_configs=$(IFS=,; echo "${ALL_CONFIGS[*]}")
opt_cases=$(IFS=,; echo "${ALL_CASES[*]}")
rounds=3
requests=""
seconds=3
run_timeout=120
outdir=$root/bench/results
rebuild=0
keep=0
argv=("$@")

while (($#)); do
  opt=$1
  val=""
  case $opt in
    --*=*) val=${opt#*=}; opt=${opt%%=*} ;;
    --config | --configs | --cases | --rounds | --requests | --seconds | --timeout | --out)
      (($# >= 2)) || die "$opt needs a value ($me --help)"
      val=$2; shift ;;
  esac
  case $opt in
    --config | --configs) opt_configs=$val ;;
    --cases) opt_cases=$val ;;
    --rounds) rounds=$val ;;
    --requests) requests=$val ;;
    --seconds) seconds=$val ;;
    --timeout) run_timeout=$val ;;
    --out) outdir=$val ;;
    --build) rebuild=1 ;;
    --keep) keep=1 ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown option '$opt' ($me --help)" ;;
  esac
  shift
done

[[ $rounds =~ ^[1-9][0-9]*$ ]] || die "--rounds: expected a positive integer, got '$rounds'"
[[ -z $requests || $requests =~ ^[1-9][0-9]*$ ]] || die "--requests: expected a positive integer, got '$requests'"
[[ $seconds =~ ^[0-9]+([.][0-9]+)?$ && $seconds != 0 ]] || die "--seconds: expected a positive number, got '$seconds'"
[[ $run_timeout =~ ^[1-9][0-9]*$ ]] || die "--timeout: expected a positive integer, got '$run_timeout'"

IFS=, read -ra configs <<<"$opt_configs"
IFS=, read -ra cases <<<"$opt_cases"
((${#configs[@]})) || die "--config: empty list"
((${#cases[@]})) || die "--cases: empty list"
for c in "${configs[@]}"; do
  contains "$c" "${ALL_CONFIGS[@]}" || die "--config: unknown configuration '$c'; known: $(IFS=,; echo "${ALL_CONFIGS[*]}")"
done
for c in "${cases[@]}"; do
  contains "$c" "${ALL_CASES[@]}" || die "--cases: unknown case '$c'; known: $(IFS=,; echo "${ALL_CASES[*]}")"
done

# ---------------------------------------------------------------- tools and the distribution
have_redis() {
  command -v redis-server >/dev/null && command -v redis-cli >/dev/null && command -v redis-benchmark >/dev/null
}

ensure_redis() {
  if have_redis; then return 0; fi
  log "$me: installing redis-server and redis-tools"
  if [[ -f $root/.ci/deps ]]; then
    sh "$root/.ci/deps"
  else
    local sudo=()
    if [[ $(id -u) != 0 ]]; then
      command -v sudo >/dev/null || die "redis-server/redis-tools missing; as root: apt-get install redis-server redis-tools"
      sudo=(sudo -n)
    fi
    "${sudo[@]}" apt-get update -q
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends redis-server redis-tools
  fi
  have_redis || die "redis-server, redis-cli or redis-benchmark still missing"
}

find_server_script() { # the newest distribution/target/simpleredis-*/bin/simpleredis-server
  local best="" s
  for s in "$root"/distribution/target/simpleredis-*/bin/simpleredis-server; do
    [[ -f $s ]] || continue
    if [[ -z $best || $s -nt $best ]]; then best=$s; fi
  done
  printf '%s' "$best"
}

ensure_redis
server_script=$(find_server_script)
if ((rebuild)) || [[ -z $server_script ]]; then
  log "$me: building the distribution (./mvnw -q -DskipTests install)"
  (cd "$root" && ./mvnw -q -DskipTests install) || die "the build failed"
  server_script=$(find_server_script)
  [[ -n $server_script ]] || die "no distribution/target/simpleredis-*/bin/simpleredis-server after the build"
fi
dist_name=$(basename "$(dirname "$(dirname "$server_script")")")

export JAVA_OPTS=${JAVA_OPTS:-}

# ---------------------------------------------------------------- processes and clean-up
work=$(mktemp -d "${TMPDIR:-/tmp}/simpleredis-bench.XXXXXX")
pids=()

stop_pid() { # pid: SIGTERM, up to 20 s for a clean stop, then SIGKILL
  local pid=$1 i
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

forget_pid() {
  local keep_pids=() p
  for p in "${pids[@]}"; do [[ $p == "$1" ]] || keep_pids+=("$p"); done
  pids=("${keep_pids[@]}")
}

cleanup() {
  local p
  for p in "${pids[@]}"; do stop_pid "$p"; done
  if ((keep)); then
    log "$me: kept $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Run a copy of the distribution, so that a rebuild during the run cannot change it underfoot
# (and wait a little for one that is being rebuilt right now to be complete).
for attempt in 1 2 3 4 5 6; do
  rm -rf "${work:?}/$dist_name"
  if cp -R "$(dirname "$(dirname "$server_script")")" "$work/$dist_name" 2>/dev/null &&
    compgen -G "$work/$dist_name/lib/simpleredis-server-*.jar" >/dev/null; then
    break
  fi
  ((attempt < 6)) || die "the distribution $(dirname "$(dirname "$server_script")") is incomplete"
  log "$me: the distribution looks incomplete (being rebuilt?); trying again in 10 s"
  sleep 10
done
server_script=$work/$dist_name/bin/simpleredis-server

port_in_use() {
  if command -v ss >/dev/null; then
    [[ -n $(ss -Htan "( sport = :$1 )" 2>/dev/null) ]]
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
  fi
}

free_port() {
  local p i
  for ((i = 0; i < 500; i++)); do
    p=$((20000 + RANDOM % 30000))
    port_in_use "$p" || { echo "$p"; return 0; }
  done
  die "no free port found on 127.0.0.1"
}

cli() { # port args...: one redis-cli command, bounded
  local port=$1; shift
  timeout -k 2 10 redis-cli -h 127.0.0.1 -p "$port" "$@" 2>&1
}

wait_ready() { # pid port: 0 once PING answers PONG, 1 if the process died or 60 s passed
  local pid=$1 port=$2 deadline=$((SECONDS + 60))
  while ((SECONDS < deadline)); do
    kill -0 "$pid" 2>/dev/null || return 1
    [[ $(cli "$port" PING) == PONG ]] && return 0
    sleep 0.2
  done
  return 1
}

# Starts a server: start_server <name> <log> <args...> where the args contain @PORT@.
# Sets started_pid and started_port; on failure returns 1 (the log says why).
start_server() {
  local name=$1 logfile=$2; shift 2
  local attempt port args a
  for attempt in 1 2 3; do
    port=$(free_port)
    args=()
    for a in "$@"; do args+=("${a//@PORT@/$port}"); done
    "${args[@]}" >>"$logfile" 2>&1 &
    started_pid=$!
    pids+=("$started_pid")
    if wait_ready "$started_pid" "$port"; then
      started_port=$port
      return 0
    fi
    stop_pid "$started_pid"
    forget_pid "$started_pid"
    # a missing engine or a bad setting won't get better with another port
    grep -q 'Address already in use\|BindException\|bind:' "$logfile" || break
    log "  $name: port $port was taken, trying another ($attempt)"
  done
  return 1
}

# ---------------------------------------------------------------- cases
# case_spec <case> <fsync>: sets
#   case_args     the redis-benchmark options
#   case_base     a typical -n: the first warm-up run uses a tenth of it (with --requests, the
#                 warm-up uses at most all of it); a fifth for writes under fsync=always
#   case_probe    simpleredis commands that must work first, ';'-separated, each followed by
#                 '=>' and the pattern its reply must match (else the case is n/a)
#   case_preload  1 when the keys must exist first (GET)
case_spec() {
  local kv=(-r "$KEYSPACE" -d "$VALUE_SIZE") writes=1
  case_probe=""
  case_preload=0
  case $1 in
    set-p1) case_args=(-t set -c 50 -P 1 "${kv[@]}"); case_base=40000 ;;
    set-p16) case_args=(-t set -c 50 -P 16 "${kv[@]}"); case_base=300000 ;;
    set-c1) case_args=(-t set -c 1 -P 1 "${kv[@]}"); case_base=8000 ;;
    get-p1) case_args=(-t get -c 50 -P 1 "${kv[@]}"); case_base=40000; case_preload=1; writes=0 ;;
    get-p16) case_args=(-t get -c 50 -P 16 "${kv[@]}"); case_base=300000; case_preload=1; writes=0 ;;
    get-c1) case_args=(-t get -c 1 -P 1 "${kv[@]}"); case_base=8000; case_preload=1; writes=0 ;;
    ping) case_args=(-t ping_mbulk -c 50 -P 1); case_base=40000; writes=0 ;;
    lpush-rpop)
      case_args=(-t "lpush,rpop" -c 50 -P 1 -d "$VALUE_SIZE"); case_base=40000
      case_probe="LPUSH bench:probe:list x=>^[0-9]+\$;RPOP bench:probe:list=>^x\$" ;;
    hset)
      case_args=(-t hset -c 50 -P 1 "${kv[@]}"); case_base=40000
      case_probe="HSET bench:probe:hash f v=>^[0-9]+\$" ;;
    zadd)
      case_args=(-t zadd -c 50 -P 1 "${kv[@]}"); case_base=40000
      case_probe="ZADD bench:probe:zset 1 m=>^[0-9]+\$" ;;
  esac
  if ((writes)) && [[ $2 == always ]]; then
    case_base=$((case_base / 5))
  fi
}

# probe <port>: 0 when every probe command of the current case gets the expected reply;
# otherwise 1 with the reply in probe_reply.
probe() {
  local port=$1 item cmd pattern words
  local -a items
  [[ -n $case_probe ]] || return 0
  IFS=';' read -ra items <<<"$case_probe"
  for item in "${items[@]}"; do
    cmd=${item%%=>*}
    pattern=${item#*=>}
    read -ra words <<<"$cmd"
    probe_reply=$(cli "$port" "${words[@]}" | head -n 1)
    if ! [[ $probe_reply =~ $pattern ]]; then
      probe_reply="${words[0]}: $probe_reply"
      return 1
    fi
  done
  cli "$port" DEL bench:probe:list bench:probe:hash bench:probe:zset >/dev/null || true
  return 0
}

# The keys GET reads: key:000000000000 .. as MSET commands of 100 pairs, sent with --pipe.
preload_file=$work/preload.resp
make_preload() {
  [[ -f $preload_file ]] && return 0
  awk -v n="$KEYSPACE" -v per=100 -v size="$VALUE_SIZE" 'BEGIN {
    v = ""; for (i = 0; i < size; i++) v = v "x"
    for (i = 0; i < n; i += per) {
      m = (n - i < per) ? n - i : per
      printf "*%d\r\n$4\r\nMSET\r\n", 1 + 2 * m
      for (j = i; j < i + m; j++) {
        k = sprintf("key:%012d", j)
        printf "$%d\r\n%s\r\n$%d\r\n%s\r\n", length(k), k, size, v
      }
    }
  }' >"$preload_file"
}

preload() { # port: 0 when every key is there
  local port=$1 out last
  make_preload
  out=$(timeout -k 5 "$run_timeout" redis-cli -h 127.0.0.1 -p "$port" --pipe <"$preload_file" 2>&1) || {
    preload_error="redis-cli --pipe failed: $(tail -n 2 <<<"$out" | tr '\n' ' ')"
    return 1
  }
  if ! grep -q 'errors: 0,' <<<"$out"; then
    preload_error="redis-cli --pipe: $(grep 'errors:' <<<"$out" || tail -n 1 <<<"$out")"
    return 1
  fi
  last=$(printf 'key:%012d' $((KEYSPACE - 1)))
  if [[ $(cli "$port" GET "$last") != "$(printf '%*s' "$VALUE_SIZE" '' | tr ' ' x)" ]]; then
    preload_error="GET $last after the preload did not return the value"
    return 1
  fi
}

# bench <port> <n> <tag>: one redis-benchmark run; its rows "TEST rps p50 p99" in $work/<tag>.rows.
# Returns 1 when it failed (stderr in $work/<tag>.err).
bench() {
  local port=$1 n=$2 tag=$3 rc=0
  # in the background and waited for, so that a SIGTERM to this script is handled at once
  timeout -k 5 "$run_timeout" redis-benchmark -h 127.0.0.1 -p "$port" -n "$n" --csv "${case_args[@]}" \
    >"$work/$tag.csv" 2>"$work/$tag.err" &
  local bench_pid=$!
  pids+=("$bench_pid")
  wait "$bench_pid" || rc=$?
  forget_pid "$bench_pid"
  awk '{ sub(/\r$/, ""); sub(/^"/, ""); sub(/"$/, ""); split($0, f, "\",\"")
         if (f[1] == "test" || f[2] == "") next
         gsub(/ /, "_", f[1]); print f[1], f[2], f[5], f[7] }' "$work/$tag.csv" >"$work/$tag.rows"
  if ((rc == 124 || rc == 137)); then
    echo "timed out after ${run_timeout}s" >>"$work/$tag.err"
  fi
  ((rc == 0)) && [[ -s $work/$tag.rows ]]
}

first_rps() { awk 'NR == 1 { print int($2) }' "$1"; }

# n for ~$seconds per run from the slower server's warm-up rate, to two significant digits.
size_requests() { # rps
  awk -v rps="$1" -v s="$seconds" 'BEGIN {
    n = rps * s; if (n < 2000) n = 2000; if (n > 20000000) n = 20000000
    m = 1; while (n >= 100) { n /= 10; m *= 10 }
    printf "%d\n", int(n + 0.5) * m }'
}

# warm_up <port> <tag> <name>: runs the current case unmeasured (JIT, caches) and sets warm_rps
# (its rate) and run_n (-n for the rounds: --requests, else about $seconds at that rate). A short
# first run sizes the warm-up itself, so that a slow server is not held up by a fixed -n.
warm_up() {
  local port=$1 tag=$2 name=$3 n
  warm_rps=0
  if [[ -n $requests ]]; then
    n=$requests
    ((n <= case_base)) || n=$case_base
    run_n=$requests
  else
    n=$((case_base / 10))
    ((n >= 1000)) || n=1000
    if bench "$port" "$n" "$tag.probe"; then
      n=$(size_requests "$(first_rps "$work/$tag.probe.rows")")
    fi
  fi
  if bench "$port" "$n" "$tag.warm"; then
    warm_rps=$(first_rps "$work/$tag.warm.rows")
  else
    notes+=("$cs warm-up on $name failed: $(grep -v 'Could not fetch server CONFIG' "$work/$tag.warm.err" | head -n 2 | tr '\n' ' ')")
  fi
  [[ -n $requests ]] || run_n=$(size_requests "$warm_rps")
}

# ---------------------------------------------------------------- machine and run facts
cpu_busy_pct() { # percent of all CPUs' time not idle over 2 s, from /proc/stat; '?' without it
  local a b
  a=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6 }' /proc/stat 2>/dev/null) || { echo '?'; return; }
  sleep 2
  b=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6 }' /proc/stat 2>/dev/null) || { echo '?'; return; }
  awk -v a="$a" -v b="$b" 'BEGIN { split(a, x, " "); split(b, y, " ")
    busy = y[1] - x[1]; idle = y[2] - x[2]
    printf "%d\n", (busy + idle > 0) ? 100 * busy / (busy + idle) + 0.5 : 0 }'
}

run_date=$(date +%F)
run_stamp=$(date +%Y-%m-%d-%H%M%S)
started_at=$SECONDS
mkdir -p "$outdir"
summary=$outdir/$run_stamp-run.md

commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ $commit != unknown && -n $(git -C "$root" status --porcelain -- . ':!bench/results' 2>/dev/null) ]]; then
  commit="$commit + uncommitted changes"
fi
cpu_model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
mem_gib=$(awk '/^MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo 2>/dev/null || true)
redis_version=$(redis-server --version | sed -n 's/.* v=\([^ ]*\).*/\1/p')
bench_version=$(redis-benchmark --version 2>/dev/null | awk '{ print $2 }')
jvm_desc="" # filled from the first simpleredis JVM that starts

describe_jvm() { # pid of a running simpleredis JVM
  local java opts gc heap
  java=$(readlink "/proc/$1/exe" 2>/dev/null) || return 0
  read -ra opts <<<"$JAVA_OPTS"
  gc=$("$java" "${opts[@]}" -XX:+PrintFlagsFinal -version 2>/dev/null |
    awk '$2 ~ /^Use(Serial|Parallel|G1|Z|Shenandoah|Epsilon)GC$/ && $4 == "true" { sub(/^Use/, "", $2); print $2 }' | head -n 1)
  gc=${gc%GC}
  heap=$("$java" "${opts[@]}" -XX:+PrintFlagsFinal -version 2>/dev/null |
    awk '$2 == "MaxHeapSize" { printf "%.1f GiB", $4 / 1073741824 }')
  jvm_desc="$("$java" -version 2>&1 | sed -n 's/^.*Runtime Environment //p' | head -n 1) ($java), GC ${gc:-?}, max heap ${heap:-?}, JAVA_OPTS=\"$JAVA_OPTS\""
}

{
  echo "# simpleredis vs Redis: run of $run_stamp"
  echo
  echo "- command: \`$me${argv[*]:+ ${argv[*]}}\`"
  echo "- configurations: ${configs[*]}"
  echo "- cases: ${cases[*]}"
  echo
} >"$summary"

# CPU accounting, in clock ticks: the machine's busy and total time, and one process's own time
# plus that of its reaped children (this script's includes every redis-benchmark run).
cpu_totals() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat 2>/dev/null; }
proc_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 + $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }

# ---------------------------------------------------------------- one configuration
# awk: median(a, n) of a[1..n] (sorts a in place)
read -r -d '' AWK_MEDIAN <<'EOF' || true
function median(a, n,   i, j, t) {
  for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
  if (n == 0) return ""
  return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
EOF

# table_rows <case> <sr-samples> <redis-samples>: samples are "round TEST rps p50 p99" lines.
table_rows() {
  awk -v label="$1" "$AWK_MEDIAN"'
    FNR == 1 { srv++ }
    NF == 5 {
      t = $2; if (!(t in seen)) { seen[t] = 1; order[++nt] = t }
      k = srv SUBSEP t; c = ++cnt[k]
      rps[k, c] = $3; p50[k, c] = $4; p99[k, c] = $5; byround[srv, t, $1] = $3
    }
    function med(arr, k,   i, a) { for (i = 1; i <= cnt[k]; i++) a[i] = arr[k, i] + 0; return median(a, cnt[k]) }
    END {
      if (nt == 0) { printf "| %s | error | error | - | - | - |\n", label; exit }
      for (x = 1; x <= nt; x++) {
        t = order[x]; name = (nt > 1) ? label " (" t ")" : label
        for (s = 1; s <= 2; s++) {
          k = s SUBSEP t
          if (cnt[k] > 0) {
            r[s] = sprintf("%.0f", med(rps, k)); lat[s] = sprintf("%.3f / %.3f", med(p50, k), med(p99, k))
          } else { r[s] = "error"; lat[s] = "error" }
        }
        n = 0; split("", q)
        for (key in byround) {
          split(key, kk, SUBSEP)
          if (kk[1] == 1 && kk[2] == t && ((2, t, kk[3]) in byround) && byround[2, t, kk[3]] > 0)
            q[++n] = byround[1, t, kk[3]] / byround[2, t, kk[3]]
        }
        ratio = (n > 0) ? sprintf("%.2f", median(q, n)) : "-"
        printf "| %s | %s | %s | %s | %s | %s |\n", name, r[1], r[2], ratio, lat[1], lat[2]
      }
    }' "$2" "$3"
}

run_config() {
  local config=$1 engine fsync dir sr_pid sr_port rd_pid rd_port
  engine=${config%%-*}
  fsync=${config#*-}
  dir=$work/$config
  mkdir -p "$dir/simpleredis" "$dir/redis"
  local notes=() rows=() sizes=() sr_desc rd_desc
  local sr_args=("$server_script" "-Dsimpleredis.storage=$engine" -Dsimpleredis.bind=127.0.0.1
    "-Dsimpleredis.port=@PORT@" "-Dsimpleredis.dir=$dir/simpleredis" -Dsimpleredis.protocol=resp2)
  local rd_args=(redis-server --bind 127.0.0.1 --port @PORT@ --dir "$dir/redis" --save ""
    --daemonize no --protected-mode yes --logfile "$dir/redis.log")
  if [[ $fsync == nolog ]]; then
    sr_args+=(-Dsimpleredis.aof=false)
    rd_args+=(--appendonly no)
    sr_desc="storage=memory, aof=false"
    rd_desc="appendonly no, save \"\""
  else
    sr_desc="storage=$engine, fsync=$fsync"
    if [[ $engine == memory ]]; then
      sr_args+=(-Dsimpleredis.aof=true)
      sr_desc="storage=memory, aof=true, fsync=$fsync"
    fi
    sr_args+=("-Dsimpleredis.fsync=$fsync")
    rd_args+=(--appendonly yes --appendfsync "$fsync")
    rd_desc="appendonly yes, appendfsync $fsync, save \"\""
  fi

  log "[$config] starting simpleredis ($sr_desc) and redis-server ($rd_desc)"
  # Other work on the machine skews everything: measure how busy it is before our servers start.
  local busy
  busy=$(cpu_busy_pct)
  if [[ $busy != '?' ]] && ((busy >= 15)); then
    log "[$config] note: the CPUs were ${busy}% busy with other work before starting: expect noise"
    notes+=("the CPUs were ${busy}% busy with other work just before this configuration started: the numbers are noisier than usual")
  fi
  local section=$work/$config.md cpu0 self0 cpu1 self1 servers_ticks other_desc="?"
  cpu0=$(cpu_totals || true)
  self0=$(proc_ticks $$)
  if ! start_server simpleredis "$dir/simpleredis.log" "${sr_args[@]}"; then
    local why
    why=$(grep -m1 'ERROR\|Exception\|Error' "$dir/simpleredis.log" || tail -n 1 "$dir/simpleredis.log")
    log "[$config] skipped: simpleredis did not start: $why"
    {
      echo "## $config: skipped"
      echo
      echo "simpleredis ($sr_desc) did not start: \`$why\`"
      echo
    } >"$section"
    cat "$section"
    cat "$section" >>"$summary"
    skipped+=("$config")
    return 0
  fi
  sr_pid=$started_pid sr_port=$started_port
  [[ -n $jvm_desc ]] || describe_jvm "$sr_pid"
  if ! start_server redis-server "$dir/redis.out" "${rd_args[@]}"; then
    stop_pid "$sr_pid"; forget_pid "$sr_pid"
    die "[$config] redis-server did not start: $(tail -n 3 "$dir/redis.log" "$dir/redis.out" 2>/dev/null | tr '\n' ' ')"
  fi
  rd_pid=$started_pid rd_port=$started_port
  log "[$config] simpleredis on 127.0.0.1:$sr_port (pid $sr_pid), redis-server on 127.0.0.1:$rd_port (pid $rd_pid)"

  # One pipelined run of PING, SET and GET on each before any case, so that the JVM's JIT has
  # compiled the hot paths (not counted; Redis gets the same for symmetry).
  local warm_all=200000
  [[ $fsync == always ]] && warm_all=50000
  case_args=(-t "ping_mbulk,set,get" -c 50 -P 16 -r "$KEYSPACE" -d "$VALUE_SIZE")
  log "[$config] JIT warm-up: PING_MBULK, SET, GET with -n $warm_all -P 16 on both"
  bench "$sr_port" "$warm_all" "$config.jit.simpleredis" || notes+=("JIT warm-up on simpleredis failed: $(grep -v 'Could not fetch server CONFIG' "$work/$config.jit.simpleredis.err" | head -n 2 | tr '\n' ' ')")
  bench "$rd_port" "$warm_all" "$config.jit.redis" || notes+=("JIT warm-up on Redis failed: $(grep -v 'Could not fetch server CONFIG' "$work/$config.jit.redis.err" | head -n 2 | tr '\n' ' ')")

  local preloaded=0 died=0 cs n n_sr n_rd r srv port pid tag sr_rps rd_rps line
  for cs in "${cases[@]}"; do
    case_spec "$cs" "$fsync"
    if ! probe "$sr_port"; then
      log "[$config] $cs: n/a (simpleredis: $probe_reply)"
      rows+=("| $cs | n/a | not run | n/a | n/a | not run |")
      notes+=("$cs: n/a, simpleredis replied to the probe $probe_reply")
      continue
    fi
    if ((case_preload && !preloaded)); then
      log "[$config] preloading $KEYSPACE keys into both servers"
      for port in "$sr_port" "$rd_port"; do
        if ! preload "$port"; then
          notes+=("preload into port $port: $preload_error")
          log "[$config] preload failed: $preload_error"
        fi
      done
      preloaded=1
    fi
    : >"$work/$config.$cs.simpleredis"
    : >"$work/$config.$cs.redis"
    # warm-up (JIT, caches) on both; it also sizes each server's -n unless --requests is given
    warm_up "$sr_port" "$config.$cs.simpleredis" simpleredis
    sr_rps=$warm_rps n_sr=$run_n
    warm_up "$rd_port" "$config.$cs.redis" Redis
    rd_rps=$warm_rps n_rd=$run_n
    sizes+=("$cs $n_sr/$n_rd")
    log "[$config] $cs: warm-up: simpleredis ${sr_rps} ops/s, Redis ${rd_rps} ops/s; rounds with -n $n_sr / $n_rd"
    for ((r = 1; r <= rounds; r++)); do
      line="[$config] $cs round $r/$rounds:"
      for srv in simpleredis redis; do
        if [[ $srv == simpleredis ]]; then port=$sr_port pid=$sr_pid n=$n_sr; else port=$rd_port pid=$rd_pid n=$n_rd; fi
        tag=$config.$cs.$r.$srv
        if bench "$port" "$n" "$tag"; then
          awk -v r="$r" '{ print r, $0 }' "$work/$tag.rows" >>"$work/$config.$cs.$srv"
          line+=" $srv $(awk '{ printf "%s%s %.0f/s p50 %s p99 %s", sep, $1, $2, $3, $4; sep = ", " }' "$work/$tag.rows");"
        else
          line+=" $srv FAILED;"
          notes+=("$cs round $r, $srv: redis-benchmark failed: $(grep -v 'Could not fetch server CONFIG' "$work/$tag.err" | head -n 2 | tr '\n' ' ')")
        fi
        # anything redis-benchmark wrote to stderr, but for the CONFIG GET it tries first
        if grep -qv 'Could not fetch server CONFIG' "$work/$tag.err"; then
          notes+=("$cs round $r, $srv: redis-benchmark stderr: $(grep -v 'Could not fetch server CONFIG' "$work/$tag.err" | head -n 2 | tr '\n' ' ')")
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
          notes+=("$srv died during $cs round $r")
          log "[$config] $srv died; see the notes"
          died=1
          break 2
        fi
      done
      log "$line"
    done
    while IFS= read -r line; do rows+=("$line"); done < <(table_rows "$cs" "$work/$config.$cs.simpleredis" "$work/$config.$cs.redis")
    ((!died)) || break
  done

  # how much of the CPUs went to work other than these two servers and redis-benchmark
  cpu1=$(cpu_totals || true)
  self1=$(proc_ticks $$)
  servers_ticks=$(($(proc_ticks "$sr_pid") + $(proc_ticks "$rd_pid")))
  if [[ -n $cpu0 && -n $cpu1 ]]; then
    other_desc=$(awk -v a="$cpu0" -v b="$cpu1" -v ours="$((self1 - self0 + servers_ticks))" 'BEGIN {
      split(a, x, " "); split(b, y, " "); total = y[2] - x[2]; other = y[1] - x[1] - ours
      if (other < 0) other = 0
      if (total > 0) printf "%d%% of the CPUs (the benchmark itself: %d%%)", 100 * other / total + 0.5, 100 * ours / total + 0.5 }')
  fi
  if [[ ${other_desc%%%*} =~ ^[0-9]+$ ]] && ((${other_desc%%%*} >= 15)); then
    notes+=("other work used ${other_desc%% of*} of the CPUs while this configuration ran: the numbers are noisier and lower than on a quiet machine")
  fi
  stop_pid "$sr_pid"; forget_pid "$sr_pid"
  stop_pid "$rd_pid"; forget_pid "$rd_pid"
  # the server's own warnings and errors, and the log's size (memory engine)
  while IFS= read -r line; do notes+=("simpleredis log: $line"); done < <(grep -E '\[(WARN|ERROR)\]|Exception' "$dir/simpleredis.log" | cut -c1-300 | sort | uniq -c | sort -rn | head -n 10 | sed 's/^ *//')
  if grep -q 'Could not fetch server CONFIG' "$work/$config".*.simpleredis.err 2>/dev/null; then
    notes+=("redis-benchmark warned \"Could not fetch server CONFIG\" against simpleredis (no CONFIG GET); harmless")
  fi

  local sizing=" (--requests)"
  [[ -n $requests ]] || sizing=" (each sized for ~$seconds s per run from its warm-up)"
  {
    echo "## $config: simpleredis ($sr_desc) vs Redis ($rd_desc)"
    echo
    echo "- date: $(date '+%Y-%m-%d %H:%M %Z')"
    echo "- machine: $(nproc) CPUs${cpu_model:+ ($cpu_model)}, ${mem_gib:-?} GiB; JDK: ${jvm_desc:-?}; redis-server $redis_version, redis-benchmark $bench_version"
    echo "- simpleredis: $dist_name, protocol=resp2; both servers on 127.0.0.1, data under a mktemp dir"
    echo "- other work on the machine: ${busy}% of the CPUs just before the servers started (2 s sample), ${other_desc:-?} during the configuration"
    echo "- rounds: $rounds, interleaved (simpleredis, Redis) after a JIT warm-up per server and warm-up runs per case on each; ops/s and latencies are medians of the rounds, ratio = median of per-round simpleredis/Redis ops/s"
    echo "- requests per run (-n, simpleredis/Redis): $(printf '%s\n' "${sizes[@]}" | awk '{ printf "%s%s %s", sep, $1, $2; sep = ", " }')$sizing; SET/GET: -r $KEYSPACE random keys, $VALUE_SIZE-byte values; -c 50 unless -c1"
    echo "- commit: $commit"
    echo
    echo "| case | simpleredis ops/s | Redis ops/s | ratio | simpleredis p50/p99 ms | Redis p50/p99 ms |"
    echo "|---|---:|---:|---:|---:|---:|"
    printf '%s\n' "${rows[@]}"
    if ((${#notes[@]})); then
      echo
      echo "Notes:"
      printf -- '- %s\n' "${notes[@]}" | awk '!seen[$0]++'
    fi
    echo
  } >"$section"
  cp "$section" "$outdir/$run_date-$config.md"
  cat "$section" >>"$summary"
  echo
  cat "$section"
}

skipped=()
for config in "${configs[@]}"; do
  run_config "$config"
done

elapsed=$((SECONDS - started_at))
{
  echo "Total time: $((elapsed / 60)) min $((elapsed % 60)) s.${skipped[0]:+ Skipped (simpleredis did not start): ${skipped[*]}.}"
} | tee -a "$summary"
log "$me: results in $outdir ($(basename "$summary") and $run_date-<config>.md)"
