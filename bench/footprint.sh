#!/usr/bin/env bash
# Measures simpleredis's footprint side by side with a real Redis, on this machine's loopback.
#
#   bench/footprint.sh [--keys N] [--connections N] [--starts N] [--jvm LIST] [--out DIR]
#                      [--build] [--keep]                          (bench/footprint.sh --help)
#
# 1. Memory per key: --keys string keys (16-byte keys key:%012d, 32-byte values, MSET of 100
#    pairs sent with redis-cli --pipe) loaded into simpleredis's memory engine without its log
#    and into a redis-server without persistence. simpleredis: the bytes of all objects live
#    after a full GC (jcmd GC.class_histogram, which collects first; the JVM's filler objects
#    left out) after the load minus before it, per key; heap used after a full GC (jcmd GC.run,
#    then GC.heap_info) and the process's RSS as cross-checks. Redis: INFO memory used_memory
#    after minus before, per key, and RSS. Plus the classes the keys added, per key.
# 2. Idle connections: --connections client connections (bench/footprint.py, raw sockets, each
#    PING once, then idle) to a fresh server of each: the same figures with them open minus
#    before.
# 3. Start-up: the time from launching bin/simpleredis-server (memory engine, its log on as
#    shipped, an empty data directory) to the first +PONG on its port, polled every 10 ms;
#    the median of --starts starts, interleaved with those of every other JVM setting and of
#    redis-server (appendonly yes, save "").
# Every measurement is repeated for each JVM setting of --jvm (GCs, JIT, class-data sharing),
# so that the start script's defaults can be chosen from them. JAVA_OPTS from the environment
# is passed to every simpleredis, before the setting's own options.
#
# Writes bench/results/<date>-<time>-footprint.md. Everything is bounded: server start-up 60 s, the
# load --timeout, opening the connections 300 s, each jcmd 300 s; every process it starts is
# stopped when its measurement ends and, through the EXIT trap, when the script stops.
set -euo pipefail

readonly ATOMS=(default serial parallel c1 javahome cds aot)
readonly ALL_JVMS=(default serial parallel c1 javahome cds aot cds+javahome)
readonly VALUE_SIZE=32
readonly MSET_PAIRS=100

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
me=bench/footprint.sh
# shared functions: log, die, the distribution, servers, clean-up
source "$root/bench/lib.sh"
readonly PY=/usr/bin/python3
readonly CLIENT=$root/bench/footprint.py

usage() {
  cat <<EOF
usage: $me [options]

Measures simpleredis against redis-server (both on 127.0.0.1): memory per key, the memory of
idle connections, and the time from launch to the first PONG, for several JVM settings, and
writes a Markdown report to bench/results/<date>-<time>-footprint.md.

options:
  --keys N         string keys to load (default 1000000): 16-byte keys key:%012d,
                   $VALUE_SIZE-byte values, MSET of $MSET_PAIRS pairs via redis-cli --pipe
  --connections N  idle client connections to hold open (default 10000); the open-file limit
                   (ulimit -Hn) must allow N + 64
  --starts N       start-ups per server and JVM setting (default 5); the median is reported
  --jvm LIST       comma list of JVM settings (default: $(IFS=,; echo "${ALL_JVMS[*]}"));
                   a setting is one of these or several joined by '+' (e.g. serial+cds):
                   default   the JVM's own choice (G1 on a machine of 2+ CPUs and 2+ GiB)
                   serial    -XX:+UseSerialGC
                   parallel  -XX:+UseParallelGC
                   c1        -XX:TieredStopAtLevel=1 (C1 only)
                   javahome  JAVA_HOME set to the JDK the start script finds (it then skips
                             its search); start-up only, the JVM runs as without it
                   cds       -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=... (JDK 19+)
                   aot       -XX:AOTCacheOutput=... once, then -XX:AOTCache=... (JDK 25+)
                   cds and aot need a class path without non-empty directories, so they run
                   a copy of the distribution whose conf/ has been emptied (see the report)
  --timeout S      limit for loading the keys into one server (default 900)
  --out DIR        where the Markdown file goes (default bench/results)
  --build          rebuild the distribution even if it is there ($BUILD_CMD)
  --keep           keep the temporary directory (server and GC logs, histograms)
  -h, --help       this text

environment: JAVA_OPTS is passed to every bin/simpleredis-server (e.g. JAVA_OPTS="-Xmx2g").
example: $me --keys 100000 --connections 1000 --starts 3 --jvm default,serial
EOF
}

# ---------------------------------------------------------------- options
keys=1000000
connections=10000
starts=5
opt_jvms=$(IFS=,; echo "${ALL_JVMS[*]}")
load_timeout=900
outdir=$root/bench/results
rebuild=0
keep=0
argv=("$@")

while (($#)); do
  opt=$1
  val=""
  case $opt in
    --*=*) val=${opt#*=}; opt=${opt%%=*} ;;
    --keys | --connections | --starts | --jvm | --timeout | --out)
      (($# >= 2)) || die "$opt needs a value ($me --help)"
      val=$2; shift ;;
  esac
  case $opt in
    --keys) keys=$val ;;
    --connections) connections=$val ;;
    --starts) starts=$val ;;
    --jvm) opt_jvms=$val ;;
    --timeout) load_timeout=$val ;;
    --out) outdir=$val ;;
    --build) rebuild=1 ;;
    --keep) keep=1 ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown option '$opt' ($me --help)" ;;
  esac
  shift
done

positive() { [[ $2 =~ ^[1-9][0-9]*$ ]] || die "$1: expected a positive integer, got '$2'"; }
positive --keys "$keys"
positive --connections "$connections"
positive --starts "$starts"
positive --timeout "$load_timeout"
((keys <= 1000000000000)) || die "--keys: at most 10^12 (the keys are key:%012d)"
IFS=, read -ra jvms <<<"$opt_jvms"
((${#jvms[@]})) || die "--jvm: empty list"
for v in "${jvms[@]}"; do
  IFS=+ read -ra atoms <<<"$v"
  for a in "${atoms[@]}"; do
    contains "$a" "${ATOMS[@]}" || die "--jvm: unknown setting '$a' in '$v'; known: $(IFS=,; echo "${ATOMS[*]}")"
  done
  [[ ! +$v+ =~ \+cds\+ || ! +$v+ =~ \+aot\+ ]] || die "--jvm: $v: cds and aot are two kinds of archive; pick one"
done
[[ -x $PY ]] || die "$PY is missing (the connection and start-up clients need it)"

# Both servers and the client hold one descriptor per connection.
need_fds=$((connections + 64))
hard_fds=$(ulimit -Hn)
if [[ $hard_fds != unlimited ]] && ((hard_fds < need_fds)); then
  die "the open-file limit is $hard_fds (ulimit -Hn); --connections $connections needs $need_fds"
fi
if [[ $(ulimit -Sn) != unlimited ]] && (($(ulimit -Sn) < need_fds)); then
  ulimit -Sn "$need_fds" || die "cannot raise the open-file limit to $need_fds"
fi
maxclients=$((connections + 16)) # the clients, plus redis-cli for INFO

# ---------------------------------------------------------------- tools and the distribution
ensure_redis
ensure_distribution "$rebuild"

user_opts=${JAVA_OPTS:-}
export JAVA_OPTS=$user_opts

make_workdir simpleredis-footprint
copy_distribution
std_script=$server_script

# ---------------------------------------------------------------- JVM settings
# The class path of bin/simpleredis-server starts with conf/, and class-data sharing refuses to
# archive with a non-empty directory on it ("Cannot have non-empty directory in paths"). The
# cds and aot settings therefore run a copy whose conf/ is empty: simpleredis.conf moved out
# (named by SIMPLEREDIS_CONF) and the logging settings put in a jar in lib/.
archive_script=""
archive_conf=""
make_archive_layout() {
  [[ -z $archive_script ]] || return 0
  local home=$work/$dist_name-cds
  cp -R "$work/$dist_name" "$home"
  mkdir -p "$work/cds-conf"
  archive_conf=$work/cds-conf/simpleredis.conf
  mv "$home/conf/simpleredis.conf" "$archive_conf"
  if compgen -G "$home/conf/*" >/dev/null; then
    (cd "$home/conf" && "$PY" -m zipfile -c ../lib/zz-conf.jar ./*) || die "cannot make $home/lib/zz-conf.jar"
    find "$home/conf" -mindepth 1 -delete
  fi
  archive_script=$home/bin/simpleredis-server
}

# jvm_spec <setting>: a setting is one or more of ATOMS joined by '+'. Sets
#   v_opts     JAVA_OPTS words of the setting (after the user's JAVA_OPTS)
#   v_run      the archive options of every run (cds, aot), v_train those of the one run that
#              creates the archive first
#   v_script   the start script; v_conf SIMPLEREDIS_CONF ("" for the distribution's own)
#   v_home     JAVA_HOME for the setting ("" to keep the environment's)
#   v_memory   0 when only start-up is measured (javahome: the JVM and its options are those
#              of the setting without it)
jvm_spec() {
  v_opts="" v_run="" v_train="" v_script=$std_script v_conf="" v_home="" v_memory=1
  local atom atoms file=$work/${1//+/-}
  IFS=+ read -ra atoms <<<"$1"
  for atom in "${atoms[@]}"; do
    case $atom in
      default) ;;
      serial) v_opts+=" -XX:+UseSerialGC" ;;
      parallel) v_opts+=" -XX:+UseParallelGC" ;;
      c1) v_opts+=" -XX:TieredStopAtLevel=1" ;;
      javahome) v_home=$java_home; v_memory=0 ;;
      cds)
        make_archive_layout
        v_script=$archive_script v_conf=$archive_conf
        v_run="-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=$file.jsa"
        v_train=$v_run ;;
      aot)
        make_archive_layout
        v_script=$archive_script v_conf=$archive_conf
        v_run="-XX:AOTCache=$file.aot"
        v_train="-XX:AOTCacheOutput=$file.aot" ;;
    esac
  done
}

# The environment of one simpleredis of setting $1 (for `env`), in venv; its training run's with $2=train.
jvm_env() {
  jvm_spec "$1"
  local archive=$v_run words
  [[ ${2:-} != train ]] || archive=$v_train
  read -ra words <<<"$user_opts $v_opts $archive"
  venv=("JAVA_OPTS=${words[*]}" "SIMPLEREDIS_CONF=$v_conf")
  [[ -z $v_home ]] || venv+=("JAVA_HOME=$v_home")
}

# ---------------------------------------------------------------- measurements
# jvm_measure <pid> <prefix>: a full GC, heap used, a class histogram (another full GC) and RSS.
# Sets m_used (heap used after the full GC), m_live (bytes of the histogram's objects, the JVM's
# fillers left out), m_rss, all in bytes; keeps <prefix>.heap and <prefix>.histo.
jvm_measure() {
  local pid=$1 out=$2 jcmd
  jcmd=$(dirname "$(readlink "/proc/$pid/exe")")/jcmd
  timeout -k 5 300 "$jcmd" "$pid" GC.run >/dev/null || die "jcmd $pid GC.run failed"
  timeout -k 5 300 "$jcmd" "$pid" GC.heap_info >"$out.heap" || die "jcmd $pid GC.heap_info failed"
  timeout -k 5 300 "$jcmd" "$pid" GC.class_histogram >"$out.histo" || die "jcmd $pid GC.class_histogram failed"
  m_used=$(awk '!/Metaspace|class space/ && match($0, /used [0-9]+[KMG]/) {
      s = substr($0, RSTART + 5, RLENGTH - 5); u = substr(s, length(s)); n = substr(s, 1, length(s) - 1)
      total += n * (u == "K" ? 1024 : u == "M" ? 1048576 : 1073741824) }
    END { print total + 0 }' "$out.heap")
  m_live=$(awk '$1 == "Total" { t = $3 } $1 ~ /^[0-9]+:$/ && $4 ~ /jdk\.internal\.vm\.Filler/ { f += $3 } END { print t - f }' "$out.histo")
  m_rss=$(rss_bytes "$pid")
}

info_field() { # port field: a field of INFO
  cli "$1" INFO | awk -F: -v f="$2" '{ sub(/\r$/, "") } $1 == f { print $2 }'
}

# redis_measure <port> <pid>: sets m_used (used_memory once two readings a second apart are within
# 64 KiB, so that a rehash in progress has finished; at most 15 s) and m_rss.
redis_measure() {
  local a b i
  a=$(info_field "$1" used_memory)
  for ((i = 0; i < 15; i++)); do
    sleep 1
    b=$(info_field "$1" used_memory)
    ((a - b < 65536 && b - a < 65536)) && break
    a=$b
  done
  m_used=$b
  m_rss=$(rss_bytes "$2")
}

# The keys: MSET commands of $MSET_PAIRS pairs, made once.
load_file=$work/keys.resp
make_load_file() {
  [[ -f $load_file ]] && return 0
  log "$me: writing $keys MSET pairs to $load_file"
  awk -v n="$keys" -v per="$MSET_PAIRS" -v size="$VALUE_SIZE" 'BEGIN {
    v = ""; for (i = 0; i < size; i++) v = v "x"
    for (i = 0; i < n; i += per) {
      m = (n - i < per) ? n - i : per
      printf "*%d\r\n$4\r\nMSET\r\n", 1 + 2 * m
      for (j = i; j < i + m; j++) {
        k = sprintf("key:%012d", j)
        printf "$%d\r\n%s\r\n$%d\r\n%s\r\n", length(k), k, size, v
      }
    }
  }' >"$load_file"
}

# load_keys <port>: 0 with load_s (seconds) once DBSIZE is $keys; else 1 with load_error.
load_keys() {
  local t0=$SECONDS size
  make_load_file
  pipe_resp "$1" "$load_file" "$load_timeout" || { load_error=$pipe_error; return 1; }
  load_s=$((SECONDS - t0))
  size=$(cli "$1" DBSIZE)
  [[ $size == "$keys" ]] || { load_error="DBSIZE is '$size' after the load, expected $keys"; return 1; }
}

# hold_connections <port> <tag>: opens $connections idle connections in the background (hold_pid);
# 0 once all answered PING, else 1 with hold_error.
hold_connections() {
  local ready=$work/$2.ready deadline=$((SECONDS + 330)) state=""
  : >"$ready"
  "$PY" "$CLIENT" hold --port "$1" --count "$connections" --ready "$ready" --hold 900 --open-timeout 300 \
    >"$work/$2.client.log" 2>&1 &
  hold_pid=$!
  pids+=("$hold_pid")
  while ((SECONDS < deadline)); do
    state=$(head -n 1 "$ready")
    [[ -z $state ]] || break
    kill -0 "$hold_pid" 2>/dev/null || break
    sleep 0.5
  done
  [[ $state == "ready $connections" ]] && return 0
  hold_error=${state:-no answer from the client: $(tail -n 1 "$work/$2.client.log")}
  release_connections
  return 1
}

release_connections() {
  stop_pid "$hold_pid"
  forget_pid "$hold_pid"
}

# GC pauses in a -Xlog:gc file from line $2 on: "<count> <max ms>" of the pauses that were not
# our full GCs, and "<ms>" of the first System.gc() full pause.
gc_pauses() {
  awk -v from="$2" 'NR > from && / Pause / && /ms$/ {
      ms = sprintf("%.1f", substr($NF, 1, length($NF) - 2))
      if (/System\.gc|Heap Inspection/) { if (full == "") full = ms; next }
      n++; if (ms + 0 > max) max = ms + 0 }
    END { printf "%d %.1f %s\n", n, max, (full == "" ? "?" : full) }' "$1" 2>/dev/null || echo "? ? ?"
}

sr_args() { # dir: the settings of a measured simpleredis (memory engine, no log)
  sr=("$v_script" -Dsimpleredis.storage=memory -Dsimpleredis.aof=false -Dsimpleredis.bind=127.0.0.1
    "-Dsimpleredis.port=@PORT@" "-Dsimpleredis.dir=$1/data" -Dsimpleredis.protocol=resp2
    "-Dsimpleredis.maxclients=$maxclients" "-Xlog:gc:file=$1/gc.log")
}

rd_args() { # dir: the settings of a measured redis-server (no persistence)
  rd=(redis-server --bind 127.0.0.1 --port @PORT@ --dir "$1" --save "" --appendonly no
    --daemonize no --protected-mode yes --maxclients "$maxclients" --logfile "$1/redis.log")
}

declare -A R # results: R[<setting>.<figure>]
notes=()

server_notes() { # name log: the server's warnings and errors, counted
  local line
  # (the CDS lines that --enable-native-access causes get one note of their own)
  while IFS= read -r line; do notes+=("$1 log: $line"); done < <(grep -E '\[(WARN|ERROR)\]|\]\[(warning|error)\]|Exception' "$2" 2>/dev/null |
    grep -vE 'jdk\.module\.enable\.native\.access|Disabling optimized module handling|error has occurred while processing the shared archive' |
    sed 's/^[0-9-]* [0-9:.]* //; s/^\[[0-9.]*s\]//' | cut -c1-200 | sort | uniq -c | sort -rn | head -n 5 | sed 's/^ *//')
}

# keys_simpleredis <setting>
keys_simpleredis() {
  local v=$1 dir=$work/$1/keys pid port mark
  mkdir -p "$dir/data"
  jvm_env "$v"
  sr_args "$dir"
  log "[$v] memory per key: starting simpleredis (${venv[0]})"
  start_server "simpleredis ($v)" "$dir/server.log" env "${venv[@]}" "${sr[@]}" ||
    { notes+=("$v: simpleredis did not start: $(tail -n 1 "$dir/server.log")"); return 0; }
  pid=$started_pid port=$started_port
  cli "$port" PING >/dev/null
  jvm_measure "$pid" "$dir/before"
  local live0=$m_live used0=$m_used rss0=$m_rss
  mark=$(wc -l <"$dir/gc.log")
  log "[$v] loading $keys keys"
  if load_keys "$port"; then
    R[$v.load_s]=$load_s
    R[$v.gc_load]=$(gc_pauses "$dir/gc.log" "$mark")
    mark=$(wc -l <"$dir/gc.log")
    jvm_measure "$pid" "$dir/after"
    R[$v.key_live]=$((m_live - live0)) R[$v.key_used]=$((m_used - used0)) R[$v.key_rss]=$((m_rss - rss0))
    R[$v.gc_full]=$(gc_pauses "$dir/gc.log" "$mark" | awk '{ print $3 }')
    R[$v.heap_after]=$m_used
    log "[$v] $(awk -v l="${R[$v.key_live]}" -v n="$keys" 'BEGIN { printf "%.1f", l / n }') bytes per key live"
  else
    notes+=("$v: loading the keys into simpleredis failed: $load_error")
  fi
  stop_pid "$pid"; forget_pid "$pid"
  server_notes "simpleredis ($v)" "$dir/server.log"
}

# connections_simpleredis <setting>
connections_simpleredis() {
  local v=$1 dir=$work/$1/conn pid port
  mkdir -p "$dir/data"
  jvm_env "$v"
  sr_args "$dir"
  log "[$v] idle connections: starting simpleredis"
  start_server "simpleredis ($v)" "$dir/server.log" env "${venv[@]}" "${sr[@]}" ||
    { notes+=("$v: simpleredis did not start: $(tail -n 1 "$dir/server.log")"); return 0; }
  pid=$started_pid port=$started_port
  cli "$port" PING >/dev/null
  jvm_measure "$pid" "$dir/before"
  local live0=$m_live used0=$m_used rss0=$m_rss
  log "[$v] opening $connections connections"
  if hold_connections "$port" "$v.conn"; then
    R[$v.conn_clients]=$(info_field "$port" connected_clients)
    jvm_measure "$pid" "$dir/after"
    R[$v.conn_live]=$((m_live - live0)) R[$v.conn_used]=$((m_used - used0)) R[$v.conn_rss]=$((m_rss - rss0))
    release_connections
    log "[$v] $(awk -v l="${R[$v.conn_live]}" 'BEGIN { printf "%.1f", l / 1048576 }') MiB live for $connections connections"
  else
    notes+=("$v: the connections to simpleredis failed: $hold_error")
  fi
  stop_pid "$pid"; forget_pid "$pid"
  server_notes "simpleredis ($v)" "$dir/server.log"
}

redis_memory() {
  local dir=$work/redis/keys pid port
  mkdir -p "$dir"
  rd_args "$dir"
  log "[redis] memory per key"
  start_server redis-server "$dir/out.log" "${rd[@]}" || die "redis-server did not start: $(tail -n 3 "$dir/redis.log" "$dir/out.log" 2>/dev/null | tr '\n' ' ')"
  pid=$started_pid port=$started_port
  redis_measure "$port" "$pid"
  local used0=$m_used rss0=$m_rss
  if load_keys "$port"; then
    R[redis.load_s]=$load_s
    redis_measure "$port" "$pid"
    R[redis.key_used]=$((m_used - used0)) R[redis.key_rss]=$((m_rss - rss0))
  else
    notes+=("loading the keys into Redis failed: $load_error")
  fi
  stop_pid "$pid"; forget_pid "$pid"

  dir=$work/redis/conn
  mkdir -p "$dir"
  rd_args "$dir"
  log "[redis] idle connections"
  start_server redis-server "$dir/out.log" "${rd[@]}" || die "redis-server did not start: $(tail -n 3 "$dir/redis.log" "$dir/out.log" 2>/dev/null | tr '\n' ' ')"
  pid=$started_pid port=$started_port
  redis_measure "$port" "$pid"
  used0=$m_used rss0=$m_rss
  if hold_connections "$port" redis.conn; then
    R[redis.conn_clients]=$(info_field "$port" connected_clients)
    redis_measure "$port" "$pid"
    R[redis.conn_used]=$((m_used - used0)) R[redis.conn_rss]=$((m_rss - rss0))
    release_connections
  else
    notes+=("the connections to Redis failed: $hold_error")
  fi
  stop_pid "$pid"; forget_pid "$pid"
  server_notes redis-server "$dir/redis.log"
}

# time_start <tag> <log> <command with @PORT@ and @DIR@...>: one start-up; sets start_ms (launch
# to the first PONG) and start_cpu (the CPU ms the process had used by then), or "" for both (the
# reason appended to the log). A taken port gets two more tries.
time_start() {
  local tag=$1 logfile=$2 attempt port dir a rc args out=$work/starts/$1.out
  shift 2
  start_ms="" start_cpu=""
  for attempt in 1 2 3; do
    port=$(free_port)
    dir=$work/starts/$tag.$attempt
    mkdir -p "$dir"
    args=()
    for a in "$@"; do a=${a//@PORT@/$port}; args+=("${a//@DIR@/$dir}"); done
    rc=0
    # shellcheck disable=SC2094 # the client and the server it starts both append to the log
    "$PY" "$CLIENT" startup --port "$port" --log "$dir.log" --timeout 60 --stop-timeout 120 -- "${args[@]}" \
      >"$out" 2>>"$dir.log" &
    local spid=$!
    pids+=("$spid")
    wait "$spid" || rc=$?
    forget_pid "$spid"
    if ((rc == 2)); then
      echo "$me: port $port was taken; trying another" >>"$logfile"
    else
      cat "$dir.log" >>"$logfile"
    fi
    rm -rf "$dir" "$dir.log"
    if ((rc == 0)); then
      read -r start_ms start_cpu <"$out" || true
      [[ $start_ms =~ ^[0-9]+$ && $start_cpu =~ ^[0-9]+$ ]] || start_ms="" start_cpu=""
      return 0
    fi
    ((rc == 2)) || break
  done
  return 0
}

sr_start_cmd() { # the command of a timed simpleredis start: setting $1, training when $2=train
  jvm_env "$1" "${2:-}"
  sr=(env "${venv[@]}" "$v_script" -Dsimpleredis.storage=memory -Dsimpleredis.bind=127.0.0.1
    -Dsimpleredis.port=@PORT@ -Dsimpleredis.dir=@DIR@)
}

# ---------------------------------------------------------------- the run
run_date=$(date +%F)
collect_facts
mkdir -p "$outdir" "$work/starts"
busy=$(cpu_busy_pct)
java_bin="" # the java the start script runs, from the first simpleredis started
java_home=""

# The JDK the start script picks, for javahome: one start of the default setting.
jvm_env default
start_server simpleredis "$work/probe.log" env "${venv[@]}" "$std_script" -Dsimpleredis.storage=memory \
  -Dsimpleredis.aof=false -Dsimpleredis.bind=127.0.0.1 "-Dsimpleredis.port=@PORT@" "-Dsimpleredis.dir=$work/probe" ||
  die "simpleredis did not start: $(tail -n 3 "$work/probe.log")"
java_bin=$(readlink "/proc/$started_pid/exe")
java_home=$(dirname "$(dirname "$java_bin")")
describe_jvm "$started_pid"
stop_pid "$started_pid"; forget_pid "$started_pid"
java_major=$("$java_bin" -version 2>&1 | sed -n 's/^.* version "\([0-9][0-9]*\).*$/\1/p' | head -n 1)

# settings this JVM cannot run
runnable=()
for v in "${jvms[@]}"; do
  if [[ +$v+ =~ \+cds\+ ]] && ((java_major < 19)); then notes+=("$v: skipped, -XX:+AutoCreateSharedArchive needs JDK 19+ (this is $java_major)"); continue; fi
  if [[ +$v+ =~ \+aot\+ ]] && ((java_major < 25)); then notes+=("$v: skipped, -XX:AOTCacheOutput needs JDK 25+ (this is $java_major)"); continue; fi
  runnable+=("$v")
done
jvms=("${runnable[@]}")
((${#jvms[@]})) || die "no JVM setting left to measure"

# Archives first (one start each, not timed), so that every later run of the setting uses them.
for v in "${jvms[@]}"; do
  jvm_spec "$v"
  [[ -n $v_train ]] || continue
  log "[$v] creating the archive (one start and stop)"
  sr_start_cmd "$v" train
  time_start "$v.train" "$work/$v.train.log" "${sr[@]}"
  ms=$start_ms
  archive=${v_run##*=}
  if [[ -z $ms || ! -s $archive ]]; then
    notes+=("$v: creating the archive failed ($(grep -m1 -i 'error' "$work/$v.train.log" | cut -c1-200)); its runs go without it")
  else
    R[$v.archive]="$(awk -v b="$(stat -c %s "$archive")" 'BEGIN { printf "%.1f MiB", b / 1048576 }'), created in a start of $ms ms"
  fi
done

cpu0=$(cpu_totals || true)
self0=$(proc_ticks $$)
redis_memory
for v in "${jvms[@]}"; do
  jvm_spec "$v"
  ((v_memory)) || continue
  keys_simpleredis "$v"
  connections_simpleredis "$v"
done
cpu1=$(cpu_totals || true)
self1=$(proc_ticks $$)
other_memory=$(other_cpu_desc "$cpu0" "$cpu1" "$((self1 - self0))")

# Start-ups: rounds of one start of every setting and one of Redis, so that drift on the machine
# hits them alike.
log "start-up: $starts rounds of ${jvms[*]} and redis-server"
cpu0=$(cpu_totals || true)
self0=$(proc_ticks $$)
for ((r = 1; r <= starts; r++)); do
  line="start-up round $r/$starts:"
  for v in "${jvms[@]}"; do
    sr_start_cmd "$v"
    time_start "$v.$r" "$work/$v.starts.log" "${sr[@]}"
    ms=$start_ms
    R[$v.starts]="${R[$v.starts]:-} ${ms:-failed}"
    R[$v.cpu]="${R[$v.cpu]:-} ${start_cpu:-failed}"
    line+=" $v ${ms:-failed} (CPU ${start_cpu:-?})"
  done
  time_start "redis.$r" "$work/redis.starts.log" redis-server --bind 127.0.0.1 --port @PORT@ --dir @DIR@ \
    --save "" --appendonly yes --daemonize no --logfile @DIR@/redis.log
  ms=$start_ms
  R[redis.starts]="${R[redis.starts]:-} ${ms:-failed}"
  R[redis.cpu]="${R[redis.cpu]:-} ${start_cpu:-failed}"
  log "$line redis ${ms:-failed} (CPU ${start_cpu:-?})"
done
cpu1=$(cpu_totals || true)
self1=$(proc_ticks $$)
other_starts=$(other_cpu_desc "$cpu0" "$cpu1" "$((self1 - self0))")
for v in "${jvms[@]}" redis; do
  if grep -qw failed <<<"${R[$v.starts]}"; then
    notes+=("$v: some starts failed: $(grep -v '^[0-9]*$' "$work/$v.starts.log" 2>/dev/null | grep -m1 -i 'footprint.py\|error' | cut -c1-200)")
  fi
done
for v in "${jvms[@]}"; do server_notes "simpleredis ($v, start-up)" "$work/$v.starts.log"; done
if grep -qs 'Mismatched values for property jdk.module.enable.native.access' "$work"/*.starts.log "$work"/*/*/server.log; then
  notes+=("\"[error][cds] Mismatched values for property jdk.module.enable.native.access\" and \"Disabling optimized module handling\": the start script's --enable-native-access=ALL-UNNAMED differs from how the JDK's own CDS archive was made, so its archived module graph is not used, in every setting (the JVM says so only when -XX:SharedArchiveFile is given); the archive's classes still load from it")
fi
if grep -qs 'IllegalStateException: Shutdown in progress' "$work"/*.starts.log; then
  notes+=("\"IllegalStateException: Shutdown in progress\" at Main.main: the server answers PING before it registers its shutdown hook, so a SIGTERM right after the first PONG (as these start-up runs send) finds the hook not yet there")
fi

# ---------------------------------------------------------------- the report
per() { awk -v x="$1" -v n="$2" -v d="${3:-1}" 'BEGIN { if (x == "") print "-"; else printf "%.*f\n", d, x / n }'; }
mib() { awk -v x="$1" 'BEGIN { if (x == "") print "-"; else printf "%.1f\n", x / 1048576 }'; }
starts_stats() { # "ms ms ...": "median|min|max"
  awk "$AWK_MEDIAN"'{ n = 0; for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+$/) { a[++n] = $i + 0; if (n == 1 || $i + 0 < lo) lo = $i + 0; if ($i + 0 > hi) hi = $i + 0 } }
    END { if (n == 0) print "-|-|-"; else printf "%.0f|%d|%d\n", median(a, n), lo, hi }' <<<"$1"
}
setting_opts() { # setting: what it adds to JAVA_OPTS (or the environment) as the report shows it
  jvm_spec "$1"
  local s="$v_opts $v_run" words
  [[ -z $v_home ]] || s="JAVA_HOME=$v_home $s"
  read -ra words <<<"$s"
  s=${words[*]}
  s=${s//$work\//<tmp>/}
  echo "${s:-(none)}"
}
setting_gc() { # setting: "GC, max heap"
  jvm_spec "$1"
  local opts
  read -ra opts <<<"$(script_jvm_opts "$v_script") $user_opts $v_opts"
  jvm_gc_heap "$java_bin" "${opts[@]}"
  echo "$jvm_gc, $jvm_heap"
}
# histo_rows <before> <after> <n>: Markdown rows of the classes whose live bytes grew from one
# class histogram to the other, per unit (n keys or connections), largest first.
histo_rows() {
  awk -v n="$3" '
    function pretty(c) {
      if (c == "[B") return "byte[]"; if (c == "[I") return "int[]"; if (c == "[J") return "long[]"
      if (c == "[C") return "char[]"; if (c ~ /^\[L.*;$/) return substr(c, 3, length(c) - 3) "[]"
      return c }
    FNR == NR { if ($1 ~ /^[0-9]+:$/) { bi[$4] = $2; bb[$4] = $3 } next }
    $1 ~ /^[0-9]+:$/ && $4 !~ /jdk\.internal\.vm\.Filler/ {
      db = $3 - bb[$4]; di = $2 - bi[$4]; total += db
      if (db > 0) { m++; cls[m] = $4; B[m] = db; I[m] = di } }
    END {
      for (i = 2; i <= m; i++) { c = cls[i]; b = B[i]; x = I[i]
        for (j = i - 1; j >= 1 && B[j] < b; j--) { cls[j + 1] = cls[j]; B[j + 1] = B[j]; I[j + 1] = I[j] }
        cls[j + 1] = c; B[j + 1] = b; I[j + 1] = x }
      for (i = 1; i <= m && i <= 10; i++) {
        printf "| `%s` | %.2f | %.1f | %s | %.0f%% |\n", pretty(cls[i]), I[i] / n, B[i] / n, (I[i] > 0 ? sprintf("%.1f", B[i] / I[i]) : "-"), 100 * B[i] / total
        shown += B[i] }
      if (total - shown != 0) printf "| everything else | | %.1f | | %.0f%% |\n", (total - shown) / n, 100 * (total - shown) / total
      printf "| **total** | | **%.1f** | | |\n", total / n }' "$1" "$2"
}

without_javahome() { # setting: the same without its javahome atom
  local base=+$1+
  base=${base//+javahome+/+}
  base=${base#+}
  base=${base%+}
  echo "${base:-default}"
}
met() { awk -v x="$1" -v t="$2" 'BEGIN { if (x == "" || x == "-") print ""; else if (x + 0 <= t + 0) print " (met)"; else print " (**missed**)" }'; }

redis_key=$(per "${R[redis.key_used]:-}" "$keys")
conn_target=$(awk -v c="$connections" 'BEGIN { printf "%.0f", 100 * c / 10000 }') # MiB: 100 MiB per 10,000
if [[ ${other_starts%%%*} =~ ^[0-9]+$ ]] && ((${other_starts%%%*} >= 15)); then
  notes+=("other work used ${other_starts%% of*} of the CPUs during the start-ups: the start-up times are noisy (compare settings within this run, not with other runs)")
fi
if [[ $busy != '?' ]] && ((busy >= 15)); then
  notes+=("the CPUs were ${busy}% busy with other work when the run began")
fi

report=$work/report.md
{
  echo "# simpleredis footprint vs Redis: $run_date"
  echo
  echo "- date: $(date '+%Y-%m-%d %H:%M %Z'); command: \`$me${argv[*]:+ ${argv[*]}}\`"
  echo "- machine: $(nproc) CPUs${cpu_model:+ ($cpu_model)}, ${mem_gib:-?} GiB; redis-server $redis_version"
  echo "- JDK: ${jvm_desc:-?} (the JVM's own choices, before any setting below)"
  echo "- simpleredis: $dist_name (unpacked distribution, bin/simpleredis-server); commit: $commit"
  echo "- other work on the machine: ${busy}% of the CPUs just before the run (2 s sample); ${other_memory:-?} during the memory measurements; ${other_starts:-?} during the start-ups"
  echo "- keys: $keys, 16-byte keys \`key:%012d\`, $VALUE_SIZE-byte values, MSET of $MSET_PAIRS pairs via \`redis-cli --pipe\`; simpleredis \`storage=memory, aof=false, protocol=resp2\`, Redis \`appendonly no, save \"\"\`"
  echo "- connections: $connections idle clients (bench/footprint.py: raw sockets, each sends PING once and reads +PONG, then waits), to a fresh server of each"
  echo "- start-up: launch to the first +PONG (polled every 10 ms), $starts starts per setting, interleaved round by round with redis-server; simpleredis \`storage=memory\` with its log on (as shipped), Redis \`appendonly yes, save \"\"\`, each with an empty data directory"
  echo "- simpleredis memory figures: **live** = bytes of the objects a full GC keeps (\`jcmd GC.class_histogram\`, which runs a full GC first; the JVM's filler objects excluded), exact to the byte; **heap used** = \`jcmd GC.heap_info\` right after \`jcmd GC.run\` (a full GC), to the KiB, and it counts a young region or TLABs allocated since; **RSS** = VmRSS of the process. Each after minus before on the same server. Redis: \`INFO memory\` used_memory and VmRSS, after minus before."
  echo
  echo "## Summary"
  echo
  echo "Targets: memory per key ≤ 1.2 × Redis's; $connections idle connections ≤ $conn_target MiB of heap; start-up ≤ 1000 ms."
  echo
  echo "| setting | GC, max heap | bytes per key (live) | ratio to Redis | $connections connections: heap MiB (live) | RSS MiB | start-up ms: median | start-up CPU ms (median) |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|"
  for v in "${jvms[@]}"; do
    jvm_spec "$v"
    bk=$(per "${R[$v.key_live]:-}" "$keys")
    ratio=$(awk -v a="$bk" -v b="$redis_key" 'BEGIN { if (a == "-" || b == "-" || b + 0 == 0) print "-"; else printf "%.2f\n", a / b }')
    cm=$(mib "${R[$v.conn_live]:-}")
    IFS='|' read -r smed smin _ <<<"$(starts_stats "${R[$v.starts]:-}")"
    cpu=$(starts_stats "${R[$v.cpu]:-}")
    start_cells="$smed (min $smin)$(met "$smed" 1000) | ${cpu%%|*}"
    if ((v_memory)); then
      echo "| $v | $(setting_gc "$v") | $bk | $ratio$(met "$ratio" 1.2) | $cm$(met "$cm" "$conn_target") | $(mib "${R[$v.conn_rss]:-}") | $start_cells |"
    else
      echo "| $v | as $(without_javahome "$v") | | | | | $start_cells |"
    fi
  done
  IFS='|' read -r smed smin _ <<<"$(starts_stats "${R[redis.starts]:-}")"
  cpu=$(starts_stats "${R[redis.cpu]:-}")
  echo "| **Redis** | - | $redis_key | 1 | $(mib "${R[redis.conn_used]:-}") (used_memory) | $(mib "${R[redis.conn_rss]:-}") | $smed (min $smin) | ${cpu%%|*} |"
  echo
  echo "Settings (added after JAVA_OPTS=\"$user_opts\"):"
  echo
  for v in "${jvms[@]}"; do
    echo "- $v: \`$(setting_opts "$v")\`${R[$v.archive]:+; archive ${R[$v.archive]}}"
  done
  if contains cds "${jvms[@]}" || contains aot "${jvms[@]}"; then
    echo "- cds and aot ran a copy of the distribution whose conf/ is empty (simpleredis.conf named by SIMPLEREDIS_CONF, simplelogger.properties in lib/zz-conf.jar): with the distribution as it is, the JVM refuses to create the archive (\"Cannot have non-empty directory in paths\": conf/ is on the class path)."
  fi
  echo
  echo "## 1. Memory per key ($keys keys)"
  echo
  echo "| server, setting | live bytes/key | heap used bytes/key | RSS bytes/key | heap used after, MiB | load s | GC pauses during the load: count, max ms | full GC with the keys, ms |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  for v in "${jvms[@]}"; do
    jvm_spec "$v"
    ((v_memory)) || continue
    read -r pn pmax _ <<<"${R[$v.gc_load]:-- - -}"
    echo "| simpleredis, $v | $(per "${R[$v.key_live]:-}" "$keys") | $(per "${R[$v.key_used]:-}" "$keys") | $(per "${R[$v.key_rss]:-}" "$keys") | $(mib "${R[$v.heap_after]:-}") | ${R[$v.load_s]:--} | $pn, $pmax | ${R[$v.gc_full]:--} |"
  done
  echo "| Redis | $redis_key (used_memory) | | $(per "${R[redis.key_rss]:-}" "$keys") | | ${R[redis.load_s]:--} | | |"
  echo
  # what a key is made of: the classes whose live bytes grew, from the first setting measured
  for v in "${jvms[@]}"; do
    [[ -f $work/$v/keys/after.histo ]] || continue
    echo "### What a key costs in simpleredis ($v): the classes the keys added"
    echo
    echo "Live objects after the load minus before it (class histograms after a full GC), divided by $keys."
    echo
    echo "| class | instances per key | bytes per key | bytes each | share |"
    echo "|---|---:|---:|---:|---:|"
    histo_rows "$work/$v/keys/before.histo" "$work/$v/keys/after.histo" "$keys"
    echo
    echo "\`jcmd <pid> GC.class_histogram | head -15\` of the loaded server:"
    echo
    echo '```'
    head -n 15 "$work/$v/keys/after.histo"
    echo '```'
    echo
    break
  done
  echo "## 2. $connections idle connections"
  echo
  echo "| server, setting | connected_clients | live MiB | heap used MiB | RSS MiB | live bytes per connection |"
  echo "|---|---:|---:|---:|---:|---:|"
  for v in "${jvms[@]}"; do
    jvm_spec "$v"
    ((v_memory)) || continue
    echo "| simpleredis, $v | ${R[$v.conn_clients]:--} | $(mib "${R[$v.conn_live]:-}") | $(mib "${R[$v.conn_used]:-}") | $(mib "${R[$v.conn_rss]:-}") | $(per "${R[$v.conn_live]:-}" "$connections" 0) |"
  done
  echo "| Redis | ${R[redis.conn_clients]:--} | $(mib "${R[redis.conn_used]:-}") (used_memory) | | $(mib "${R[redis.conn_rss]:-}") | $(per "${R[redis.conn_used]:-}" "$connections" 0) (used_memory) |"
  echo
  echo "connected_clients counts the redis-cli that asked too."
  echo
  for v in "${jvms[@]}"; do
    [[ -f $work/$v/conn/after.histo ]] || continue
    echo "### What a connection costs in simpleredis ($v): the classes the connections added"
    echo
    echo "Live objects with the connections open minus before them, divided by $connections."
    echo
    echo "| class | instances per connection | bytes per connection | bytes each | share |"
    echo "|---|---:|---:|---:|---:|"
    histo_rows "$work/$v/conn/before.histo" "$work/$v/conn/after.histo" "$connections"
    echo
    break
  done
  echo "## 3. Start-up: launch to the first PONG"
  echo
  echo "Wall time from launch to the first PONG, and the CPU time the process had used by then (all its threads, and the \`java -version\` probes of the start script, which it waited for before it became the JVM; 10 ms ticks). CPU time hardly depends on other work on the machine; wall time does."
  echo
  echo "| server, setting | median ms | min | max | CPU ms: median | min | every start, ms (CPU ms) |"
  echo "|---|---:|---:|---:|---:|---:|---|"
  for v in "${jvms[@]}" redis; do
    IFS='|' read -r smed smin smax <<<"$(starts_stats "${R[$v.starts]:-}")"
    IFS='|' read -r cmed cmin _ <<<"$(starts_stats "${R[$v.cpu]:-}")"
    name="simpleredis, $v"
    [[ $v != redis ]] || name=redis-server
    echo "| $name | $smed | $smin | $smax | $cmed | $cmin | $(paste -d ' ' <(tr ' ' '\n' <<<"${R[$v.starts]# }") <(tr ' ' '\n' <<<"${R[$v.cpu]# }") | awk '{ printf "%s%s (%s)", sep, $1, $2; sep = ", " }') |"
  done
  if ((${#notes[@]})); then
    echo
    echo "Notes:"
    echo
    printf -- '- %s\n' "${notes[@]}" | awk '!seen[$0]++'
  fi
} >"$report"

results=$outdir/$(run_stamp)-footprint.md
cp "$report" "$results"
cat "$report"
log "$me: results in $results"
