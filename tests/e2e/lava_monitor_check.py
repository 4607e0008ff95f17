#!/usr/bin/python3
"""Check a LAVA job's monitor against real record streams (t_lava.sh).

Usage: lava_monitor_check.py JOB.yaml LOG...   (LOG: a serial log or a .gz)

Takes the monitor's pattern and fixupdict from the job, as LAVA would, and
runs the pattern over each whole stream (pexpect searches the console
buffer with Python's re, as here). Checks, printing one line per failure:
- every case record gives one match: test case id = the record's id,
  result = its verdict through the fixupdict (PASS pass, DEVIATION fail,
  SKIP skip);
- every meas record gives one match: id = its name, result pass,
  measurement = its median (absent when the record has none);
- nothing else matches, and a record cut before its crc does not;
- the case names LAVA makes (lower case, \\W+ -> _) are unique in a run.
Prints "N matches in M logs" and exits 0 when all hold.
"""
import gzip
import json
import re
import sys

import yaml


def lava_name(case_id):
    # lava_dispatcher/actions/test/monitor.py: check_patterns()
    return re.sub(r"\W+", "_", case_id.strip().lower())


def main():
    job = yaml.safe_load(open(sys.argv[1]))
    tests = [a["test"] for a in job["actions"] if "test" in a]
    monitor = tests[0]["monitors"][0]
    pattern = re.compile(monitor["pattern"])
    fixup = monitor.get("fixupdict", {})
    want_result = {"PASS": "pass", "DEVIATION": "fail", "SKIP": "skip"}
    bad, total = [], 0

    for path in sys.argv[2:]:
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rt", errors="replace") as f:
            text = f.read()
        expected = []
        for line in text.splitlines():
            at = line.find("VMXB1 ")
            if at < 0:
                continue
            rec = json.loads(line[at + 6:])
            if rec["type"] == "case":
                expected.append((rec["id"], want_result[rec["verdict"]], None))
            elif rec["type"] == "meas":
                med = rec.get("median")
                expected.append((rec["name"], "pass", None if med is None else float(med)))
        got = []
        for m in pattern.finditer(text):
            g = m.groupdict()
            result = fixup.get(g["result"], g["result"])
            meas = g.get("measurement")
            got.append((g["test_case_id"].strip(), result, None if meas is None else float(meas)))
        total += len(got)
        if got != expected:
            first = next((i for i, (a, b) in enumerate(zip(got, expected)) if a != b),
                         min(len(got), len(expected)))
            bad.append("%s: %d matches, %d case/meas records; first difference at %d: got %s, want %s"
                       % (path, len(got), len(expected), first,
                          got[first] if first < len(got) else None,
                          expected[first] if first < len(expected) else None))
        names = [lava_name(e[0]) for e in expected]
        dups = sorted({n for n in names if names.count(n) > 1})
        if dups:
            bad.append("%s: LAVA case names not unique: %s" % (path, dups[:5]))
        # a line received up to before its crc must wait for the rest
        for line in text.splitlines():
            if '"type":"case"' in line or '"type":"meas"' in line:
                cut = line[:line.rfind(',"crc":')]
                if pattern.search(cut):
                    bad.append("%s: a record cut before its crc matches: %s" % (path, cut[:80]))
                break
    for b in bad:
        print("FAIL:", b)
    print("%d matches in %d logs" % (total, len(sys.argv) - 2))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
