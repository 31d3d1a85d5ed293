#!/usr/bin/env bash
# Fails if any C++ file under plugin/ or tests/ differs from clang-format's output.
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files 'plugin/*.cpp' 'plugin/*.hpp' 'tests/*.cpp' 'tests/*.hpp')
[ ${#files[@]} -eq 0 ] && exit 0
clang-format --dry-run --Werror "${files[@]}"
echo "check-format: ${#files[@]} files formatted"
