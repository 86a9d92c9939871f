# Finds a Java 21 or newer; sourced (POSIX sh) by bin/airlock, ./mvnw and .ci/run so all three pick
# the same one, and the start-up cache built by one JDK is used by that JDK only.
#
# airlock_find_java_home MIN java|javac
#   sets AIRLOCK_JAVA_HOME to the first Java home whose feature version is MIN or newer (and that has
#   javac when asked): JAVA_HOME, then the default java's, then the newest under the usual folders
#   (/usr/lib/jvm, /usr/java, /opt/java, macOS's /Library/Java, SDKMAN). Returns 1 when there is none,
#   with AIRLOCK_JAVA_SEEN listing what was looked at, for airlock_no_java_message.
#
# Reads each home's release file (no JVM is started) and runs `java -XshowSettings` only for a home
# without one. Safe under `set -euf` (./mvnw's): it globs with `set +f` and restores the setting.

# Prints the feature version (17, 21, 25) of the Java home $1, or nothing.
airlock_java_feature() {
  _ajf_version=
  if [ -r "$1/release" ]; then
    _ajf_version=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9.]*\).*/\1/p' "$1/release" | head -n 1)
  fi
  if [ -z "$_ajf_version" ] && [ -x "$1/bin/java" ]; then
    _ajf_version=$("$1/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java\.specification\.version = \([0-9][0-9.]*\).*/\1/p' | head -n 1)
  fi
  case "$_ajf_version" in
    1.*) _ajf_version=${_ajf_version#1.} ;;
  esac
  printf '%s\n' "${_ajf_version%%.*}"
}

# The runtime version of the Java home $1 (25.0.3+9-LTS), from its release file; empty when unknown.
airlock_java_runtime_version() {
  if [ -r "$1/release" ]; then
    sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"$/\1/p' "$1/release" | head -n 1
  fi
}

# The Java home of the `java` on PATH, or nothing.
airlock_default_java_home() {
  _adj_java=$(command -v java 2>/dev/null || true)
  [ -n "$_adj_java" ] || return 0
  _adj_java=$(readlink -f "$_adj_java" 2>/dev/null || printf '%s\n' "$_adj_java")
  _adj_home=${_adj_java%/bin/java}
  [ "$_adj_home" != "$_adj_java" ] && printf '%s\n' "$_adj_home"
  return 0
}

# 0 when $1 is a Java home of at least feature version $2 (with javac when $3 is javac).
airlock_java_home_fits() {
  [ -n "$1" ] && [ -x "$1/bin/java" ] || return 1
  [ "$3" != javac ] || [ -x "$1/bin/javac" ] || return 1
  _ajh_feature=$(airlock_java_feature "$1")
  [ -n "$_ajh_feature" ] || return 1
  AIRLOCK_JAVA_SEEN="$AIRLOCK_JAVA_SEEN $1 (Java $_ajh_feature);"
  [ "$_ajh_feature" -ge "$2" ]
}

airlock_find_java_home() {
  AIRLOCK_JAVA_HOME=
  AIRLOCK_JAVA_SEEN=
  if airlock_java_home_fits "${JAVA_HOME-}" "$1" "$2"; then
    AIRLOCK_JAVA_HOME=$JAVA_HOME
    return 0
  fi
  _afj_default=$(airlock_default_java_home)
  if airlock_java_home_fits "$_afj_default" "$1" "$2"; then
    AIRLOCK_JAVA_HOME=$_afj_default
    return 0
  fi
  # The newest of the installed ones.
  _afj_best=
  _afj_best_feature=0
  case $- in *f*) _afj_noglob=1; set +f ;; *) _afj_noglob= ;; esac
  # AIRLOCK_JAVA_CANDIDATES (space-separated globs) replaces the usual folders, for tests of this script.
  for _afj_home in ${AIRLOCK_JAVA_CANDIDATES:-/usr/lib/jvm/* /usr/java/* /opt/java/* \
      /Library/Java/JavaVirtualMachines/*/Contents/Home "${HOME-/nonexistent}"/.sdkman/candidates/java/*}; do
    [ "$_afj_home" != "$_afj_default" ] || continue
    airlock_java_home_fits "$_afj_home" "$1" "$2" || continue
    _afj_feature=$(airlock_java_feature "$_afj_home")
    if [ "$_afj_feature" -gt "$_afj_best_feature" ]; then
      _afj_best=$_afj_home
      _afj_best_feature=$_afj_feature
    fi
  done
  [ -z "$_afj_noglob" ] || set -f
  [ -n "$_afj_best" ] || return 1
  AIRLOCK_JAVA_HOME=$_afj_best
  return 0
}

# Says on stderr, as program $1, that no Java $2+ ($3: "a JDK" or "a JDK or JRE") was found, what was
# looked at and what to install.
airlock_no_java_message() {
  {
    printf '%s: needs Java %s or newer (%s), and found none.\n' "$1" "$2" "$3"
    if [ -n "$AIRLOCK_JAVA_SEEN" ]; then
      printf '  Looked at:%s\n' "$AIRLOCK_JAVA_SEEN" | sed 's/;$//'
    else
      printf '  Looked at: JAVA_HOME, the java on PATH, /usr/lib/jvm, /usr/java, /opt/java, /Library/Java, ~/.sdkman (none there).\n'
    fi
    printf '  Install one beside the Java you have, for example:\n'
    printf '    Debian/Ubuntu: sudo apt-get install openjdk-21-jdk   (or temurin-21-jdk from https://adoptium.net)\n'
    printf '    Fedora/RHEL/Amazon Linux: sudo dnf install java-21-amazon-corretto-devel (or java-21-openjdk-devel)\n'
    printf '    macOS: brew install openjdk@21\n'
    printf '  It is found in /usr/lib/jvm (or the folders above) without further set-up, or set JAVA_HOME to it.\n'
  } >&2
}
