# Finding a Java 25 JDK; sourced by bin/beluga and the scripts, never run on its own.
# Beluga is built for Java 25, while the machine's default `java` may be older (17 on Debian 12).

# The major version of the JDK at $1 (0 if unknown).
beluga_java_major() {
  local home=$1 v=""
  if [[ -r $home/release ]]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$home/release")
  fi
  if [[ -z $v && -x $home/bin/java ]]; then
    v=$("$home/bin/java" -version 2>&1 | sed -n 's/.* version "\([0-9][0-9]*\).*/\1/p' | head -1)
  fi
  echo "${v:-0}"
}

# Prints the home of a Java 25 (or newer) JDK: $JAVA_HOME if it qualifies, else the Temurin 25
# package's home, else any /usr/lib/jvm/*25*. Fails (status 1) when there is none.
beluga_java_home() {
  if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]] && (($(beluga_java_major "$JAVA_HOME") >= 25)); then
    echo "$JAVA_HOME"
    return 0
  fi
  local candidate
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25*; do
    if [[ -x $candidate/bin/java ]] && (($(beluga_java_major "$candidate") >= 25)); then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

beluga_no_java_message() {
  echo "no Java 25 JDK found: set JAVA_HOME to one, or install one under /usr/lib/jvm (e.g. temurin-25-jdk)"
}
