# vmxbench report / export / chart on the runs the e2e boots stored
# (docs/host-tools.md): sections present, emulated numbers labelled,
# exports parse and hold every record, gnuplot draws SVG and PNG.
R="$E2E/results"
RP="$E2E/report"
rm -rf "$RP" && mkdir -p "$RP"
"$O/vmxbench" report --results "$R" --out "$RP/REPORT.md" --charts-dir "$RP/charts" --charts \
	>"$RP/report.out" 2>&1
check "report --charts writes the report" test -s "$RP/REPORT.md"
check "report has the conformance and measurements sections" \
	sh -c "grep -q '^## Conformance (case records)' '$RP/REPORT.md' && grep -q '^## Measurements (meas records)' '$RP/REPORT.md'"
check "report labels the Bochs noise tables 'emulated: Bochs TSC counts instructions'" \
	grep -q '^#### corei7_haswell_4770 — \*\*emulated: Bochs TSC counts instructions\*\*' "$RP/REPORT.md"
check "report shows nop10 = 10 instructions/op on haswell, its median's 95 % CI 10–10" \
	grep -q '^| nop10 | 10 | 10–10 | 10 | 10 | 10 | 0 | 200 | 0 | tsc_ticks/op |$' "$RP/REPORT.md"
check "report says once per table that Bochs has no core cycles, and why" \
	grep -q '^Core cycles: not available in these records (.*); figures are TSC ticks\.$' "$RP/REPORT.md"
check "report shows the suite durations of the runs" \
	grep -q '^| [^|]* (emulated) | .*noise [0-9.]* [mµ]*s' "$RP/REPORT.md"
if command -v gnuplot >/dev/null; then
	check "chart: noise medians drawn as PNG" sh -c "head -c 8 '$RP/charts/noise-medians.png' | od -An -c | grep -q 'P   N   G'"
	check "chart: noise medians drawn as SVG, titled emulated" \
		grep -q 'median per model (emulated' "$RP/charts/noise-medians.svg"
	check "chart: gnuplot drew every chart without an error" \
		sh -c "! grep -q 'failed' '$RP/report.out'"
	check "report links the chart it drew" grep -q '](charts/noise-medians.png)' "$RP/REPORT.md"
else
	skip "chart rendering" "gnuplot not installed (gnuplot-nox)"
fi
nmeas=$(cat "$R"/*/*.json | jq -s '[.[].records[] | select(.type=="meas")] | length')
"$O/vmxbench" export --results "$R" --format json --type meas --out "$RP/meas.json" 2>/dev/null
check "export json: valid, every meas record ($nmeas)" \
	test "$(jq length "$RP/meas.json" 2>/dev/null)" = "$nmeas"
check "export json: emulated runs flagged" \
	test "$(jq '[.[] | select(.run_emulated and .run_emulator != null)] | length' "$RP/meas.json")" != 0
"$O/vmxbench" export --results "$R" --format csv --type meas --out "$RP/meas.csv" 2>/dev/null
check "export csv: a header and one line per meas record" \
	test "$(wc -l <"$RP/meas.csv")" = "$((nmeas + 1))"
check "export csv: header starts with the run columns" \
	grep -q '^run_id,run_cpu,run_model,run_emulated,run_emulator,type,seq,suite,name,' "$RP/meas.csv"
ncase=$(cat "$R"/*/*.json | jq -s '[.[].records[] | select(.type=="case")] | length')
if [ "$ncase" != 0 ]; then
	check "report: conformance matrix present" grep -q '^### Matrix' "$RP/REPORT.md"
	check "report: a deviation every model shows is one line (all N models that ran it)" \
		grep -q '| all [0-9]* models that ran it (all emulated) |' "$RP/REPORT.md"
	"$O/vmxbench" export --results "$R" --format csv --type case --out "$RP/case.csv" 2>/dev/null
	check "export csv: case columns (id, sdm, verdict)" \
		sh -c "head -1 '$RP/case.csv' | grep -q ',id,sdm,desc,expected,observed,verdict'"
else
	skip "conformance matrix" "no e2e boot ran a suite with case records"
fi
check "export without --format is a usage error (exit 2)" \
	sh -c "'$O/vmxbench' export --results '$R' >/dev/null 2>&1; test \$? = 2"
"$O/vmxbench" report --results "$R" --format html --out "$RP/REPORT.html" \
	--charts-dir "$RP/charts" >/dev/null 2>&1
check "report --format html: one page with the matrix and the chart images inlined (mailable alone)" \
	sh -c "grep -q '<h2 id=\"conformance-case-records\">' '$RP/REPORT.html' && grep -q '<img alt=\"Medians per model\" src=\"data:image/png;base64,' '$RP/REPORT.html' && ! grep -q 'src=\"charts/' '$RP/REPORT.html'"
if command -v tidy >/dev/null; then
	check "report --format html is valid HTML5 (tidy: no duplicate ids, no errors, no warnings)" \
		tidy -q -e "$RP/REPORT.html"
fi
# The conformance cases for CI systems: JUnit XML (well-formed, counts agree) and TAP.
"$O/vmxbench" export --format junit --results "$E2E/results" --out "$E2E/cases.xml" 2>/dev/null
ncase=$("$O/vmxbench" export --format json --results "$E2E/results" 2>/dev/null | jq length)
if command -v xmllint >/dev/null; then
	check "export --format junit is well-formed XML" xmllint --noout "$E2E/cases.xml"
	check "JUnit: one testcase per case record ($ncase)" \
		test "$(xmllint --xpath 'count(//testcase)' "$E2E/cases.xml")" = "$ncase"
	check "JUnit: every DEVIATION is a failure" test \
		"$(xmllint --xpath 'count(//failure)' "$E2E/cases.xml")" = \
		"$("$O/vmxbench" export --format json --results "$E2E/results" 2>/dev/null | jq '[.[] | select(.verdict == "DEVIATION")] | length')"
else
	skip "export --format junit is well-formed XML" "xmllint missing (make deps)"
fi
"$O/vmxbench" export --format tap --results "$E2E/results" --out "$E2E/cases.tap" 2>/dev/null
check "export --format tap: plan 1..$ncase and as many test lines" test \
	"$(sed -n 2p "$E2E/cases.tap")/$(grep -cE '^(not )?ok ' "$E2E/cases.tap")" = "1..$ncase/$ncase"
check "export --type typo is an error (exit 2)" \
	bash -c "'$O/vmxbench' export --format csv --results '$E2E/results' --type typo >/dev/null 2>&1; test \$? = 2"
# vmxbench compare on the emulated runs: two models differ, a model against itself does not.
"$O/vmxbench" compare --results "$E2E/results" --format json --out "$E2E/cmp.json" \
	model:corei7_haswell_4770 model:tigerlake 2>/dev/null
check "compare haswell tigerlake: capability differences found (Tiger Lake adds controls Haswell lacks)" \
	jq -e '.capabilities.differ | map(select(.a == "no" and .b == "yes")) | length > 3' "$E2E/cmp.json"
check "compare haswell tigerlake: every differing case carries both outcomes and a kind" \
	jq -e '.conformance.differ | length > 0 and all(.a != null and .b != null and (.kind | IN("verdict","skip","outcome")))' "$E2E/cmp.json"
"$O/vmxbench" compare --results "$E2E/results" --fail-on difference model:tigerlake model:tigerlake \
	>"$E2E/cmp-self.md" 2>/dev/null
check "compare a model with itself: no difference (exit 0 with --fail-on difference)" test $? = 0
"$O/vmxbench" compare --results "$E2E/results" --fail-on difference model:corei7_haswell_4770 \
	model:tigerlake >/dev/null 2>&1
check "compare --fail-on difference exits 3 when the models differ" test $? = 3
"$O/vmxbench" compare --results "$E2E/results" --format html --out "$E2E/cmp.html" \
	model:corei7_haswell_4770 model:tigerlake 2>/dev/null
if command -v tidy >/dev/null; then
	check "compare --format html is valid HTML5 (tidy: no errors, no warnings)" \
		tidy -q -e "$E2E/cmp.html"
else
	skip "compare --format html is valid HTML5" "tidy missing (make deps)"
fi
check "compare of a name nothing matches fails (exit 1)" \
	bash -c "'$O/vmxbench' compare --results '$E2E/results' model:nosuch model:tigerlake >/dev/null 2>&1; test \$? = 1"
