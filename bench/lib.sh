# shellcheck shell=bash
# Sourced by the benchmark scripts in bench/: finds a JDK 21+ (exports
# JAVA_HOME), builds the project if it is stale (via ./cairn) and defines
#   cairn_java_cp    prints the launcher's classpath
#   CAIRN_JVM_ARGS   array of JVM options, as the launcher uses them
# Sets no shell options (the caller uses set -euo pipefail).

CAIRN_ROOT=$(CDPATH='' cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)

# shellcheck source-path=SCRIPTDIR/.. source=bin/java-home.sh
. "$CAIRN_ROOT/bin/java-home.sh"
cairn_find_java >/dev/null || return 1
export JAVA_HOME=$CAIRN_JAVA_HOME
cairn_jvm_args "$CAIRN_JAVA_MAJOR"

# Same build check as the CLI, without starting it.
CAIRN_BUILD_ONLY=1 "$CAIRN_ROOT/cairn" || return 1

# Keep in sync with the classpath in ./cairn.
cairn_java_cp() {
  printf '%s\n' "$CAIRN_ROOT/cli/target/classes:$CAIRN_ROOT/cli/target/lib/*:$CAIRN_ROOT/examples/target/classes:$CAIRN_ROOT/examples/target/lib/*${CAIRN_CLASSPATH:+:$CAIRN_CLASSPATH}"
}
