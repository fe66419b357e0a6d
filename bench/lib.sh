# Shell functions shared by bench/run.sh, bench/collections.sh and bench/footprint.sh; sourced, not run.
#
# The caller sets, before sourcing:
#   root   the repository's root (absolute)
#   me     the script's name for messages (e.g. bench/run.sh)
# and, before using the functions that need them:
#   run_timeout  seconds one redis-benchmark run may take (bench)
#   seconds      target length of one run in seconds (size_requests)
#   keep         1 to keep $work at exit (cleanup)
# make_workdir sets work (a mktemp -d directory) and pids (the processes to stop at exit);
# start_server adds the servers it starts to pids, bench the redis-benchmark it runs.

log() { printf '%s\n' "$*" >&2; }
die() { log "$me: $*"; exit 1; }

contains() { # word list...
  local w=$1; shift
  local x
  for x in "$@"; do [[ $x == "$w" ]] && return 0; done
  return 1
}

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

# The build packages the reactor in place (distribution/target/simpleredis-<version>/ is the
# unpacked tree); it does not install into the local Maven repository, which other checkouts
# share. Offline first; with the network only when the offline build fails (a dependency or
# plugin not in the local repository yet). At most 30 minutes each.
readonly BUILD_CMD="./mvnw -B -q -o -DskipTests package"

build_distribution() {
  log "$me: building the distribution ($BUILD_CMD)"
  if ! (cd "$root" && timeout -k 10 1800 ./mvnw -B -q -o -DskipTests package); then
    log "$me: the offline build failed; trying with the network (./mvnw -B -q -DskipTests package)"
    (cd "$root" && timeout -k 10 1800 ./mvnw -B -q -DskipTests package) || die "the build failed"
  fi
}

# ensure_distribution <rebuild 0|1>: sets server_script (bin/simpleredis-server of the newest
# unpacked distribution, built first when there is none or when asked) and dist_name.
ensure_distribution() {
  server_script=$(find_server_script)
  if (($1)) || [[ -z $server_script ]]; then
    build_distribution
    server_script=$(find_server_script)
    [[ -n $server_script ]] || die "no distribution/target/simpleredis-*/bin/simpleredis-server after the build"
  fi
  dist_name=$(basename "$(dirname "$(dirname "$server_script")")")
}

# copy_distribution: runs a copy of the distribution under $work, so that a rebuild during the
# run cannot change it underfoot (and waits a little for one being rebuilt right now to be
# complete). Points server_script at the copy.
copy_distribution() {
  local src attempt
  src=$(dirname "$(dirname "$server_script")")
  for attempt in 1 2 3 4 5 6; do
    rm -rf "${work:?}/$dist_name"
    if cp -R "$src" "$work/$dist_name" 2>/dev/null &&
      compgen -G "$work/$dist_name/lib/simpleredis-server-*.jar" >/dev/null; then
      break
    fi
    ((attempt < 6)) || die "the distribution $src is incomplete"
    log "$me: the distribution looks incomplete (being rebuilt?); trying again in 10 s"
    sleep 10
  done
  server_script=$work/$dist_name/bin/simpleredis-server
}

# ---------------------------------------------------------------- processes and clean-up
make_workdir() { # prefix: sets work and pids, and installs the EXIT trap that cleans up
  work=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
  pids=()
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

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

# ---------------------------------------------------------------- servers on 127.0.0.1
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

# probe <port>: 0 when every command in case_probe gets the expected reply; otherwise 1 with
# "<COMMAND>: <reply>" in probe_reply. case_probe is ';'-separated items "command=>pattern",
# the pattern an ERE that the first line of the reply must match (so that e.g. "ERR unknown
# command" marks a case n/a). The probe keys bench:probe:* are deleted afterwards either way.
probe() {
  local port=$1 item cmd pattern words rc=0
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
      rc=1
      break
    fi
  done
  cli "$port" DEL bench:probe:list bench:probe:hash bench:probe:set bench:probe:zset bench:probe:str >/dev/null || true
  return "$rc"
}

# pipe_resp <port> <file> <timeout s>: sends a file of RESP commands with redis-cli --pipe;
# 0 when every reply was not an error, else 1 with the reason in pipe_error.
pipe_resp() {
  local port=$1 file=$2 limit=$3 out rc=0
  out=$(timeout -k 5 "$limit" redis-cli -h 127.0.0.1 -p "$port" --pipe --pipe-timeout "$limit" <"$file" 2>&1) || rc=$?
  if ((rc)); then
    if ((rc == 124 || rc == 137)); then
      pipe_error="redis-cli --pipe timed out after ${limit}s"
    else
      pipe_error="redis-cli --pipe failed: $(tail -n 2 <<<"$out" | tr '\n' ' ')"
    fi
    return 1
  fi
  if ! grep -q 'errors: 0,' <<<"$out"; then
    pipe_error="redis-cli --pipe: $(grep 'errors:' <<<"$out" || tail -n 1 <<<"$out"); first error: $(grep -m 1 -v '^All data transferred\|^Last reply received\|^errors:' <<<"$out" | cut -c1-200)"
    return 1
  fi
}

# ---------------------------------------------------------------- redis-benchmark
# Commands that put the servers and redis-benchmark on CPUs of their own (set_pinning), or none.
pin_server=()
pin_client=()

# set_pinning: the servers on CPU 1, redis-benchmark on CPU 0.
set_pinning() {
  command -v taskset >/dev/null || die "--pin needs taskset (Debian package util-linux)"
  (($(nproc) >= 2)) || die "--pin needs 2 CPUs, this machine has $(nproc)"
  pin_server=(taskset -c 1)
  pin_client=(taskset -c 0)
}

# bench <port> <n> <tag>: one redis-benchmark run with the options in the array case_args;
# its rows "TEST rps p50 p99" (spaces in TEST made '_') in $work/<tag>.rows. Returns 1 when it
# failed (stderr in $work/<tag>.err).
bench() {
  local port=$1 n=$2 tag=$3 rc=0
  # in the background and waited for, so that a SIGTERM to this script is handled at once
  timeout -k 5 "$run_timeout" "${pin_client[@]}" redis-benchmark -h 127.0.0.1 -p "$port" -n "$n" --csv "${case_args[@]}" \
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

# what redis-benchmark wrote to <file> on stderr, but for the CONFIG GET it tries first
bench_stderr() { grep -v 'Could not fetch server CONFIG' "$1" | head -n 2 | tr '\n' ' '; }

first_rps() { awk 'NR == 1 { print int($2) }' "$1"; }

# n for ~$seconds per run from the slower server's warm-up rate, to two significant digits.
size_requests() { # rps
  awk -v rps="$1" -v s="$seconds" 'BEGIN {
    n = rps * s; if (n < 2000) n = 2000; if (n > 20000000) n = 20000000
    m = 1; while (n >= 100) { n /= 10; m *= 10 }
    printf "%d\n", int(n + 0.5) * m }'
}

# awk: median(a, n) of a[1..n] (sorts a in place)
read -r -d '' AWK_MEDIAN <<'EOF' || true
function median(a, n,   i, j, t) {
  for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
  if (n == 0) return ""
  return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
EOF

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

# CPU accounting, in clock ticks: the machine's busy and total time, and one process's own time
# plus that of its reaped children (a script's includes every redis-benchmark run it waited for).
cpu_totals() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat 2>/dev/null; }
proc_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 + $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }

# other_cpu_desc <cpu_totals before> <cpu_totals after> <our ticks>: "N% of the CPUs (the
# benchmark itself: M%)", where N is the CPU time used by anything but "ours".
other_cpu_desc() {
  [[ -n $1 && -n $2 ]] || return 0
  awk -v a="$1" -v b="$2" -v ours="$3" 'BEGIN {
    split(a, x, " "); split(b, y, " "); total = y[2] - x[2]; other = y[1] - x[1] - ours
    if (other < 0) other = 0
    if (total > 0) printf "%d%% of the CPUs (the benchmark itself: %d%%)", 100 * other / total + 0.5, 100 * ours / total + 0.5 }'
}

# collect_facts: sets commit, cpu_model, mem_gib, redis_version, bench_version, jvm_desc ("")
collect_facts() {
  commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
  if [[ $commit != unknown && -n $(git -C "$root" status --porcelain -- . ':!bench/results' 2>/dev/null) ]]; then
    commit="$commit + uncommitted changes"
  fi
  cpu_model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
  mem_gib=$(awk '/^MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo 2>/dev/null || true)
  redis_version=$(redis-server --version | sed -n 's/.* v=\([^ ]*\).*/\1/p')
  bench_version=$(redis-benchmark --version 2>/dev/null | awk '{ print $2 }')
  jvm_desc="" # filled by describe_jvm from the first simpleredis JVM that starts
}

# jvm_gc_heap <java> [options...]: sets jvm_gc (G1, Serial, Parallel, Z, ...) and jvm_heap (the
# maximum heap, "5.9 GiB") that this java picks with these options ('?' when it cannot say).
jvm_gc_heap() {
  local java=$1 flags
  shift
  flags=$("$java" "$@" -XX:+PrintFlagsFinal -version 2>/dev/null) || true
  jvm_gc=$(awk '$2 ~ /^Use(Serial|Parallel|G1|Z|Shenandoah|Epsilon)GC$/ && $4 == "true" { sub(/^Use/, "", $2); print $2 }' <<<"$flags" | head -n 1)
  jvm_gc=${jvm_gc%GC}
  jvm_gc=${jvm_gc:-?}
  jvm_heap=$(awk '$2 == "MaxHeapSize" { printf "%.1f GiB", $4 / 1073741824 }' <<<"$flags")
  jvm_heap=${jvm_heap:-?}
}

# run_stamp: the date and time that begin a results file's name, so that no run writes over another
run_stamp() { date +%Y-%m-%d-%H%M%S; }

# script_jvm_opts <start script>: the JVM options it puts before JAVA_OPTS (its default_jvm_opts)
script_jvm_opts() { sed -n 's/^default_jvm_opts="\(.*\)"$/\1/p' "$1"; }

describe_jvm() { # pid of a running simpleredis JVM started by $server_script: sets jvm_desc
  local java opts
  java=$(readlink "/proc/$1/exe" 2>/dev/null) || return 0
  read -ra opts <<<"$(script_jvm_opts "$server_script") $JAVA_OPTS"
  jvm_gc_heap "$java" "${opts[@]}"
  jvm_desc="$("$java" -version 2>&1 | sed -n 's/^.*Runtime Environment //p' | head -n 1) ($java), GC $jvm_gc, max heap $jvm_heap, JAVA_OPTS=\"$JAVA_OPTS\""
}

rss_bytes() { # pid: its resident set size (VmRSS) in bytes; empty when it is gone
  awk '/^VmRSS:/ { print $2 * 1024 }' "/proc/$1/status" 2>/dev/null || true
}
