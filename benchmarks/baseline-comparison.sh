# shellcheck shell=bash
# Sourced by benchmarks/run for `--baseline REV`: promsdk's own benchmark rows measured from the
# benchmarks jar of commit REV and from the current tree's jar, in the same run.
#
# Why one run: the machine's 2 shared cores drift by tens of percent within minutes (other builds,
# frequency), so numbers from two runs cannot show a 10% change. The two jars are measured in
# alternating rounds instead: a round runs each group of rows once from each jar, back to back, one
# JMH fork each, and the jar that goes first alternates from round to round (A B, B A, A B), so
# that drift lands on both alike. compare.py pools a row's rounds the way JMH pools forks.
#
# The baseline jar is built once per commit, in a temporary `git worktree add --detach` that is
# removed right after, and kept in promsdk-benchmarks/target/baseline-jars/COMMIT.jar.
# Rows are promsdk's methods (named promsdk...) only; a benchmark or parameter set that only one
# jar has is not run but listed in the report.
#
# Uses from benchmarks/run: ROOT MODULE JAR MODE OUT MVN_OFFLINE BASELINE ROUNDS ORIGINAL_COMMAND
# JAVA JVM_ARGS HOT START LOAD_BEFORE CPU JDK GIT DIRTY, and log, load_average, jmh_run,
# build_benchmarks_jar, write_meta.

BASELINE_SHA="$(git -C "$ROOT" rev-parse --verify --quiet "$BASELINE^{commit}")" || {
  echo "--baseline $BASELINE: not a commit of this repository" >&2; exit 2; }
BASELINE_SHORT="$(git -C "$ROOT" rev-parse --short "$BASELINE_SHA")"
CMP="$MODULE/target/results-baseline"
BASELINE_JAR="$MODULE/target/baseline-jars/$BASELINE_SHA.jar"

# ------------------------------------------------------------------------------- rows and options
CMP_HOT="$HOT"'\.(\w+\.)?promsdk\w*$'
CMP_EXPO='ExpositionBenchmark\.promsdk\w*$'
CMP_HTTP='HttpScrapeBenchmark\.promsdk\w*$'
CMP_SERVICE='ServiceScrapeBenchmark\.promsdk\w*$'
# Options of one round (one fork per jar). Full: as the full run's per-fork settings, 3 rounds, so
# each row has 12 samples per jar (t factor 4.4); ~9 minutes of JMH on 2 cores (estimated from the
# quick one's per-row times). Quick: 6 samples (t factor 6.9), 4 minutes of JMH measured.
case "$MODE" in
  full)
    CMP_HOT_OPTS="-wi 1 -w 500ms -i 4 -r 500ms"
    CMP_SCRAPE_OPTS="-wi 2 -w 1s -i 4 -r 500ms"
    SERIES_SMALL=1000; SERIES_BIG=100000; DEFAULT_ROUNDS=3 ;;
  quick)
    CMP_HOT_OPTS="-wi 1 -w 300ms -i 3 -r 300ms"
    CMP_SCRAPE_OPTS="-wi 1 -w 1s -i 3 -r 300ms"
    SERIES_SMALL=1000; SERIES_BIG=100000; DEFAULT_ROUNDS=2 ;;
  smoke)
    CMP_HOT_OPTS="-wi 0 -i 1 -r 100ms"
    CMP_SCRAPE_OPTS="$CMP_HOT_OPTS"
    SERIES_SMALL=1000; SERIES_BIG=10000; DEFAULT_ROUNDS=1 ;;
esac
ROUNDS="${ROUNDS:-$DEFAULT_ROUNDS}"
case "$ROUNDS" in ''|*[!0-9]*|0) echo "--rounds $ROUNDS: expected a positive number" >&2; exit 2 ;; esac
GROUPS_IN_ORDER="hot exposition exposition-big http service"

group_regex() {
  case "$1" in
    hot) echo "$CMP_HOT" ;;
    exposition|exposition-big) echo "$CMP_EXPO" ;;
    http) echo "$CMP_HTTP" ;;
    service) echo "$CMP_SERVICE" ;;
  esac
}
group_opts() {
  case "$1" in
    hot) echo "-f 1 $CMP_HOT_OPTS" ;;
    exposition|http) echo "-f 1 $CMP_SCRAPE_OPTS -p series=$SERIES_SMALL" ;;
    exposition-big) echo "-f 1 $CMP_SCRAPE_OPTS -p series=$SERIES_BIG" ;;
    service) echo "-f 1 $CMP_SCRAPE_OPTS" ;;
  esac
}

# ------------------------------------------------------------------------------ the baseline jar
BASELINE_TMP=""
remove_baseline_tree() {
  [ -n "$BASELINE_TMP" ] || return 0
  if [ -d "$BASELINE_TMP/tree" ] && ! git -C "$ROOT" worktree remove --force "$BASELINE_TMP/tree" >/dev/null 2>&1; then
    echo "could not remove the worktree $BASELINE_TMP/tree: remove it with git worktree remove" >&2
  fi
  rm -rf "$BASELINE_TMP"
  BASELINE_TMP=""
}

build_baseline_jar() {
  BASELINE_TMP="$(mktemp -d "${TMPDIR:-/tmp}/promsdk-baseline.XXXXXX")"
  trap remove_baseline_tree EXIT
  trap 'remove_baseline_tree; exit 130' INT TERM
  log "building the baseline jar of $BASELINE_SHORT in a temporary worktree ($BASELINE_TMP/tree)"
  git -C "$ROOT" worktree add --quiet --detach "$BASELINE_TMP/tree" "$BASELINE_SHA"
  # An older layout would need `mvn install` of the baseline's snapshots, which would replace the
  # current ones in the local repository: refuse instead.
  if ! grep -q '<module>promsdk-benchmarks</module>' "$BASELINE_TMP/tree/pom.xml"; then
    echo "$BASELINE_SHORT has no promsdk-benchmarks module in its reactor: choose a later baseline" >&2
    exit 2
  fi
  build_benchmarks_jar "$BASELINE_TMP/tree"
  mkdir -p "$(dirname "$BASELINE_JAR")"
  cp "$BASELINE_TMP/tree/promsdk-benchmarks/target/benchmarks.jar" "$BASELINE_JAR.$$"
  mv "$BASELINE_JAR.$$" "$BASELINE_JAR"
  remove_baseline_tree
  trap - EXIT INT TERM
}

if [ -f "$BASELINE_JAR" ]; then
  log "reusing the baseline jar of $BASELINE_SHORT ($BASELINE_JAR)"
else
  build_baseline_jar
fi

rm -rf "$CMP"
mkdir -p "$CMP"
# Copies, so that a rebuild in this tree during the run cannot swap a jar under it.
cp "$BASELINE_JAR" "$CMP/baseline.jar"
cp "$JAR" "$CMP/current.jar"

# ------------------------------------------------------------------ which rows both jars can run
list_benchmarks() { # jar, regex -> benchmark names, sorted, one a line
  "$JAVA" -jar "$1" -l "$2" | sed -e '/^Benchmarks:/d' -e '/^[[:space:]]*$/d' | sort
}
for group in $GROUPS_IN_ORDER; do
  for side in baseline current; do
    list_benchmarks "$CMP/$side.jar" "$(group_regex "$group")" >"$CMP/$side-$group.names"
  done
  # An exact-name regex of the benchmarks both jars have.
  comm -12 "$CMP/baseline-$group.names" "$CMP/current-$group.names" | sed 's/\./\\./g' |
    paste -sd'|' >"$CMP/common-$group.regex"
done
cat "$CMP"/baseline-*.names | sort -u >"$CMP/baseline.names"
cat "$CMP"/current-*.names | sort -u >"$CMP/current.names"

# ------------------------------------------------------------------------------- alternating runs
for round in $(seq 1 "$ROUNDS"); do
  if [ $(( round % 2 )) = 1 ]; then ORDER="baseline current"; else ORDER="current baseline"; fi
  for group in $GROUPS_IN_ORDER; do
    common="$(cat "$CMP/common-$group.regex")"
    if [ -z "$common" ]; then
      [ "$round" = 1 ] && log "$group: no benchmark in both jars"
      continue
    fi
    for side in $ORDER; do
      jmh_run "$group, $side, round $round of $ROUNDS" "$CMP/$side.jar" "$CMP/$side-$group-r$round.json" \
        "$(group_opts "$group")" "^($common)\$"
    done
  done
done

# --------------------------------------------------------------------------------------- report
ELAPSED=$(( $(date +%s) - START ))
write_meta "$CMP/meta.json" \
  date "$(date -u '+%Y-%m-%d %H:%M UTC')" \
  mode "$MODE" \
  baseline "\`$BASELINE_SHORT\` $(git -C "$ROOT" log -1 --format=%s "$BASELINE_SHA")" \
  current "\`$GIT\`$DIRTY $(git -C "$ROOT" log -1 --format=%s HEAD 2>/dev/null || true)" \
  command "\`$ORIGINAL_COMMAND\`: rounds: $ROUNDS; each runs every group once from each jar, one fork each, baseline first in odd rounds and current first in even ones (JMH: \`java -jar JAR '^(NAMES)\$' -f 1 OPTIONS -prof gc -jvmArgsAppend '$JVM_ARGS' -rf json\`; hot paths: \`$CMP_HOT_OPTS\`; exposition at $SERIES_SMALL and $SERIES_BIG series, HTTP at $SERIES_SMALL, the service-shaped scrape: \`$CMP_SCRAPE_OPTS\`)" \
  JDK "$JDK" \
  CPU "$CPU" \
  cores "$(nproc)" \
  "load average at start, at end" "$LOAD_BEFORE; $(load_average)" \
  "wall time" "${ELAPSED} s (builds, JMH)"
python3 "$MODULE/compare.py" --out "$OUT" --meta "$CMP/meta.json" \
  --baseline-benchmarks "$CMP/baseline.names" --current-benchmarks "$CMP/current.names" \
  --baseline "$CMP"/baseline-*-r*.json --current "$CMP"/current-*-r*.json
log "done in $(( $(date +%s) - START ))s: $OUT"
