# vmxbench report --site on the emulated runs: valid HTML5 on every page (tidy: no errors,
# no warnings, so no duplicate ids), every page self-contained, and a real browser
# (headless Chromium) loads the index: every chart image decodes, a screenshot at 800 px.
site=$E2E/site
rm -rf "$site"
"$O/vmxbench" report --results "$E2E/results" --site "$site" >"$E2E/site.out" 2>&1
check "report --site writes index, model, machine and case pages" \
	test -s "$site/index.html" -a -n "$(ls "$site/model")" -a -n "$(ls "$site/machine")" \
	-a "$(ls "$site/case" | wc -l)" -gt 100
if command -v tidy >/dev/null; then
	bad=$(for p in "$site"/index.html "$site"/model/*.html "$site"/machine/*.html "$site"/case/*.html; do
		tidy -q -e "$p" >/dev/null 2>&1 || echo "$p"; done | wc -l)
	check "every site page is valid HTML5 (tidy -e: $bad with errors or warnings)" test "$bad" = 0
else
	skip "every site page is valid HTML5" "tidy missing (make deps)"
fi
check "site pages load nothing from elsewhere (no src/href to http, no external stylesheet)" \
	bash -c "! grep -lE '(src|href)=\"(https?:)?//|<link ' '$site'/index.html '$site'/*/*.html"
browser=$(command -v chromium || true)
if [ -n "$browser" ]; then
	# the index with a probe appended: after load it writes how many images failed to decode
	probe=$E2E/site-probe.html
	sed 's#</body>#<script>addEventListener("load",()=>{const i=[...document.images];document.body.dataset.imgs=i.filter(x=>!(x.complete\&\&x.naturalWidth>0)).length+"/"+i.length;});</script></body>#' \
		"$site/index.html" >"$probe"
	dom=$(timeout 120 "$browser" --headless --no-sandbox --disable-gpu --virtual-time-budget=10000 \
		--dump-dom "file://$(realpath "$probe")" 2>/dev/null)
	imgs=$(printf '%s' "$dom" | grep -o 'data-imgs="[0-9]*/[0-9]*"' | head -1)
	check "Chromium: every chart image on the index decodes ($imgs)" \
		bash -c "[[ '$imgs' =~ ^data-imgs=\\\"0/[1-9][0-9]*\\\"$ ]]"
	rm -f "$E2E/site-index.png"
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
		--window-size=800,3000 --screenshot="$E2E/site-index.png" \
		"file://$(realpath "$site/index.html")" >/dev/null 2>&1
	check "Chromium: a screenshot of the index at 800 px ($E2E/site-index.png)" \
		test "$(stat -c %s "$E2E/site-index.png" 2>/dev/null || echo 0)" -gt 20000
	# a hostile page must not run: the sortable-table script is the page's only script
	check "site index holds exactly one script (the table sorter)" \
		test "$(grep -o '<script' "$site/index.html" | wc -l)" = 1
else
	skip "Chromium: chart images decode, screenshot" "chromium missing (make deps)"
fi
