#!/usr/bin/env bash
# JMH microbenchmarks of the request path without sockets:
#
#   bench/jmh.sh [--quick] [--filter REGEX] [--forks N] [--warmups N] [--iterations N] [...]
#                                                                         (bench/jmh.sh --help)
#
# The benchmarks are test sources (JMH is a test-scope dependency, in no runtime jar):
#   api/src/test/java/dev/simpleredis/api/protocol/bench/   DecoderBenchmark, EncoderBenchmark
#   server/src/test/java/dev/simpleredis/server/            DispatchBenchmark
# It packages the reactor in place (never installs into ~/.m2, which other checkouts share),
# has Maven write each module's test classpath, runs org.openjdk.jmh.Main over it with
# -prof gc, once per module (each module's test classes hold their own benchmark list), and
# writes a Markdown table (ops/s, its error, bytes allocated per operation) to
# bench/results/<date>-jmh.md. Every step is under `timeout`.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
me=bench/jmh.sh
# shared functions: log, die, make_workdir/cleanup, CPU accounting
source "$root/bench/lib.sh"

readonly MODULES=(api server)
readonly BUILD="./mvnw -B -q -o -pl server -am -DskipTests package dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/jmh.classpath"

usage() {
  cat <<EOF
usage: $me [options] [-- JMH options]

Runs the JMH benchmarks of api (decoder, encoder) and server (command dispatch) with -prof gc
and writes ops/s, its 99.9 % error and bytes allocated per operation (gc.alloc.rate.norm) to
bench/results/<date>-jmh.md.

options:
  --quick          1 fork, 2 warm-up and 3 measurement iterations of 1 s (about 2 minutes)
  --filter REGEX   benchmarks to run, a JMH regular expression (default: all), e.g.
                   'Dispatch', 'Encoder.*ok', 'DecoderBenchmark|DispatchBenchmark.get'
  --forks N        JVM forks per benchmark (default 2)
  --warmups N      warm-up iterations per fork (default 4)
  --iterations N   measurement iterations per fork (default 5)
  --seconds S      length of each iteration, warm-up or measurement (default 1)
  --jvm-args ARGS  options of the forked JVMs (default "-Xms2g -Xmx2g")
  --timeout S      limit for the JMH run of one module (default 900)
  --out FILE       the Markdown file (default bench/results/<date>-jmh.md)
  --no-build       use the classes and classpath of the last build
  --keep           keep the temporary directory (JMH's JSON and logs)
  -h, --help       this text
Anything after -- goes to JMH as is (e.g. -- -p dialect=RESP3).

The default run (13 benchmarks, 2 forks of 9 s) takes about 5 minutes after the build,
--quick about 2 minutes with an incremental build (measured with other work on the machine).
EOF
}

filter='.*'
forks=2
warmups=4
iterations=5
seconds=1
jvm_args="-Xms2g -Xmx2g"
run_timeout=900
out=""
build=1
keep=0
extra=()
while (($#)); do
  case $1 in
    --quick) forks=1 warmups=2 iterations=3 ;;
    --filter) filter=${2:?}; shift ;;
    --forks) forks=${2:?}; shift ;;
    --warmups) warmups=${2:?}; shift ;;
    --iterations) iterations=${2:?}; shift ;;
    --seconds) seconds=${2:?}; shift ;;
    --jvm-args) jvm_args=${2?}; shift ;;
    --timeout) run_timeout=${2:?}; shift ;;
    --out) out=${2:?}; shift ;;
    --no-build) build=0 ;;
    --keep) keep=1 ;;
    -h | --help) usage; exit 0 ;;
    --) shift; extra=("$@"); break ;;
    *) usage >&2; die "unknown option $1" ;;
  esac
  shift
done
for n in "$forks" "$warmups" "$iterations" "$seconds" "$run_timeout"; do
  [[ $n =~ ^[0-9]+$ ]] || die "expected a whole number, got '$n'"
done
((forks >= 1 && iterations >= 1 && seconds >= 1)) || die "--forks, --iterations and --seconds must be at least 1"
command -v jq >/dev/null || die "jq is needed to read JMH's JSON results (apt-get install jq)"

make_workdir simpleredis-jmh
cd "$root"
started=$SECONDS

# ---------------------------------------------------------------- build and classpaths
if ((build)); then
  log "$me: building ($BUILD)"
  if ! timeout -k 10 1800 $BUILD; then
    log "$me: the offline build failed; trying with the network"
    timeout -k 10 1800 ${BUILD/ -o / } || die "the build failed"
  fi
fi
for m in "${MODULES[@]}"; do
  [[ -s $m/target/jmh.classpath && -f $m/target/test-classes/META-INF/BenchmarkList ]] ||
    die "$m/target has no benchmark list or classpath: build first (without --no-build)"
done
# the JDK Maven builds with (./mvnw picks a JDK 21+ whatever the default java is)
java_home=$(timeout 120 ./mvnw -B -o -v 2>/dev/null | sed -n 's/^Java home: //p; s/^Java version: .*, runtime: //p' | head -n 1)
java=$java_home/bin/java
[[ -x $java ]] || die "cannot find the JDK ./mvnw uses (./mvnw -v says its home is '$java_home')"

classpath() { # module: its test classes, its classes, then its test-scope dependencies
  printf '%s:%s:%s' "$root/$1/target/test-classes" "$root/$1/target/classes" "$(cat "$1/target/jmh.classpath")"
}

# ---------------------------------------------------------------- run
read -ra jvm_opts <<<"$jvm_args"
jmh_opts=(-f "$forks" -wi "$warmups" -w "${seconds}s" -i "$iterations" -r "${seconds}s" -prof gc)
busy_before=$(cpu_busy_pct)
totals_before=$(cpu_totals)
ticks_before=$(proc_ticks $$)
ran=()
for m in "${MODULES[@]}"; do
  cp=$(classpath "$m")
  if ! timeout 120 "$java" -cp "$cp" org.openjdk.jmh.Main -l "$filter" | grep -v '^Benchmarks:' | grep -q .; then
    log "$me: no benchmark of $m matches '$filter'"
    continue
  fi
  log "$me: running the benchmarks of $m (JMH output in $work/$m.log)"
  timeout -k 10 "$run_timeout" "$java" -cp "$cp" org.openjdk.jmh.Main "$filter" "${jmh_opts[@]}" \
    ${jvm_args:+-jvmArgs "$jvm_args"} -rf json -rff "$work/$m.json" "${extra[@]}" >"$work/$m.log" 2>&1 &
  pids+=($!)
  status=0
  wait "$!" || status=$?
  forget_pid "$!"
  if ((status != 0)); then
    tail -n 30 "$work/$m.log" >&2
    ((status == 124)) && die "the JMH run of $m took longer than $run_timeout s (--timeout)"
    die "the JMH run of $m failed (exit $status)"
  fi
  ran+=("$m")
done
((${#ran[@]})) || die "no benchmark matches '$filter'"
other_cpu=$(other_cpu_desc "$totals_before" "$(cpu_totals)" "$(($(proc_ticks $$) - ticks_before))")

# ---------------------------------------------------------------- report
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ $commit != unknown && -n $(git status --porcelain -- . ':!bench/results' ':!docs/commands.md' 2>/dev/null) ]]; then
  commit="$commit + uncommitted changes"
fi
cpu_model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
mem_gib=$(awk '/^MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo 2>/dev/null || true)
jdk=$("$java" -version 2>&1 | sed -n 's/^.*Runtime Environment //p' | head -n 1)
flags=$("$java" "${jvm_opts[@]}" -XX:+PrintFlagsFinal -version 2>/dev/null || true)
gc=$(awk '$2 ~ /^Use(Serial|Parallel|G1|Z|Shenandoah|Epsilon)GC$/ && $4 == "true" { sub(/^Use/, "", $2); sub(/GC$/, "", $2); print $2 }' <<<"$flags" | head -n 1)
heap=$(awk '$2 == "MaxHeapSize" { printf "%.1f GiB", $4 / 1073741824 }' <<<"$flags")
jmh_version=$(basename "$(tr ':' '\n' <"server/target/jmh.classpath" | grep -m 1 '/jmh-core-')" .jar)

rows() { # JMH JSON files: name, score, error, B/op, B/op error; tab-separated
  jq -r '.[] | [
      (.benchmark | split(".") | .[-2:] | join("."))
        + (if .params then " (" + ([.params | to_entries[] | "\(.key)=\(.value)"] | join(", ")) + ")" else "" end),
      .primaryMetric.score, .primaryMetric.scoreError,
      (.secondaryMetrics["gc.alloc.rate.norm"].score // "n/a"),
      (.secondaryMetrics["gc.alloc.rate.norm"].scoreError // "n/a")
    ] | @tsv' "$@"
}

table() {
  printf '| benchmark | ops/s | ± error (99.9 %%) | B/op |\n|---|---:|---:|---:|\n'
  awk -F'\t' '
    function num(x) { return x ~ /^-?[0-9.]+([eE][-+]?[0-9]+)?$/ }
    function grouped(x,   s, r) { s = sprintf("%.0f", x); r = ""
      while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) }
      return s r }
    { err = num($3) ? sprintf("± %s (%.1f %%)", grouped($3), $2 > 0 ? 100 * $3 / $2 : 0) : "n/a"
      bop = num($4) ? sprintf("%.1f", $4) : "n/a"
      if (num($4) && num($5) && $5 >= 1) bop = bop sprintf(" ± %.0f", $5)
      printf "| %s | %s | %s | %s |\n", $1, grouped($2), err, bop }'
}

day=$(date -u +%F)
out=${out:-$root/bench/results/$day-jmh.md}
mkdir -p "$(dirname "$out")"
jsons=()
for m in "${ran[@]}"; do jsons+=("$work/$m.json"); done
{
  printf '## JMH: decoder, encoder, command dispatch\n\n'
  printf -- '- date: %s\n' "$(date -u '+%F %H:%M UTC')"
  printf -- '- commit: %s\n' "$commit"
  printf -- '- machine: %s CPUs (%s), %s GiB, Linux %s; JDK: %s (%s), forked JVMs: %s, GC %s, max heap %s\n' \
    "$(nproc)" "${cpu_model:-?}" "${mem_gib:-?}" "$(uname -r)" "${jdk:-?}" "$java" "$jvm_args" "${gc:-?}" "${heap:-?}"
  printf -- '- %s, throughput mode, -prof gc: %s fork(s) x (%s warm-up + %s measurement iterations of %s s) per benchmark%s%s\n' \
    "${jmh_version:-JMH}" "$forks" "$warmups" "$iterations" "$seconds" \
    "$([[ $filter != '.*' ]] && printf ", filter '%s'" "$filter")" "$( ((${#extra[@]})) && printf ', JMH options: %s' "${extra[*]}")"
  printf -- '- other work on the machine: %s%% of the CPUs just before (2 s sample), %s during the runs\n' \
    "$busy_before" "${other_cpu:-?}"
  printf -- '- ops/s: DecoderBenchmark.pipeline per request (a pipeline of 16: inline PING, SET and GET), DispatchBenchmark.lpushRpop per LPUSH + RPOP pair, the others per call; error: JMH'"'"'s 99.9 %% confidence interval over all measurement iterations; B/op: gc.alloc.rate.norm, bytes allocated per operation\n'
  printf -- '- total time: %s s\n\n' "$((SECONDS - started))"
  rows "${jsons[@]}" | table
} >"$out.tmp"
mv "$out.tmp" "$out"
cat "$out"
log "$me: wrote ${out#"$root"/}"
