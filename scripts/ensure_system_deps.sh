#!/usr/bin/env bash
# What the tests need outside Python: a running PostgreSQL, Chromium for browser tests, Korean fonts and colour emoji
# (Hangul in screenshots and PDFs), poppler (pdftotext/pdftoppm) and nginx (tests/deploy runs its own
# nginx on a loopback port in front of two app replicas; nothing needs port 80 or the nginx service).
# Installs what is missing with apt-get when run as root; otherwise says what to install and fails.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -e /usr/share/fonts/truetype/nanum/NanumGothic.ttf ] || missing+=(fonts-nanum)
ls /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
# colour emoji: the status dots (🔴🟠🟢) of the complaint signal table; without it Chromium draws boxes
[ -e /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || missing+=(fonts-noto-color-emoji)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v pg_ctlcluster >/dev/null 2>&1 || missing+=(postgresql)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)  # the two-replica test's throwaway TLS certificate

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # Debian's packages start their services on install (nginx's default site on port 80, which may
    # be taken and then fails the install). The tests start their own servers: forbid that here
    # unless the machine already has a policy (Docker images do).
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
      chmod +x /usr/sbin/policy-rc.d
      trap 'rm -f /usr/sbin/policy-rc.d' EXIT
    fi
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Missing system packages: ${missing[*]}" >&2
    echo "Install them with: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

# PostgreSQL: start the local cluster if it is installed but stopped.
if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  if [ -d /etc/postgresql ]; then
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    if [ -n "$version" ] && [ ! -d "/etc/postgresql/$version/main" ] && [ "$(id -u)" -eq 0 ]; then
      pg_createcluster "$version" main >/dev/null
    fi
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  fi
  for _ in $(seq 1 30); do
    pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null && break
    sleep 1
  done
fi
if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  echo "PostgreSQL is not answering on 127.0.0.1:5432; the PostgreSQL tests need it." >&2
  exit 1
fi
echo "system dependencies ready: PostgreSQL, Chromium, Korean and emoji fonts, poppler, nginx"
