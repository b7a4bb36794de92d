# shellcheck shell=bash
# Find a JDK (Java 21 or newer) for Cairn. Meant to be SOURCED:
#
#   . bin/java-home.sh
#   JAVA_HOME=$(cairn_find_java) || exit 1
#
# cairn_find_java prints the JDK home on stdout. Called directly (not inside
# $(...)) it also sets CAIRN_JAVA_HOME and CAIRN_JAVA_MAJOR.
# Search order: $JAVA_HOME, then `java` on PATH, then the usual install
# directories (the highest version there wins). A candidate must have both
# bin/java and bin/javac (a JDK, not a JRE).
#
# CAIRN_JDK_SEARCH_DIRS: colon-separated glob patterns that replace the list
# of usual install directories (empty = search none; used by tests).
#
# Because it is sourced, this file sets no shell options (set -euo pipefail
# belongs to the caller); it is safe under them.

CAIRN_MIN_JAVA=21

# Major version of a java binary ($1), from `java -version`:
# version "21.0.2" -> 21, "25" -> 25, "26-ea" -> 26, "1.8.0_402" -> 8.
_cairn_java_bin_major() {
  local out ver re='version "([^"]+)"'
  [[ -x $1 ]] || return 1
  out=$("$1" -version 2>&1) || return 1
  [[ $out =~ $re ]] || return 1
  ver=${BASH_REMATCH[1]}
  if [[ $ver == 1.* ]]; then ver=${ver#1.}; fi
  ver=${ver%%[!0-9]*}
  [[ -n $ver ]] || return 1
  printf '%s\n' "$ver"
}

# Major version of the JDK at home $1; fails if it is not a JDK.
cairn_java_major() {
  [[ -n ${1:-} && -x $1/bin/java && -x $1/bin/javac ]] || return 1
  _cairn_java_bin_major "$1/bin/java"
}

_cairn_found() {
  CAIRN_JAVA_HOME=$1
  CAIRN_JAVA_MAJOR=$2
  if [[ -n ${JAVA_HOME:-} && ${JAVA_HOME%/} != "$1" ]]; then
    printf 'cairn: JAVA_HOME=%s is not a JDK %s or newer; using %s (Java %s)\n' \
      "$JAVA_HOME" "$CAIRN_MIN_JAVA" "$1" "$2" >&2
  fi
  printf '%s\n' "$1"
}

cairn_find_java() {
  local min=$CAIRN_MIN_JAVA home major java_bin="" path_major=""
  local best="" best_major=0 pattern cand real seen=$'\n' patterns path_desc
  local -a pats=()
  # shellcheck disable=SC2034 # outputs, read by the caller
  CAIRN_JAVA_HOME="" CAIRN_JAVA_MAJOR=""

  # 1. JAVA_HOME
  if [[ -n ${JAVA_HOME:-} ]]; then
    home=${JAVA_HOME%/}
    if major=$(cairn_java_major "$home") && ((major >= min)); then
      _cairn_found "$home" "$major"
      return 0
    fi
  fi

  # 2. java on PATH (resolve symlinks such as /usr/bin/java -> /etc/alternatives/...)
  if java_bin=$(type -P java 2>/dev/null) && [[ -n $java_bin ]]; then
    path_major=$(_cairn_java_bin_major "$java_bin") || path_major=""
    home=$(readlink -f "$java_bin" 2>/dev/null) || home=$java_bin
    home=${home%/bin/java}
    home=${home%/jre} # JDK 8 layout: <jdk>/jre/bin/java
    # macOS: /usr/bin/java is a stub that dispatches to the default JDK.
    if [[ $home == /usr && -x /usr/libexec/java_home ]]; then
      home=$(/usr/libexec/java_home 2>/dev/null) || home=/usr
    fi
    if [[ -n $path_major ]] && ((path_major >= min)) &&
      major=$(cairn_java_major "$home") && ((major >= min)); then
      _cairn_found "$home" "$major"
      return 0
    fi
  fi

  # 3. The usual install directories: the highest version wins.
  patterns=${CAIRN_JDK_SEARCH_DIRS-"/usr/lib/jvm/*:/usr/java/*:/opt/java/*:/opt/jdk*:${HOME:-/nonexistent}/.sdkman/candidates/java/*:/Library/Java/JavaVirtualMachines/*/Contents/Home"}
  if [[ -n $patterns ]]; then
    IFS=: read -r -a pats <<<"$patterns"
  fi
  for pattern in ${pats[@]+"${pats[@]}"}; do
    [[ -n $pattern ]] || continue
    while IFS= read -r cand; do
      cand=${cand%/}
      real=$(CDPATH='' cd -P -- "$cand" 2>/dev/null && pwd) || continue
      case $seen in *$'\n'"$real"$'\n'*) continue ;; esac
      seen+="$real"$'\n'
      major=$(cairn_java_major "$cand") || continue
      if ((major >= min && major > best_major)); then
        best=$cand
        best_major=$major
      fi
    done < <(compgen -G "$pattern" || true)
  done
  if [[ -n $best ]]; then
    _cairn_found "$best" "$best_major"
    return 0
  fi

  if [[ -z $java_bin ]]; then
    path_desc="no java on PATH"
  elif [[ -n $path_major ]]; then
    path_desc="java on PATH is version $path_major"
  else
    path_desc="java on PATH ($java_bin) reports no version"
  fi
  printf 'cairn: no JDK %s or newer found (JAVA_HOME=%s, %s). Install one (e.g. Temurin 21) and set JAVA_HOME.\n' \
    "$min" "${JAVA_HOME:-<unset>}" "$path_desc" >&2
  return 1
}

# Sets the array CAIRN_JVM_ARGS: $CAIRN_JAVA_OPTS split on whitespace when that
# variable is set (even empty), else Cairn's defaults for Java major $1
# (default: $CAIRN_JAVA_MAJOR). Use as: ${CAIRN_JVM_ARGS[@]+"${CAIRN_JVM_ARGS[@]}"}
cairn_jvm_args() {
  local major=${1:-${CAIRN_JAVA_MAJOR:-0}}
  CAIRN_JVM_ARGS=()
  if [[ -n ${CAIRN_JAVA_OPTS+set} ]]; then
    read -r -a CAIRN_JVM_ARGS <<<"$CAIRN_JAVA_OPTS"
  else
    # Arrow (the codec of numeric and tabular artifacts, and the Snowflake JDBC driver's shaded copy) reads
    # buffers through java.nio internals
    CAIRN_JVM_ARGS=(-XX:+UseParallelGC -Xss1m --add-opens=java.base/java.nio=ALL-UNNAMED)
    if ((major >= 22)); then
      CAIRN_JVM_ARGS+=(--enable-native-access=ALL-UNNAMED)
    fi
    # protobuf (Tribuo's model format) still reads arrays through sun.misc.Unsafe
    if ((major >= 24)); then
      CAIRN_JVM_ARGS+=(--sun-misc-unsafe-memory-access=allow)
    fi
  fi
}
