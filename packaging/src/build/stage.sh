#!/bin/sh
# Lays out the install trees that the assembly (tarball) and jdeb (.deb) plugins pack:
#   target/tar/gfctl-VERSION/  bin/gfctl lib/gfctl.{jar,classlist}[.jsa] lib/gfctl-c2.directives lib/native
#                              share/man/man1
#                              share/{bash-completion,zsh}
#   target/deb/                usr/share/gfctl/{bin,lib} usr/share/man/man1/*.1.gz usr/share/{bash-completion,zsh}
#   lib/native/Linux/ARCH/libsqlitejdbc.so: the SQLite driver's library, which the launcher loads from there.
# Usage: stage.sh VERSION TIMESTAMP TOP_DIR TARGET_DIR
#   TIMESTAMP: project.build.outputTimestamp, the mtime the archives give every file; the jar
#   gets it before the AppCDS archive is built, because the JVM checks the jar's mtime.
#   TOP_DIR: the reactor root, whose cli, man and completions modules are built.
set -eu
version=$1 timestamp=$2 top=$3 target=$4
launcher=$top/packaging/src/main/sh/gfctl
jar=$top/cli/target/gfctl.jar
classlist=$top/cli/target/gfctl.classlist
native=$top/cli/target/native
directives=$top/cli/target/gfctl-c2.directives
man1=$top/man/target/man/man1
completions=$top/completions/target/completions
for f in "$jar" "$classlist" "$directives" "$native/Linux/x86_64/libsqlitejdbc.so" "$man1/gfctl.1" "$completions/gfctl" "$completions/_gfctl"; do
  [ -f "$f" ] || { echo "stage.sh: $f is missing: build with -am (e.g. ./mvnw -pl packaging -am package)" >&2; exit 1; }
done

tar=$target/tar/gfctl-$version
rm -rf "$target/tar" "$target/deb"
mkdir -p "$tar/bin" "$tar/lib" "$tar/share/man/man1" "$tar/share/bash-completion/completions" \
         "$tar/share/zsh/site-functions"
cp "$launcher" "$tar/bin/gfctl"
chmod 755 "$tar/bin/gfctl"
cp "$jar" "$tar/lib/gfctl.jar"
touch -d "$timestamp" "$tar/lib/gfctl.jar"
cp "$classlist" "$tar/lib/gfctl.classlist"
cp "$directives" "$tar/lib/gfctl-c2.directives"
cp -R "$native" "$tar/lib/native"
cp "$man1"/*.1 "$tar/share/man/man1/"
cp "$completions/gfctl" "$tar/share/bash-completion/completions/gfctl"
cp "$completions/_gfctl" "$tar/share/zsh/site-functions/_gfctl"
# The launcher builds lib/gfctl.jsa for this JVM on its first run; valid wherever the tree is
# unpacked at the same path with the same JVM, else rebuilt there on first run when writable.
"$tar/bin/gfctl" --version >/dev/null || echo "stage.sh: no AppCDS archive (gfctl --version failed)" >&2

deb=$target/deb
mkdir -p "$deb/usr/share/gfctl/bin" "$deb/usr/share/gfctl/lib" "$deb/usr/share/man/man1" \
         "$deb/usr/share/bash-completion/completions" "$deb/usr/share/zsh/vendor-completions"
cp "$launcher" "$deb/usr/share/gfctl/bin/gfctl"
cp "$jar" "$deb/usr/share/gfctl/lib/gfctl.jar"
cp "$classlist" "$deb/usr/share/gfctl/lib/gfctl.classlist"
cp "$directives" "$deb/usr/share/gfctl/lib/gfctl-c2.directives"
cp -R "$native" "$deb/usr/share/gfctl/lib/native"
for page in "$man1"/*.1; do
  gzip -9nc "$page" > "$deb/usr/share/man/man1/${page##*/}.gz"
done
cp "$completions/gfctl" "$deb/usr/share/bash-completion/completions/gfctl"
cp "$completions/_gfctl" "$deb/usr/share/zsh/vendor-completions/_gfctl"
