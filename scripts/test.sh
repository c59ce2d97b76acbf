#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs what the tests need (Debian packages, the embedded engine), then
# runs the .NET tests and the Rust reference reader's tests, and prints one summary line "N passed, N failed".
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

"$root/scripts/prerequisites.sh"

results="$(mktemp -d)"
status=0
echo "== dotnet test" >&2
dotnet test "$root/MevAnalytics.sln" -c Release --nologo "$@" 2>&1 | tee "$results/dotnet.log" || status=1

if [[ -f "$root/src/lut-reader-rs/Cargo.toml" ]]; then
  echo "== cargo test (Rust reference LUT reader)" >&2
  (cd "$root/src/lut-reader-rs" && cargo test --offline 2>&1) | tee "$results/cargo.log" || status=1
fi

echo "== style: dotnet format --verify-no-changes, C# lines within 120 columns" >&2
style_failed=0
# The .editorconfig's rules, held by CI rather than by goodwill: a failure names the files (and lines) to fix.
if ! dotnet format "$root/MevAnalytics.sln" --verify-no-changes --no-restore -v q >"$results/format.log" 2>&1; then
  grep -E "error|warning" "$results/format.log" | head -40 >&2 || cat "$results/format.log" >&2
  echo "style: FAILED (run \`dotnet format MevAnalytics.sln\`)" >&2; status=1; style_failed=$((style_failed + 1))
fi
long_lines="$(find "$root/src" "$root/jobs" "$root/tests" -name '*.cs' -not -path '*/bin/*' -not -path '*/obj/*' \
  -exec awk 'length > 120 { printf "%s:%d: %d columns\n", FILENAME, FNR, length }' {} +)"
if [[ -n "$long_lines" ]]; then
  echo "$long_lines" | sed "s|^$root/||" | head -40 >&2
  echo "style: FAILED ($(echo "$long_lines" | wc -l) C# lines over 120 columns)" >&2; status=1
  style_failed=$((style_failed + 1))
fi

echo "== notebooks (dotnet-repl, headless)" >&2
notebook_passed=0; notebook_failed=0
# Notebooks reference the job library's own build output (the CLI's output relies on the ASP.NET shared framework).
dotnet build "$root/jobs/MevAnalytics.Jobs/MevAnalytics.Jobs.csproj" -c Release -o "$root/.build/jobs" -p:CopyLocalLockFileAssemblies=true -nologo -v q >/dev/null
dotnet tool restore >/dev/null
# Executed copies (with their inline charts and tables) are kept under TestResults/notebooks/.
executed="$root/TestResults/notebooks"
mkdir -p "$executed"
for nb in "$root"/notebooks/*.ipynb; do
  out="$executed/$(basename "$nb")"
  rm -f "$out" # never judge a previous run's copy
  if (cd "$root/notebooks" && dotnet tool run dotnet-repl --run "$nb" --exit-after-run --output-path "$out" >"$results/notebook.log" 2>&1) \
     && /usr/bin/python3 "$root/scripts/notebook_outputs.py" "$nb" "$out"; then
    notebook_passed=$((notebook_passed + 1)); echo "notebook $(basename "$nb"): passed" >&2
  else
    notebook_failed=$((notebook_failed + 1)); status=1; echo "notebook $(basename "$nb"): FAILED (cell outputs in the executed copy)" >&2
    tail -20 "$results/notebook.log" >&2 || true
    /usr/bin/python3 -c 'import json,sys
for c in json.load(open(sys.argv[1]))["cells"]:
    for o in c.get("outputs", []):
        if o.get("output_type") == "error": print("  cell error:", o.get("evalue", "")[:500])' "$out" >&2 || true
  fi
done

# One line that sums every runner: "N passed, N failed, N skipped".
passed=0; failed=0; skipped=0
while read -r f p s; do passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s)); done < <(
  grep -hoE "Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+" "$results/dotnet.log" | sed -E 's/[^0-9]+/ /g; s/^ //')
if [[ -f "$results/cargo.log" ]]; then
  while read -r p f; do passed=$((passed + p)); failed=$((failed + f)); done < <(
    grep -hoE "test result: [a-zA-Z]+\. [0-9]+ passed; [0-9]+ failed" "$results/cargo.log" | sed -E 's/.*\. ([0-9]+) passed; ([0-9]+) failed/\1 \2/')
fi
passed=$((passed + notebook_passed)); failed=$((failed + notebook_failed + style_failed))
if [[ $passed -eq 0 ]]; then status=1; fi
echo "tests: $passed passed, $failed failed, $skipped skipped"
rm -rf "$results"
exit $status
