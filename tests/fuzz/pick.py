#!/usr/bin/env python3
"""tests/fuzz/pick.py BUILD_DIR MAX DRIVER... -- after `make fuzz`, copies
into each driver's committed corpus (tests/fuzz/corpus/<driver>/) at most
MAX inputs of its scratch corpus (BUILD_DIR/corpus/<driver>/) that reach
code edges the committed corpus does not: greedily, each time the one
adding the most edges to the committed corpus and those already taken
(libFuzzer's merge says which edges are new; its -reduce_inputs already
shrank the inputs while fuzzing; ties go to the smallest). They are
named found-<sha1 prefix>. Prints what it took. Run `make fuzz-replay`
afterwards."""
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def new_edges(build, driver, committed, scratch):
    """{path: edges new over the committed corpus} for the files of
    scratch, by one libFuzzer merge (which credits each edge to the first
    file reaching it, the smallest first)."""
    with tempfile.TemporaryDirectory() as tmp:
        first = os.path.join(tmp, "first")
        shutil.copytree(committed, first)
        cf = os.path.join(tmp, "control")
        subprocess.run([os.path.join(build, driver), "-merge=1",
                        "-merge_control_file=" + cf, first, scratch],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=True)
        lines = open(cf).read().split("\n")
    nfiles, nfirst = int(lines[0]), int(lines[1])
    paths = lines[2:2 + nfiles]
    new = {}
    for ln in lines[2 + nfiles:]:
        f = ln.split()
        if len(f) >= 2 and f[0] == "COV" and int(f[1]) >= nfirst:
            new[paths[int(f[1])]] = len(f) - 2
    return new


def pick(build, maxn, driver):
    committed = os.path.join(ROOT, "tests/fuzz/corpus", driver)
    scratch = os.path.join(build, "corpus", driver)
    if not os.path.isdir(scratch) or not os.listdir(scratch):
        print("%s: no scratch corpus" % driver)
        return
    taken = []
    while len(taken) < maxn:
        # the merge credits an edge to the first (smallest) scratch file
        # reaching it; try the best few alone for their true gain
        new = new_edges(build, driver, committed, scratch)
        cands = sorted((p for p, n in new.items() if n > 0),
                       key=lambda p: (-new[p], os.path.getsize(p)))[:5]
        best, gain = None, 0
        for p in cands:
            with tempfile.TemporaryDirectory() as one:
                shutil.copy(p, one)
                n = new_edges(build, driver, committed, one).get(
                    os.path.join(one, os.path.basename(p)), 0)
            if n > gain or (n == gain and best is not None and
                            os.path.getsize(p) < os.path.getsize(best)):
                best, gain = p, n
        if best is None:
            break
        data = open(best, "rb").read()
        name = "found-" + hashlib.sha1(data).hexdigest()[:12]
        with open(os.path.join(committed, name), "wb") as f:
            f.write(data)
        taken.append("%s (+%d edges, %d bytes)" % (name, gain, len(data)))
    print("%s: took %d: %s" % (driver, len(taken), ", ".join(taken) or "-"))


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    build, maxn = os.path.abspath(sys.argv[1]), int(sys.argv[2])
    for d in sys.argv[3:]:
        pick(build, maxn, d)


main()
