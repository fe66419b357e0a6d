#!/usr/bin/env bash
# Does the cost of collection commands stay flat as collections grow?
#
#   bench/collections.sh [--engines LIST] [--sizes LIST] [--cases LIST] [--fsync F] [--rounds N]
#                        [--no-redis] [...]                         (bench/collections.sh --help)
#
# The requirement: per storage engine, the rate of each collection operation on a collection of
# 1,000,000 elements is at least half its rate on a collection of 100 elements.
#
# For each engine (memory with its log, mapdb, h2) it starts one simpleredis (from the
# distribution, built first when missing), and for reference one redis-server (appendonly yes,
# no automatic AOF rewrite), one at a time, each on a free port of 127.0.0.1 with its data under
# a mktemp directory. Into each it preloads,
# per size, one list, hash, set and sorted set of that many elements (redis-cli --pipe, RESP made
# by awk, RPUSH/HSET/SADD/ZADD of --batch elements per command) and checks their LLEN, HLEN,
# SCARD and ZCARD. Then, per case, it runs redis-benchmark (-c 50, -P 1) on every size: warm-up
# runs that size -n for about --seconds per run, then --rounds rounds that go through the sizes
# in turn, so that drift on the machine hits every size alike. It reports the median rate per
# size, the median of the per-round ratios (largest size / smallest size), met when >= 0.5,
# and writes them to bench/results/<date>-<time>-collections.md.
#
# Commands simpleredis answers with an error (ERR unknown command while it has no collections)
# make their cases n/a. The cases set and get (strings over a keyspace of the same sizes) are
# controls: they show how the engine's cost grows with the number of records by itself.
#
# Everything is bounded: server start-up waits at most 60 s, each preload is under `timeout`
# (--preload-timeout), each redis-benchmark run too (--timeout), and the server is stopped when
# its turn ends and, through the EXIT trap, when the script stops for any reason.
set -euo pipefail

readonly ALL_ENGINES=(memory mapdb h2)
readonly ALL_CASES=(lpush-rpop hset sadd zadd zrangebyscore set get)
readonly TARGET_RATIO=0.5

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
me=bench/collections.sh
# shared functions: log, die, the distribution, servers, redis-benchmark runs, clean-up
source "$root/bench/lib.sh"

usage() {
  cat <<EOF
usage: $me [options]

Measures whether collection commands keep their rate as collections grow: per engine and
operation, the rate on collections of the largest size against the rate on collections of the
smallest size (target: ratio >= $TARGET_RATIO), with a redis-server measured the same way for
reference. Writes bench/results/<date>-<time>-collections.md.

options:
  --engines LIST   simpleredis engines, comma list (default: $(IFS=,; echo "${ALL_ENGINES[*]}")); 'none' for
                   Redis alone. memory runs with its log (aof=true)
  --no-redis       leave out the redis-server reference
  --fsync F        always, everysec or no (default everysec): simpleredis fsync=F,
                   Redis appendonly yes, appendfsync F (and auto-aof-rewrite-percentage 0,
                   so that no background rewrite forks in the middle of a measurement)
  --sizes LIST     collection sizes, at least two (default 100,1000000); the ratio is the
                   largest's rate / the smallest's
  --cases LIST     comma list of cases (default: all)
                   $(IFS=,; echo "${ALL_CASES[*]}")
                   lpush-rpop: LPUSH list x then RPOP list, alternating in chunks of
                     --list-chunk each, so that the list stays within size .. size + chunk;
                     reports LPUSH, RPOP and the pair (push + pop pairs per second)
                   hset: HSET hash f:__rand_int__ v -r size (overwrites existing fields)
                   sadd: SADD set m:__rand_int__ -r size (existing members)
                   zadd: ZADD zset __rand_int__ m:__rand_int__ -r size (an existing member
                     gets a new random score: redis-benchmark draws each __rand_int__ anew)
                   zrangebyscore: ZRANGEBYSCORE zset __rand_int__ +inf LIMIT 0 10 -r size
                   set, get: SET/GET str:__rand_int__ over size string keys (control)
                   a case is n/a when simpleredis answers its commands with an error
  --rounds N       rounds per case, each a run on every size (default 3)
  --requests N     redis-benchmark -n for every run (default: sized from the warm-up runs so
                   that a run takes about --seconds)
  --seconds S      target length of one run when sizing -n (default 3)
  --list-chunk N   requests per LPUSH or RPOP run of lpush-rpop (default 10000)
  --batch N        elements per preload command (default 1000)
  --timeout S      limit for one redis-benchmark run (default 120)
  --preload-timeout S  limit for preloading one collection (default 900)
  --out DIR        where the Markdown file goes (default bench/results)
  --build          rebuild the distribution even if it is there ($BUILD_CMD)
  --keep           keep the temporary directory (data, server logs, raw CSV)
  -h, --help       this text

environment: JAVA_OPTS is passed to bin/simpleredis-server (e.g. JAVA_OPTS="-Xmx2g").
examples: $me                                   # memory, mapdb, h2 and Redis; 100 vs 1,000,000
          $me --engines h2 --cases hset,zadd --rounds 5
          $me --engines memory --sizes 100,10000 --seconds 1    # a quick look
EOF
}

# ---------------------------------------------------------------- options
opt_engines=$(IFS=,; echo "${ALL_ENGINES[*]}")
opt_cases=$(IFS=,; echo "${ALL_CASES[*]}")
opt_sizes=100,1000000
fsync=everysec
with_redis=1
rounds=3
requests=""
seconds=3
list_chunk=10000
batch=1000
run_timeout=120
preload_timeout=900
outdir=$root/bench/results
rebuild=0
keep=0
argv=("$@")

while (($#)); do
  opt=$1
  val=""
  case $opt in
    --*=*) val=${opt#*=}; opt=${opt%%=*} ;;
    --engines | --cases | --sizes | --fsync | --rounds | --requests | --seconds | --list-chunk | \
      --batch | --timeout | --preload-timeout | --out)
      (($# >= 2)) || die "$opt needs a value ($me --help)"
      val=$2; shift ;;
  esac
  case $opt in
    --engines) opt_engines=$val ;;
    --cases) opt_cases=$val ;;
    --sizes) opt_sizes=$val ;;
    --fsync) fsync=$val ;;
    --no-redis) with_redis=0 ;;
    --rounds) rounds=$val ;;
    --requests) requests=$val ;;
    --seconds) seconds=$val ;;
    --list-chunk) list_chunk=$val ;;
    --batch) batch=$val ;;
    --timeout) run_timeout=$val ;;
    --preload-timeout) preload_timeout=$val ;;
    --out) outdir=$val ;;
    --build) rebuild=1 ;;
    --keep) keep=1 ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown option '$opt' ($me --help)" ;;
  esac
  shift
done

positive() { [[ $1 =~ ^[1-9][0-9]*$ ]]; }
positive "$rounds" || die "--rounds: expected a positive integer, got '$rounds'"
[[ -z $requests ]] || positive "$requests" || die "--requests: expected a positive integer, got '$requests'"
[[ $seconds =~ ^[0-9]+([.][0-9]+)?$ && $seconds != 0 ]] || die "--seconds: expected a positive number, got '$seconds'"
positive "$list_chunk" || die "--list-chunk: expected a positive integer, got '$list_chunk'"
positive "$batch" || die "--batch: expected a positive integer, got '$batch'"
positive "$run_timeout" || die "--timeout: expected a positive integer, got '$run_timeout'"
positive "$preload_timeout" || die "--preload-timeout: expected a positive integer, got '$preload_timeout'"
contains "$fsync" always everysec no || die "--fsync: expected always, everysec or no, got '$fsync'"

engines=()
if [[ $opt_engines != none ]]; then
  IFS=, read -ra engines <<<"$opt_engines"
  for e in "${engines[@]}"; do
    contains "$e" "${ALL_ENGINES[@]}" || die "--engines: unknown engine '$e'; known: $(IFS=,; echo "${ALL_ENGINES[*]}") (or none)"
  done
fi
IFS=, read -ra cases <<<"$opt_cases"
((${#cases[@]})) || die "--cases: empty list"
for c in "${cases[@]}"; do
  contains "$c" "${ALL_CASES[@]}" || die "--cases: unknown case '$c'; known: $(IFS=,; echo "${ALL_CASES[*]}")"
done
IFS=, read -ra sizes <<<"$opt_sizes"
for s in "${sizes[@]}"; do
  positive "$s" || die "--sizes: expected positive integers, got '$s'"
done
mapfile -t sizes < <(printf '%s\n' "${sizes[@]}" | sort -n -u)
((${#sizes[@]} >= 2)) || die "--sizes: give at least two different sizes"
small=${sizes[0]}
large=${sizes[${#sizes[@]} - 1]}

targets=()
((with_redis)) && targets+=(redis)
targets+=("${engines[@]}")
((${#targets[@]})) || die "nothing to measure: --engines none with --no-redis"

join_by() { # separator words...: the words joined by the separator
  local sep=$1 out="" w
  shift
  for w in "$@"; do out+="${out:+$sep}$w"; done
  printf '%s' "$out"
}

# 1000000 -> 1,000,000
group() { sed ':a; s/\([0-9]\)\([0-9]\{3\}\)\($\|[^0-9]\)/\1,\2\3/; ta' <<<"$1"; }

# ---------------------------------------------------------------- tools and the distribution
ensure_redis
if ((${#engines[@]})); then
  ensure_distribution "$rebuild"
fi
export JAVA_OPTS=${JAVA_OPTS:-}

make_workdir simpleredis-collections
if ((${#engines[@]})); then
  copy_distribution
else
  dist_name=""
fi

# ---------------------------------------------------------------- collections and cases
# Keys, per size S: list:S, hash:S (fields f:<12 digits>), set:S (members m:<12 digits>),
# zset:S (members m:<12 digits>, score = the member's number) and the strings str:S:<12 digits>.
# The 12-digit zero-padded numbers are what redis-benchmark puts for __rand_int__, so with
# -r S the benchmark's commands hit exactly the preloaded elements.
collection_key() { # type size
  case $1 in
    string) echo "str:$2:" ;;
    *) echo "$1:$2" ;;
  esac
}

# type_probe <type>: the commands (see probe in lib.sh) the preload and its check need
type_probe() {
  case $1 in
    list) echo 'RPUSH bench:probe:list x=>^[0-9]+$;LLEN bench:probe:list=>^[0-9]+$' ;;
    hash) echo 'HSET bench:probe:hash f:000000000001 v=>^[0-9]+$;HLEN bench:probe:hash=>^[0-9]+$' ;;
    set) echo 'SADD bench:probe:set m:000000000001=>^[0-9]+$;SCARD bench:probe:set=>^[0-9]+$' ;;
    zset) echo 'ZADD bench:probe:zset 1 m:000000000001=>^[0-9]+$;ZCARD bench:probe:zset=>^[0-9]+$' ;;
    string) echo 'MSET bench:probe:str v=>^OK$;GET bench:probe:str=>^v$' ;;
  esac
}

# make_preload <type> <size>: a file of RESP commands that makes the collection (in batches of
# $batch elements per command); sets preload_file. Made once per run, shared by the servers.
make_preload() {
  preload_file=$work/preload.$1.$2.resp
  [[ -f $preload_file ]] && return 0
  awk -v type="$1" -v n="$2" -v per="$batch" -v key="$(collection_key "$1" "$2")" '
    function bulk(s) { printf "$%d\r\n%s\r\n", length(s), s }
    BEGIN {
      for (i = 0; i < n; i += per) {
        m = (n - i < per) ? n - i : per
        if (type == "list") { printf "*%d\r\n", 2 + m; bulk("RPUSH"); bulk(key) }
        else if (type == "hash") { printf "*%d\r\n", 2 + 2 * m; bulk("HSET"); bulk(key) }
        else if (type == "set") { printf "*%d\r\n", 2 + m; bulk("SADD"); bulk(key) }
        else if (type == "zset") { printf "*%d\r\n", 2 + 2 * m; bulk("ZADD"); bulk(key) }
        else { printf "*%d\r\n", 1 + 2 * m; bulk("MSET") }
        for (j = i; j < i + m; j++) {
          d = sprintf("%012d", j)
          if (type == "list") bulk("x")
          else if (type == "hash") { bulk("f:" d); bulk("v") }
          else if (type == "set") bulk("m:" d)
          else if (type == "zset") { bulk(sprintf("%d", j)); bulk("m:" d) }
          else { bulk(key d); bulk("v") }
        }
      }
    }' >"$preload_file.tmp"
  mv "$preload_file.tmp" "$preload_file"
}

# check_size <port> <type> <size>: 0 when the collection has <size> elements (strings: the
# first and the last key are there); else 1 with what was seen in size_seen.
check_size() {
  local port=$1 type=$2 size=$3 key
  key=$(collection_key "$type" "$size")
  case $type in
    list) size_seen=$(cli "$port" LLEN "$key") ;;
    hash) size_seen=$(cli "$port" HLEN "$key") ;;
    set) size_seen=$(cli "$port" SCARD "$key") ;;
    zset) size_seen=$(cli "$port" ZCARD "$key") ;;
    string)
      size_seen=$(cli "$port" EXISTS "${key}000000000000" "$(printf '%s%012d' "$key" $((size - 1)))")
      [[ $size_seen == 2 ]] || { size_seen="EXISTS of the first and last key: $size_seen"; return 1; }
      return 0 ;;
  esac
  [[ $size_seen == "$size" ]] || { size_seen="${type} has $size_seen elements"; return 1; }
}

# case_spec <case> <size>: sets
#   case_type   the collection it works on
#   case_labels what it reports (lpush-rpop: three rates)
#   case_cmd    the redis-benchmark command (lpush-rpop: the LPUSH; case_cmd2 the RPOP)
#   case_r      -r for __rand_int__, or ""
#   case_probe  commands that must work on simpleredis first (else the case is n/a)
#   case_base   a typical -n: the first warm-up run uses a tenth of it (a fifth of that for
#               writes under fsync=always)
case_spec() {
  local cs=$1 size=$2 writes=1 key
  case_r=$size
  case_base=40000
  case_labels=("$cs")
  case $cs in
    lpush-rpop)
      case_type=list; key=$(collection_key list "$size"); case_r=""
      case_labels=(lpush rpop pair)
      case_cmd=(LPUSH "$key" x); case_cmd2=(RPOP "$key")
      case_probe='LPUSH bench:probe:list x=>^[0-9]+$;RPOP bench:probe:list=>^x$' ;;
    hset)
      case_type=hash; key=$(collection_key hash "$size")
      case_cmd=(HSET "$key" f:__rand_int__ v)
      case_probe='HSET bench:probe:hash f:000000000001 v=>^[0-9]+$' ;;
    sadd)
      case_type=set; key=$(collection_key set "$size")
      case_cmd=(SADD "$key" m:__rand_int__)
      case_probe='SADD bench:probe:set m:000000000001=>^[0-9]+$' ;;
    zadd)
      case_type=zset; key=$(collection_key zset "$size")
      case_cmd=(ZADD "$key" __rand_int__ m:__rand_int__)
      case_probe='ZADD bench:probe:zset 000000000001 m:000000000002=>^[0-9]+$' ;;
    zrangebyscore)
      case_type=zset; key=$(collection_key zset "$size"); writes=0
      case_cmd=(ZRANGEBYSCORE "$key" __rand_int__ +inf LIMIT 0 10)
      case_probe='ZADD bench:probe:zset 1 m=>^[0-9]+$;ZRANGEBYSCORE bench:probe:zset 000000000000 +inf LIMIT 0 10=>^m$' ;;
    set)
      case_type=string; key=$(collection_key string "$size")
      case_cmd=(SET "${key}__rand_int__" v)
      case_probe='SET bench:probe:str v=>^OK$' ;;
    get)
      case_type=string; key=$(collection_key string "$size"); writes=0
      case_cmd=(GET "${key}__rand_int__")
      case_probe='SET bench:probe:str v=>^OK$;GET bench:probe:str=>^v$' ;;
  esac
  if ((writes)) && [[ $fsync == always ]]; then
    case_base=$((case_base / 5))
  fi
}

# the command in the report, with the key as in the brief (list, hash, ...)
case_title() { # case label
  case $1/$2 in
    lpush-rpop/lpush) echo '`LPUSH list x`' ;;
    lpush-rpop/rpop) echo '`RPOP list`' ;;
    lpush-rpop/pair) echo '`LPUSH` + `RPOP`, pairs/s' ;;
    hset/*) echo '`HSET hash f:__rand_int__ v`' ;;
    sadd/*) echo '`SADD set m:__rand_int__`' ;;
    zadd/*) echo '`ZADD zset __rand_int__ m:__rand_int__`' ;;
    zrangebyscore/*) echo '`ZRANGEBYSCORE zset __rand_int__ +inf LIMIT 0 10`' ;;
    set/*) echo '`SET str:__rand_int__ v` (control)' ;;
    get/*) echo '`GET str:__rand_int__` (control)' ;;
  esac
}

is_control() { [[ $1 == set || $1 == get ]]; }

# note_stderr <tag> <what>: a note with anything redis-benchmark said on stderr
note_stderr() {
  local said
  said=$(bench_stderr "$work/$1.err")
  [[ -z $said ]] || notes+=("$2: redis-benchmark stderr: $said")
}

# measure <port> <case> <size> <n> <tag>: one measured run of the case on the collections of
# <size>, -n <n>; its rates as "label ops/s" lines in $work/<tag>.rates. Returns 1 when a run
# failed, with the reason in measure_error.
#
# lpush-rpop alternates LPUSH and RPOP runs of at most --list-chunk requests each (n of each in
# all), so that the list stays within size .. size + chunk and ends at its size again; the
# rates are requests / time summed over the chunks, the pair's n / (LPUSH time + RPOP time).
measure() {
  local port=$1 cs=$2 size=$3 n=$4 tag=$5 k i m done_n=0 op
  case_spec "$cs" "$size"
  : >"$work/$tag.rates"
  if [[ $cs == lpush-rpop ]]; then
    : >"$work/$tag.chunks"
    k=$(((n + list_chunk - 1) / list_chunk))
    for ((i = 1; i <= k; i++)); do
      m=$((n * i / k - done_n))
      done_n=$((done_n + m))
      for op in lpush rpop; do
        if [[ $op == lpush ]]; then case_args=(-c 50 -P 1 "${case_cmd[@]}"); else case_args=(-c 50 -P 1 "${case_cmd2[@]}"); fi
        if ! bench "$port" "$m" "$tag.$i.$op"; then
          measure_error="${op^^} (chunk $i of $k, -n $m) failed: $(bench_stderr "$work/$tag.$i.$op.err")"
          return 1
        fi
        note_stderr "$tag.$i.$op" "$cs size $size"
        awk -v op="$op" -v m="$m" 'NR == 1 { print op, m, $2 }' "$work/$tag.$i.$op.rows" >>"$work/$tag.chunks"
      done
    done
    awk '$3 > 0 { t[$1] += $2 / $3; c[$1] += $2 }
      END { if (t["lpush"] > 0 && t["rpop"] > 0)
        printf "lpush %.2f\nrpop %.2f\npair %.2f\n", c["lpush"] / t["lpush"], c["rpop"] / t["rpop"], c["lpush"] / (t["lpush"] + t["rpop"]) }' \
      "$work/$tag.chunks" >"$work/$tag.rates"
  else
    case_args=(-c 50 -P 1)
    [[ -z $case_r ]] || case_args+=(-r "$case_r")
    case_args+=("${case_cmd[@]}")
    if ! bench "$port" "$n" "$tag"; then
      measure_error="-n $n failed: $(bench_stderr "$work/$tag.err")"
      return 1
    fi
    note_stderr "$tag" "$cs size $size"
    awk -v l="$cs" 'NR == 1 && $2 > 0 { print l, $2 }' "$work/$tag.rows" >"$work/$tag.rates"
  fi
  [[ -s $work/$tag.rates ]] || { measure_error="no rate in redis-benchmark's output"; return 1; }
}

# check_rand_int <port>: how this redis-benchmark fills several __rand_int__ of one command,
# from 200 runs of SET bench:rand:__rand_int__ __rand_int__ with -r 10; sets rand_int ("own"
# when a value differs from its key's number, "same" when all match) or leaves it empty.
check_rand_int() {
  local port=$1 i v own=0 same=0 keys=()
  for ((i = 0; i < 10; i++)); do keys+=("$(printf 'bench:rand:%012d' "$i")"); done
  case_args=(-c 1 -P 1 -r 10 SET 'bench:rand:__rand_int__' __rand_int__)
  if bench "$port" 200 rand-int; then
    i=0
    while IFS= read -r v; do
      if [[ $v =~ ^[0-9]{12}$ ]]; then
        if [[ $v == "${keys[i]#bench:rand:}" ]]; then same=$((same + 1)); else own=$((own + 1)); fi
      fi
      i=$((i + 1))
    done < <(cli "$port" MGET "${keys[@]}")
  fi
  cli "$port" DEL "${keys[@]}" >/dev/null || true
  if ((own)); then rand_int=own; elif ((same)); then rand_int=same; fi
}

# the slowest rate of a .rates file (lpush-rpop: of LPUSH and RPOP), as an integer
slowest_rate() { awk '$1 != "pair" && (m == "" || $2 + 0 < m) { m = $2 + 0 } END { print int(m) }' "$1"; }

# warm_up <port> <case> <size> <tag>: runs the case unmeasured (JIT, caches) and sets warm_rate
# and run_n (-n for the rounds: --requests, else about $seconds at that rate). A short first run
# sizes the warm-up itself, so that a slow engine is not held up by a fixed -n.
warm_up() {
  local port=$1 cs=$2 size=$3 tag=$4 n
  warm_rate=0
  case_spec "$cs" "$size"
  if [[ -n $requests ]]; then
    n=$requests
    ((n <= case_base)) || n=$case_base
    run_n=$requests
  else
    n=$((case_base / 10))
    ((n >= 1000)) || n=1000
    if measure "$port" "$cs" "$size" "$n" "$tag.probe"; then
      n=$(size_requests "$(slowest_rate "$work/$tag.probe.rates")")
    fi
  fi
  if measure "$port" "$cs" "$size" "$n" "$tag.warm"; then
    warm_rate=$(slowest_rate "$work/$tag.warm.rates")
  else
    notes+=("$cs size $size: warm-up failed: $measure_error")
  fi
  [[ -n $requests ]] || run_n=$(size_requests "$warm_rate")
}

# summarize <samples> > result: per label "label<TAB>median at each size<TAB>ratio", where the
# samples are "round size label rate" lines and ratio the median over rounds of
# rate(largest size) / rate(smallest size).
summarize() {
  awk -v sizes="${sizes[*]}" "$AWK_MEDIAN"'
    BEGIN { ns = split(sizes, S, " ") }
    NF == 4 {
      if (!($3 in seen)) { seen[$3] = 1; order[++nl] = $3 }
      k = $3 SUBSEP $2; c = ++cnt[k]; v[k, c] = $4 + 0; by[$3, $2, $1] = $4 + 0; rnd[$1] = 1
    }
    END {
      for (x = 1; x <= nl; x++) {
        l = order[x]; line = l
        for (i = 1; i <= ns; i++) {
          k = l SUBSEP S[i]; split("", a)
          for (c = 1; c <= cnt[k]; c++) a[c] = v[k, c]
          line = line "\t" ((cnt[k] > 0) ? sprintf("%.0f", median(a, cnt[k])) : "error")
        }
        n = 0; split("", q)
        for (r in rnd)
          if (((l, S[1], r) in by) && ((l, S[ns], r) in by) && by[l, S[1], r] > 0)
            q[++n] = by[l, S[ns], r] / by[l, S[1], r]
        print line "\t" ((n > 0) ? sprintf("%.2f", median(q, n)) : "-")
      }
    }' "$1"
}

# ---------------------------------------------------------------- run facts
started_at=$SECONDS
rand_int=""
mkdir -p "$outdir"
report=$outdir/$(run_stamp)-collections.md
collect_facts

# ---------------------------------------------------------------- one server
# run_target <redis|memory|mapdb|h2>: starts the server, preloads, measures every case; leaves
# in $work/<target>/: desc (one line), info (header lines), notes, res.<case> (summarize's
# output, or "n/a<TAB>why" / "error<TAB>why"), and "skipped" when the server did not start.
run_target() {
  local target=$1 dir=$work/$1
  local notes=() args=() desc busy cpu0 self0 cpu1 self1 other_desc="?"
  local pid port type size cs r tag t0 ms line died=0 why
  local -A type_na=() n_of=()
  local needed=() preload_info=() run_sizes=()
  mkdir -p "$dir/data"
  if [[ $target == redis ]]; then
    args=(redis-server --bind 127.0.0.1 --port @PORT@ --dir "$dir/data" --save "" --daemonize no
      --protected-mode yes --logfile "$dir/redis.log" --appendonly yes --appendfsync "$fsync"
      --auto-aof-rewrite-percentage 0)
    desc="redis-server $redis_version: appendonly yes, appendfsync $fsync, save \"\", auto-aof-rewrite-percentage 0"
  else
    args=("$server_script" "-Dsimpleredis.storage=$target" -Dsimpleredis.bind=127.0.0.1
      "-Dsimpleredis.port=@PORT@" "-Dsimpleredis.dir=$dir/data" -Dsimpleredis.protocol=resp2)
    desc="simpleredis storage=$target, fsync=$fsync"
    if [[ $target == memory ]]; then
      args+=(-Dsimpleredis.aof=true)
      desc="simpleredis storage=memory, aof=true, fsync=$fsync"
    fi
    args+=("-Dsimpleredis.fsync=$fsync")
  fi
  echo "$desc" >"$dir/desc"
  : >"$dir/notes"

  log "[$target] starting $desc"
  busy=$(cpu_busy_pct)
  if [[ $busy != '?' ]] && ((busy >= 15)); then
    log "[$target] note: the CPUs were ${busy}% busy with other work before starting: expect noise"
    notes+=("the CPUs were ${busy}% busy with other work just before the server started: the numbers are noisier than usual")
  fi
  cpu0=$(cpu_totals || true)
  self0=$(proc_ticks $$)
  if ! start_server "$target" "$dir/server.out" "${args[@]}"; then
    why=$(grep -h -m1 'ERROR\|Exception\|Error\|error' "$dir/server.out" "$dir/redis.log" 2>/dev/null | head -n 1 || true)
    [[ -n $why ]] || why=$(tail -n 1 "$dir/server.out" 2>/dev/null || true)
    log "[$target] skipped: the server did not start: $why"
    echo "the server did not start within 60 s: \`$why\`" >"$dir/skipped"
    return 0
  fi
  pid=$started_pid port=$started_port
  [[ $target == redis || -n $jvm_desc ]] || describe_jvm "$pid"
  log "[$target] on 127.0.0.1:$port (pid $pid)"
  [[ -n $rand_int ]] || check_rand_int "$port"

  # ---- preload: each collection type the cases need, every size
  for cs in "${cases[@]}"; do
    case_spec "$cs" "$small"
    contains "$case_type" "${needed[@]}" || needed+=("$case_type")
  done
  for type in "${needed[@]}"; do
    case_probe=$(type_probe "$type")
    if ! probe "$port"; then
      type_na[$type]="replies $probe_reply"
      log "[$target] $type: n/a ($probe_reply)"
      continue
    fi
    for size in "${sizes[@]}"; do
      make_preload "$type" "$size"
      t0=$(date +%s%N)
      if ! pipe_resp "$port" "$preload_file" "$preload_timeout"; then
        type_na[$type]="the preload of $(group "$size") failed: $pipe_error"
        log "[$target] $type: ${type_na[$type]}"
        break
      fi
      ms=$((($(date +%s%N) - t0) / 1000000))
      if ! check_size "$port" "$type" "$size"; then
        type_na[$type]="after the preload of $(group "$size"): $size_seen"
        log "[$target] $type: ${type_na[$type]}"
        break
      fi
      preload_info+=("$type $(group "$size") in $(awk -v ms="$ms" -v n="$size" 'BEGIN { printf "%.1f s (%d elements/s)", ms / 1000, (ms > 0) ? n * 1000 / ms : n }')")
      log "[$target] preloaded $type of $(group "$size") in $((ms / 1000)).$((ms % 1000 / 100)) s"
    done
  done

  # ---- the cases
  for cs in "${cases[@]}"; do
    case_spec "$cs" "$small"
    type=$case_type
    if ((died)); then
      printf 'error\tnot run: the server had died\n' >"$dir/res.$cs"
      continue
    fi
    if [[ -n ${type_na[$type]:-} ]]; then
      printf 'n/a\t%s: %s\n' "$type" "${type_na[$type]}" >"$dir/res.$cs"
      notes+=("$cs: n/a, $type: ${type_na[$type]}")
      continue
    fi
    if ! probe "$port"; then
      printf 'n/a\treplies %s\n' "$probe_reply" >"$dir/res.$cs"
      notes+=("$cs: n/a, replies $probe_reply")
      log "[$target] $cs: n/a ($probe_reply)"
      continue
    fi
    : >"$dir/samples.$cs"
    for size in "${sizes[@]}"; do
      warm_up "$port" "$cs" "$size" "$target.$cs.$size"
      n_of[$size]=$run_n
      log "[$target] $cs size $(group "$size"): warm-up $warm_rate ops/s; rounds with -n $run_n"
    done
    line=""
    for size in "${sizes[@]}"; do line+="${line:+/}${n_of[$size]}"; done
    run_sizes+=("$cs $line")
    for ((r = 1; r <= rounds; r++)); do
      line="[$target] $cs round $r/$rounds:"
      for size in "${sizes[@]}"; do
        tag=$target.$cs.$size.$r
        if measure "$port" "$cs" "$size" "${n_of[$size]}" "$tag"; then
          awk -v r="$r" -v s="$size" '{ print r, s, $1, $2 }' "$work/$tag.rates" >>"$dir/samples.$cs"
          line+=" $(group "$size"): $(awk '{ printf "%s%s %.0f/s", sep, $1, $2; sep = ", " }' "$work/$tag.rates");"
        else
          line+=" $(group "$size"): FAILED;"
          notes+=("$cs round $r, size $size: $measure_error")
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
          notes+=("the server died during $cs round $r")
          log "[$target] the server died; see the notes"
          died=1
          break 2
        fi
      done
      log "$line"
    done
    if [[ -s $dir/samples.$cs ]]; then
      summarize "$dir/samples.$cs" >"$dir/res.$cs"
    else
      printf 'error\tevery run failed\n' >"$dir/res.$cs"
    fi
    # the case must leave the collections at their sizes (overwrites, push/pop pairs)
    if ((!died)) && [[ $type != string ]]; then
      for size in "${sizes[@]}"; do
        check_size "$port" "$type" "$size" || notes+=("after $cs, the $type of $(group "$size") is off: $size_seen")
      done
    fi
  done

  # ---- stop, and what the machine and the server said
  if [[ $target == redis ]]; then
    local rewrites
    rewrites=$(cli "$port" INFO persistence | tr -d '\r' | sed -n 's/^aof_rewrites://p')
    [[ -z $rewrites || $rewrites == 0 ]] || notes+=("Redis rewrote its AOF in the background $rewrites time(s) during the run (a fork on a 2-core machine: expect dips)")
  fi
  cpu1=$(cpu_totals || true)
  self1=$(proc_ticks $$)
  other_desc=$(other_cpu_desc "$cpu0" "$cpu1" "$((self1 - self0 + $(proc_ticks "$pid")))")
  stop_pid "$pid"; forget_pid "$pid"
  if [[ ${other_desc%%%*} =~ ^[0-9]+$ ]] && ((${other_desc%%%*} >= 15)); then
    notes+=("other work used ${other_desc%% of*} of the CPUs while this server was measured: the numbers are noisier and lower than on a quiet machine")
  fi
  if [[ $target != redis ]]; then
    while IFS= read -r line; do notes+=("server log: $line"); done < <(grep -E '\[(WARN|ERROR)\]|Exception' "$dir/server.out" | cut -c1-300 | sort | uniq -c | sort -rn | head -n 10 | sed 's/^ *//')
    if compgen -G "$work/$target.*.err" >/dev/null && grep -q 'Could not fetch server CONFIG' "$work/$target".*.err 2>/dev/null; then
      notes+=("redis-benchmark warned \"Could not fetch server CONFIG\" (simpleredis has no CONFIG GET); harmless")
    fi
  fi
  ((keep)) || rm -rf "$dir/data"

  local preload_desc="none" sizing
  ((${#preload_info[@]} == 0)) || preload_desc=$(printf '%s; ' "${preload_info[@]}" | sed 's/; $//')
  local per_run="none"
  ((${#run_sizes[@]} == 0)) || per_run=$(join_by ', ' "${run_sizes[@]}")
  sizing="each sized for ~$seconds s per run from its warm-up"
  [[ -z $requests ]] || sizing="--requests"
  {
    echo "- preload (redis-cli --pipe, $batch elements per command): $preload_desc"
    echo "- requests per run (-n at $(group "$(join_by / "${sizes[@]}")")): $per_run ($sizing)"
    echo "- other work on the machine: ${busy}% of the CPUs just before the server started (2 s sample), ${other_desc:-?} while it was measured"
  } >"$dir/info"
  if ((${#notes[@]})); then printf '%s\n' "${notes[@]}" | awk '!seen[$0]++' >"$dir/notes"; fi
}

# ---------------------------------------------------------------- the report
# result_cells <target> <case> <label>: "| rate at each size | ratio |" for one row
result_cells() {
  local f=$work/$1/res.$2 kind
  if [[ -f $work/$1/skipped ]]; then
    printf '%s' "$(printf '| not run %.0s' "${sizes[@]}")| not run "
    return
  fi
  if [[ ! -f $f ]]; then
    printf '%s' "$(printf '| - %.0s' "${sizes[@]}")| - "
    return
  fi
  kind=$(head -n 1 "$f" | cut -f1)
  if [[ $kind == n/a || $kind == error ]]; then
    printf '%s' "$(printf "| $kind %.0s" "${sizes[@]}")| $kind "
    return
  fi
  awk -F'\t' -v l="$3" -v ns="${#sizes[@]}" '$1 == l { for (i = 2; i <= NF; i++) printf "| %s ", $i; found = 1 }
    END { if (!found) for (i = 0 ; i <= ns; i++) printf "| error " }' "$f"
}

last_cell() { awk -F'|' '{ v = $NF; gsub(/^ +| +$/, "", v); print v }' <<<"$1"; } # "| a | b " -> b

verdict() { # case ratio
  if is_control "$1"; then echo "control"
  elif [[ ! $2 =~ ^[0-9.]+$ ]]; then echo "-"
  elif awk -v r="$2" -v t="$TARGET_RATIO" 'BEGIN { exit !(r + 0 >= t) }'; then echo "met"
  else echo "**missed**"
  fi
}

# table <target> [with_redis]: the Markdown table of one server (and Redis's columns)
table() {
  local target=$1 ref=${2:-0} cs l cells ratio rcells head sep s who
  who=$target
  [[ $target == redis ]] && who=Redis
  head="| operation "
  sep="|---"
  for s in "${sizes[@]}"; do head+="| $who ops/s at $(group "$s") "; sep+="|---:"; done
  head+="| ratio $(group "$large")/$(group "$small") | target ≥ $TARGET_RATIO "
  sep+="|---:|---"
  if ((ref)); then
    for s in "${sizes[@]}"; do head+="| Redis ops/s at $(group "$s") "; sep+="|---:"; done
    head+="| Redis ratio "
    sep+="|---:"
  fi
  echo "$head|"
  echo "$sep|"
  for cs in "${cases[@]}"; do
    case_spec "$cs" "$small"
    for l in "${case_labels[@]}"; do
      cells=$(result_cells "$target" "$cs" "$l")
      ratio=$(last_cell "$cells")
      if [[ $ratio == n/a || $ratio == error || $ratio == "not run" ]]; then
        cells+="| $ratio "
      else
        cells+="| $(verdict "$cs" "$ratio") "
      fi
      if ((ref)); then
        rcells=$(result_cells redis "$cs" "$l")
        cells+="$rcells"
      fi
      echo "| $(case_title "$cs" "$l") $cells|"
    done
  done
}

# counts <target>: "met missed n/a" over the collection commands of one server (the LPUSH +
# RPOP pair is not counted apart from its two commands, nor are the controls)
counts() {
  local cs l cells ratio met=0 missed=0 na=0 v
  for cs in "${cases[@]}"; do
    is_control "$cs" && continue
    case_spec "$cs" "$small"
    for l in "${case_labels[@]}"; do
      [[ $l != pair ]] || continue
      cells=$(result_cells "$1" "$cs" "$l")
      ratio=$(last_cell "$cells")
      v=$(verdict "$cs" "$ratio")
      case $v in
        met) met=$((met + 1)) ;;
        '**missed**') missed=$((missed + 1)) ;;
        *) na=$((na + 1)) ;;
      esac
    done
  done
  echo "$met $missed $na"
}

write_report() {
  local t tmp=$report.tmp done_targets=() met missed na ref=0
  for t in "${targets[@]}"; do [[ -f $work/$t/desc ]] && done_targets+=("$t"); done
  [[ -f $work/redis/desc && ! -f $work/redis/skipped ]] && ref=1
  {
    echo "# Collection commands: rate at $(group "$large") elements vs $(group "$small")"
    echo
    echo "Requirement: per engine, the rate of each collection operation on collections of"
    echo "$(group "$large") elements is at least $TARGET_RATIO × its rate on collections of $(group "$small") elements."
    echo
    echo "- date: $(date '+%Y-%m-%d %H:%M %Z'); command: \`$me${argv[*]:+ ${argv[*]}}\`"
    echo "- machine: $(nproc) CPUs${cpu_model:+ ($cpu_model)}, ${mem_gib:-?} GiB; JDK: ${jvm_desc:--}; redis-server $redis_version, redis-benchmark $bench_version"
    echo "- simpleredis: ${dist_name:-not run}, protocol=resp2; every server on 127.0.0.1, data under a mktemp dir; commit: $commit"
    echo "- sizes: $(group "$(join_by ', ' "${sizes[@]}")"); per size one list, hash, set and sorted set (and as many string keys for the controls), all of the sizes in the same server"
    echo "- redis-benchmark -c 50 -P 1; $rounds round(s) per case after warm-up runs on every size, each round a run on every size in turn; ops/s = median of the rounds, ratio = median of the per-round ratios (largest size / smallest)"
    case $rand_int in
      own) echo "- \`__rand_int__\`: redis-benchmark gives each occurrence in a command its own random number (checked at the start of this run), 12 digits zero-padded, below -r = the size: HSET/SADD/ZADD hit existing elements (collections keep their size; checked after each case), and ZADD moves a member to a new random score" ;;
      same) echo "- \`__rand_int__\`: this redis-benchmark puts the same random number in every occurrence of a command (checked at the start of this run), so ZADD re-adds a member with the score it was preloaded with (until ZADD moved it); HSET/SADD/ZADD hit existing elements (collections keep their size; checked after each case)" ;;
      *) echo "- \`__rand_int__\`: 12 digits zero-padded, below -r = the size: HSET/SADD/ZADD hit existing elements (collections keep their size; checked after each case); whether one command's occurrences get the same number could not be checked in this run" ;;
    esac
    echo "- \`LPUSH list x\` / \`RPOP list\`: alternating runs of at most $(group "$list_chunk") requests each, so the list stays within size .. size + $(group "$list_chunk"); pair = LPUSH+RPOP pairs per second (1 / (1/LPUSH + 1/RPOP))"
    echo "- \`ZRANGEBYSCORE\`: scores are 0 .. size-1, so at size $(group "$small") a min above $((small - 10)) returns fewer than 10 members"
    echo
    if ((${#engines[@]})); then
      echo "| engine | commands met | missed | n/a or failed |"
      echo "|---|---:|---:|---:|"
      for t in "${engines[@]}"; do
        if [[ -f $work/$t/skipped ]]; then echo "| $t | not run | | |"; continue; fi
        [[ -f $work/$t/desc ]] || { echo "| $t | not yet run | | |"; continue; }
        read -r met missed na < <(counts "$t")
        echo "| $t | $met | $missed | $na |"
      done
      echo
    fi
    for t in "${done_targets[@]}" ; do
      [[ $t == redis ]] && continue
      echo "## $t: $(cat "$work/$t/desc")"
      echo
      if [[ -f $work/$t/skipped ]]; then echo "Not run: $(cat "$work/$t/skipped")"; echo; continue; fi
      cat "$work/$t/info"
      echo
      table "$t" "$ref"
      if [[ -s $work/$t/notes ]]; then echo; echo "Notes:"; sed 's/^/- /' "$work/$t/notes"; fi
      echo
    done
    if [[ -f $work/redis/desc ]]; then
      echo "## Reference: $(cat "$work/redis/desc")"
      echo
      if [[ -f $work/redis/skipped ]]; then
        echo "Not run: $(cat "$work/redis/skipped")"
      else
        cat "$work/redis/info"
        echo
        table redis 0
        if [[ -s $work/redis/notes ]]; then echo; echo "Notes:"; sed 's/^/- /' "$work/redis/notes"; fi
      fi
      echo
    fi
    echo "Total time: $(((SECONDS - started_at) / 60)) min $(((SECONDS - started_at) % 60)) s."
  } >"$tmp"
  mv "$tmp" "$report"
}

log "$me: servers: ${targets[*]}; sizes: ${sizes[*]}; cases: ${cases[*]}; $rounds round(s)"
for t in "${targets[@]}"; do
  run_target "$t"
  write_report
done
echo
cat "$report"
log "$me: results in $report"
