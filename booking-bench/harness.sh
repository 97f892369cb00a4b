#!/usr/bin/env bash
# The launcher behind ./race and ./bench: harness.sh MODE [options]. Builds booking-bench.jar only when
# it is missing or a pom.xml or main source of booking-bench, or of a project module it depends on, is
# newer than it; --help never builds while a jar exists. Runs $JAVA_HOME/bin/java when JAVA_HOME is set.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mode="$1"
shift
jar=booking-bench/target/booking-bench.jar

# booking-bench and the project modules it names in its pom, and theirs, transitively (a module's
# directory is its artifactId); naming too many only costs a rebuild
modules=()
pending=(booking-bench)
while ((${#pending[@]} > 0)); do
  module="${pending[0]}"
  pending=("${pending[@]:1}")
  [[ " ${modules[*]-} " == *" $module "* ]] && continue
  modules+=("$module")
  for named in $(sed -n 's:.*<artifactId>\(booking-[a-z0-9-]*\)</artifactId>.*:\1:p' "$module/pom.xml"); do
    [[ -f "$named/pom.xml" ]] && pending+=("$named")
  done
done

stale() {
  [[ ! -f "$jar" ]] && return 0
  local inputs=(pom.xml)
  for module in "${modules[@]}"; do
    inputs+=("$module/pom.xml")
    [[ -d "$module/src/main" ]] && inputs+=("$module/src/main")
  done
  [[ -n "$(find "${inputs[@]}" -newer "$jar" -print -quit)" ]]
}

help=false
for arg in "$@"; do
  [[ "$arg" == --help || "$arg" == -h ]] && help=true
done

if { [[ "$help" == false ]] || [[ ! -f "$jar" ]]; } && stale; then
  echo "building booking-bench.jar (sources changed since the last build; tests skipped) ..." >&2
  # -B and jansi.noreset: no colour codes, not even the resets Maven's console writes at exit
  MAVEN_OPTS="${MAVEN_OPTS:-} -Djansi.noreset=true" \
    mvn -q -B -ntp -Dstyle.color=never -DskipTests -pl booking-bench -am package >&2
fi

java=java
if [[ -n "${JAVA_HOME:-}" ]]; then
  java="$JAVA_HOME/bin/java"
fi
exec "$java" -jar "$jar" "$mode" "$@"
