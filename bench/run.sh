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
# shared functions: log, die, the distribution, servers, redis-benchmark runs, clean-up
source "$root/bench/lib.sh"

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
  --build          rebuild the distribution even if it is there ($BUILD_CMD)
  --keep           keep the temporary directory (data, server logs, raw CSV)
  --pin            run both servers on CPU 1 and redis-benchmark on CPU 0 (taskset), so that
                   the scheduler does not move them across the two; at P=1 this takes most
                   of the run-to-run spread out of the ratios
  -h, --help       this text

environment: JAVA_OPTS is passed to bin/simpleredis-server (e.g. JAVA_OPTS="-Xmx2g -XX:+UseZGC").
example: $me --config memory-nolog --cases set-p16 --rounds 5
EOF
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
pin=0
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
    --pin) pin=1 ;;
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
if ((pin)); then
  set_pinning
fi
ensure_redis
ensure_distribution "$rebuild"

export JAVA_OPTS=${JAVA_OPTS:-}

# ---------------------------------------------------------------- processes and clean-up
make_workdir simpleredis-bench
copy_distribution

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
  local port=$1 last
  make_preload
  pipe_resp "$port" "$preload_file" "$run_timeout" || { preload_error=$pipe_error; return 1; }
  last=$(printf 'key:%012d' $((KEYSPACE - 1)))
  if [[ $(cli "$port" GET "$last") != "$(printf '%*s' "$VALUE_SIZE" '' | tr ' ' x)" ]]; then
    preload_error="GET $last after the preload did not return the value"
    return 1
  fi
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
    notes+=("$cs warm-up on $name failed: $(bench_stderr "$work/$tag.warm.err")")
  fi
  [[ -n $requests ]] || run_n=$(size_requests "$warm_rps")
}

# ---------------------------------------------------------------- run facts
run_date=$(date +%F)
stamp=$(run_stamp)
started_at=$SECONDS
mkdir -p "$outdir"
summary=$outdir/$stamp-run.md

collect_facts

{
  echo "# simpleredis vs Redis: run of $stamp"
  echo
  echo "- command: \`$me${argv[*]:+ ${argv[*]}}\`"
  echo "- configurations: ${configs[*]}"
  echo "- cases: ${cases[*]}"
  echo
} >"$summary"

# ---------------------------------------------------------------- one configuration
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
  local sr_args=("${pin_server[@]}" "$server_script" "-Dsimpleredis.storage=$engine" -Dsimpleredis.bind=127.0.0.1
    "-Dsimpleredis.port=@PORT@" "-Dsimpleredis.dir=$dir/simpleredis" -Dsimpleredis.protocol=resp2)
  local rd_args=("${pin_server[@]}" redis-server --bind 127.0.0.1 --port @PORT@ --dir "$dir/redis" --save ""
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
  bench "$sr_port" "$warm_all" "$config.jit.simpleredis" || notes+=("JIT warm-up on simpleredis failed: $(bench_stderr "$work/$config.jit.simpleredis.err")")
  bench "$rd_port" "$warm_all" "$config.jit.redis" || notes+=("JIT warm-up on Redis failed: $(bench_stderr "$work/$config.jit.redis.err")")

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
          notes+=("$cs round $r, $srv: redis-benchmark failed: $(bench_stderr "$work/$tag.err")")
        fi
        # anything redis-benchmark wrote to stderr, but for the CONFIG GET it tries first
        if grep -qv 'Could not fetch server CONFIG' "$work/$tag.err"; then
          notes+=("$cs round $r, $srv: redis-benchmark stderr: $(bench_stderr "$work/$tag.err")")
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
  other_desc=$(other_cpu_desc "$cpu0" "$cpu1" "$((self1 - self0 + servers_ticks))")
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
    ((pin)) && echo "- CPUs: both servers pinned to CPU 1, redis-benchmark to CPU 0 (taskset -c)"
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
