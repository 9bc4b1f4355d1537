# Finds a JDK 21 or newer; sourced by ./chatbridge and .ci/run so that both choose the same way.
#   chatbridge_find_jdk   prints the Java home to use, or explains on stderr and fails:
#                         $JAVA_HOME when it is a JDK 21+, otherwise the newest JDK 21+ under
#                         $CHATBRIDGE_JVM_DIR (default /usr/lib/jvm).

# The feature version (8, 17, 21, 25) of the JDK at $1, from its release file (no JVM start), else from java -version.
chatbridge_jdk_version() {
  local home=$1 version=""
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 1
  if [ -r "$home/release" ]; then
    version=$(sed -n -E 's/^JAVA_VERSION="?([^"]*)"?$/\1/p' "$home/release")
  fi
  if [ -z "$version" ]; then
    version=$("$home/bin/java" -version 2>&1 | sed -n -E '1s/.*version "([^"]+)".*/\1/p')
  fi
  version=${version#1.} # 1.8.0_402 is 8
  version=${version%%[!0-9]*}
  [ -n "$version" ] && echo "$version"
}

chatbridge_find_jdk() {
  local version best="" best_version=0 dir
  if [ -n "${JAVA_HOME:-}" ] && version=$(chatbridge_jdk_version "$JAVA_HOME") && [ "$version" -ge 21 ]; then
    echo "${JAVA_HOME%/}"
    return 0
  fi
  for dir in "${CHATBRIDGE_JVM_DIR:-/usr/lib/jvm}"/*/; do
    dir=${dir%/}
    version=$(chatbridge_jdk_version "$dir") || continue
    if [ "$version" -gt "$best_version" ]; then
      best=$dir
      best_version=$version
    fi
  done
  if [ "$best_version" -lt 21 ]; then
    echo "No JDK 21 or newer: JAVA_HOME is ${JAVA_HOME:-unset} and ${CHATBRIDGE_JVM_DIR:-/usr/lib/jvm} has none." \
      "Install one (e.g. apt install openjdk-21-jdk, or Temurin 21 or 25) or point JAVA_HOME at it." >&2
    return 1
  fi
  echo "$best"
}
