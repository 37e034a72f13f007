#!/usr/bin/env python3
"""pm against its floor, the sqlite3 command itself, at N = 10,000, 100,000 and 1,000,000 notes.

    cargo build --release && python3 bench/bench.py            # writes bench/results.md
    python3 bench/bench.py --sizes 1000000                     # one size alone

Needs: python3 and the sqlite3 CLI (apt-get install sqlite3). Not part of the test
suite. Every number is a median of whole-process runs (pm and the floor taking
turns), so start-up, opening the file and printing are all counted.
"""

import argparse
import csv
import os
import re
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PM = os.path.join(ROOT, "target", "release", "pm")
NOW = "2026-11-20T09:00:00Z"
MARKER = "zeppelin"  # the word in 1 % of the notes that search looks for

WORDS = (
    "export import report latency onboarding pricing invoice customer dashboard mobile sync offline calendar "
    "reminder template search filter sort tag label archive share permission admin billing usage trial upgrade "
    "downgrade integration slack email webhook api token password login sso audit compliance security backup "
    "restore history undo redo draft publish review approve comment mention notify digest weekly monthly daily "
    "chart graph table column row cell formula spreadsheet csv pdf print scan photo upload download storage quota "
    "team workspace project board card list task owner deadline priority estimate sprint roadmap release feedback "
    "survey interview churn retention activation funnel conversion signup referral growth revenue margin cost "
    "support ticket bug crash slow fast reliable simple confusing missing broken wish need want hate love "
    "morning evening weekend travel airport hotel flight payload range altitude weather hot cold summer winter"
).split()
FIRST = "Alice Bob Carol Dana Eli Fatima Gus Hana Ivan Jonas Kira Liam Maya Noor Omar Priya Quinn Rosa Sam Tara".split()
SEGMENTS = ["smb", "mid-market", "enterprise", "startup", "public"]
SOURCES = ["interview", "sales", "support", "analytics", "survey", "idea", "other"]
TAGS = [f"t{i:02d}" for i in range(50)]


def generate(n, folder):
    """The same rows for pm (import CSVs) and for the floor (CSVs matching its tables)."""
    rng = random.Random(n)
    people = [f"{rng.choice(FIRST)} {rng.choice(WORDS).capitalize()}son{i}" for i in range(3000)]
    orgs = [f"{rng.choice(WORDS).capitalize()} {i} Ltd" for i in range(400)]
    with open(f"{folder}/orgs.csv", "w", newline="") as f:  # accounts, as a CRM exports them
        w, org_rng = csv.writer(f), random.Random(-n)  # its own draws: the notes stay the same
        w.writerow(["name", "segment", "plan", "arr", "seats"])
        for o in orgs:
            w.writerow([o, org_rng.choice(SEGMENTS), org_rng.choice(["Starter", "Team", "Scale"]),
                        f"${org_rng.randint(1, 500) * 1000:,}", org_rng.randint(5, 2000)])
    n_stories = n // 10
    base = time.mktime(time.strptime("2026-11-20", "%Y-%m-%d"))
    with open(f"{folder}/stories.csv", "w", newline="") as pm_f, open(f"{folder}/floor_stories.csv", "w", newline="") as fl_f:
        pm_w, fl_w = csv.writer(pm_f), csv.writer(fl_f)
        pm_w.writerow(["request", "reach", "impact", "confidence", "effort"])
        for i in range(1, n_stories + 1):
            request = " ".join(rng.choice(WORDS) for _ in range(10)).capitalize()
            reach, impact = rng.randint(1, 500), rng.choice([0.25, 0.5, 1, 2, 3])
            confidence, effort = rng.choice([50, 80, 100]), rng.choice([0.5, 1, 2, 3, 5, 8])
            pm_w.writerow([request, reach, impact, confidence, effort])
            fl_w.writerow([i, request, reach, impact, confidence, effort, round(reach * impact * confidence / 100 / effort, 2)])
    with open(f"{folder}/notes.csv", "w", newline="") as pm_f, open(f"{folder}/floor_notes.csv", "w", newline="") as fl_f, \
            open(f"{folder}/floor_links.csv", "w", newline="") as ln_f, \
            open(f"{folder}/floor_tags.csv", "w", newline="") as tg_f:
        pm_w, fl_w, ln_w, tg_w = csv.writer(pm_f), csv.writer(fl_f), csv.writer(ln_f), csv.writer(tg_f)
        pm_w.writerow(["body", "who", "org", "segment", "source", "on", "tags", "stories"])
        for i in range(1, n + 1):
            words = [rng.choice(WORDS) for _ in range(60)]
            if i % 100 == 0:
                words[rng.randrange(60)] = MARKER
            body = " ".join(words).capitalize() + "."
            who, org = rng.choice(people), rng.choice(orgs)
            segment, source = rng.choice(SEGMENTS), rng.choice(SOURCES)
            on = time.strftime("%Y-%m-%d", time.localtime(base - rng.randrange(365) * 86400))
            tags = rng.sample(TAGS, rng.randint(0, 3))
            stories = sorted(set(rng.randint(1, n_stories) for _ in range(rng.randint(1, 3))))
            pm_w.writerow([body, who, org, segment, source, on, ";".join(tags), ";".join(f"S{s}" for s in stories)])
            fl_w.writerow([i, body, who, org, segment, source, on, NOW])
            for s in stories:
                ln_w.writerow([s, i])
            for t in tags:
                tg_w.writerow([i, t])


FLOOR_SCHEMA = f"""
CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT, who TEXT, org TEXT, segment TEXT, source TEXT, on_date TEXT, created TEXT);
CREATE INDEX notes_by_on ON notes (on_date, id);
CREATE TABLE stories (id INTEGER PRIMARY KEY, request TEXT, reach REAL, impact REAL, confidence REAL, effort REAL, score REAL);
CREATE INDEX stories_by_score ON stories (score DESC);
CREATE TABLE links (story_id INTEGER, note_id INTEGER, PRIMARY KEY (story_id, note_id)) WITHOUT ROWID;
CREATE TABLE note_tags (note_id INTEGER, tag TEXT, PRIMARY KEY (note_id, tag)) WITHOUT ROWID;
CREATE VIRTUAL TABLE notes_fts USING fts5 (body, who, org, content = 'notes', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2');
"""
FLOOR_TRIGGER = """
CREATE TRIGGER notes_fts_ai AFTER INSERT ON notes BEGIN
  INSERT INTO notes_fts (rowid, body, who, org) VALUES (new.id, new.body, new.who, new.org);
END;
"""


def floor_import_script(folder):
    return (
        FLOOR_SCHEMA
        + f".mode csv\n.import {folder}/floor_stories.csv stories\n.import {folder}/floor_notes.csv notes\n"
        + f".import {folder}/floor_links.csv links\n.import {folder}/floor_tags.csv note_tags\n"
        + "INSERT INTO notes_fts (notes_fts) VALUES ('rebuild');\n"
        + FLOOR_TRIGGER
    )


def watch_peak(pid):
    """Start watching `pid`'s peak resident memory: its VmHWM, read from /proc
    every 2 ms while it runs (the process's own address space after exec; rusage
    would count the forked Python, and /usr/bin/time is not on every machine).
    Returns (thread, [peak KiB])."""
    peak = [0]

    def watch():
        path = f"/proc/{pid}/status"
        while True:
            try:
                with open(path) as f:
                    text = f.read()
            except OSError:
                return
            if "State:\tZ" in text:
                return
            for line in text.splitlines():
                if line.startswith("VmHWM:"):
                    peak[0] = max(peak[0], int(line.split()[1]))
            time.sleep(0.002)

    t = threading.Thread(target=watch)
    t.start()
    return t, peak


def run(cmd, env, stdin=None, memory=False):
    """Run one process; return (seconds, peak resident KiB when `memory`)."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, env=env, stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    watcher = watch_peak(p.pid) if memory else None
    if stdin:
        p.stdin.write(stdin.encode())
        p.stdin.close()
    # Reap only once the watcher has seen the process end (a zombie keeps its
    # /proc entry), so the last reading is taken.
    if watcher:
        watcher[0].join()
    _, status, usage = os.wait4(p.pid, 0)
    elapsed = time.perf_counter() - start
    p.returncode = os.waitstatus_to_exitcode(status)
    err = p.stderr.read().decode(errors="replace")
    if p.returncode != 0:
        sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{err}")
    return elapsed, watcher[1][0] if watcher else None


def pm_env(db, home):
    env = {"PATH": os.environ.get("PATH", ""), "HOME": home, "XDG_CONFIG_HOME": f"{home}/config",
           "XDG_DATA_HOME": f"{home}/data", "PM_DB": db, "PM_NOW": NOW, "NO_COLOR": "1", "COLUMNS": "120"}
    return env


# The 1-minute load average as each measure starts: how busy the machine was.
LOADS = []


def measure(n, runs, rows):
    folder = tempfile.mkdtemp(prefix=f"pm-bench-{n}-")
    print(f"N = {n}: generating in {folder}", flush=True)
    generate(n, folder)
    env = pm_env(f"{folder}/pm.db", folder)
    floor_db = f"{folder}/floor.db"

    def pm_import(db, memory=False):
        e = dict(env, PM_DB=db)
        for f in [f"{db}", f"{db}-wal", f"{db}-shm"]:
            if os.path.exists(f):
                os.remove(f)
        run([PM, "import", f"{folder}/stories.csv"], e)
        run([PM, "import", f"{folder}/orgs.csv", "--kind", "orgs"], e)
        return run([PM, "import", f"{folder}/notes.csv"], e, memory=memory)

    def floor_import(db):
        for f in [db, f"{db}-wal", f"{db}-shm"]:
            if os.path.exists(f):
                os.remove(f)
        return run(["sqlite3", db], {"PATH": os.environ["PATH"]}, stdin=floor_import_script(folder))

    # A 1,000,000-note import takes over a minute (and the floor's almost as long):
    # 3 runs each there, not 9.
    import_runs = runs if n < 1_000_000 else min(runs, 3)
    print(f"  import x{import_runs}", flush=True)
    LOADS.append(os.getloadavg()[0])
    pm_t, fl_t = [], []
    import_mem = None
    for i in range(import_runs):
        # The first run's peak memory is the notes import's (the big one).
        t, mem = pm_import(f"{folder}/import-pm.db", memory=i == 0)
        pm_t.append(t)
        import_mem = import_mem or mem
        fl_t.append(floor_import(f"{folder}/import-floor.db")[0])
    shutil.copy(f"{folder}/import-pm.db", f"{folder}/pm.db")
    for suffix in ["-wal", "-shm"]:
        if os.path.exists(f"{folder}/import-pm.db{suffix}"):
            shutil.copy(f"{folder}/import-pm.db{suffix}", f"{folder}/pm.db{suffix}")
    shutil.copy(f"{folder}/import-floor.db", floor_db)
    rows.append(row(n, f"import {n:,} notes (+ stories, links, index)", pm_t, fl_t, "<= 2x, <= 50 MB", 2.0,
                    import_mem, mem_limit=50 * 1024, runs=import_runs))

    # A meeting pins the baseline; the timed reports show what changed since it.
    run([PM, "report", "--record", "Bench baseline"], env)
    floor_sql = {
        "add": f"INSERT INTO notes (body, who, org, segment, source, on_date, created) VALUES "
               f"('Exports take an hour for the whole team', 'Bench Person', 'Bench Org', 'smb', 'interview', '2026-11-20', '{NOW}');",
        "list": "SELECT id, on_date, who, org, body FROM notes ORDER BY on_date DESC, id DESC LIMIT 20;",
        "search": f"SELECT rowid, snippet(notes_fts, -1, '[', ']', '…', 16) FROM notes_fts WHERE notes_fts MATCH '{MARKER}' ORDER BY rank LIMIT 20;",
        "report": "SELECT id, request, score FROM stories ORDER BY score DESC LIMIT 20; "
                  "SELECT source, count(*) FROM notes WHERE on_date >= '2026-10-21' GROUP BY source;",
        "report_all": "SELECT id, request, score FROM stories ORDER BY score DESC LIMIT 20; "
                      "SELECT source, count(*) FROM notes WHERE on_date >= '2000-01-01' GROUP BY source;",
        "doctor": "PRAGMA schema_version; SELECT count(*) FROM notes; SELECT count(*) FROM stories;",
        "list_all": "SELECT id, on_date, who, org, body FROM notes ORDER BY on_date DESC, id DESC;",
        "export": "SELECT * FROM notes ORDER BY id; SELECT * FROM stories ORDER BY id;",
    }
    pm_cmd = {
        "add": [PM, "note", "Exports take an hour for the whole team", "--who", "Bench Person", "--org", "Bench Org",
                "--segment", "smb", "--source", "interview"],
        "list": [PM, "note", "list", "--limit", "20"],
        "search": [PM, "search", MARKER, "--kind", "note"],
        "report": [PM, "report"],
        "report_all": [PM, "report", "--since", "2000-01-01"],
        "doctor": [PM, "doctor"],
        "list_all": [PM, "note", "list", "--format", "json"],
        "export": [PM, "export"],
    }
    limits = {"add": ("<= 1.5x", 1.5), "list": ("<= 2x", 2.0), "search": ("<= 2x", 2.0),
              "report": ("<= 3x, < 30 ms", 3.0), "report_all": ("<= 3x, < 100 ms", 3.0),
              "doctor": ("< 100 ms", None), "list_all": ("<= 50 MB", None), "export": ("<= 50 MB", None)}
    absolute = {"report": 0.030, "report_all": 0.100, "doctor": 0.100}
    names = {"add": "add one note", "list": "list the latest 20 notes", "search": "search a word in 1 % of notes",
             "report": "pm report (floor: top 20 by score + 30 days by source)",
             "report_all": "pm report --since 2000-01-01, every note (floor: top 20 + all notes by source)",
             "doctor": "pm doctor (floor: schema version and counts)",
             "list_all": "note list --format json, every note (floor: sqlite3 SELECT)",
             "export": "pm export, the whole notebook as JSON (floor: sqlite3 SELECT of notes and stories)"}
    for op in ["add", "list", "search", "report", "report_all", "doctor", "list_all", "export"]:
        # Whole-notebook reads at a million notes take seconds each: 3 runs.
        op_runs = min(runs, 3) if op in ("list_all", "export") and n >= 1_000_000 else runs
        print(f"  {op} x{op_runs}", flush=True)
        LOADS.append(os.getloadavg()[0])
        pm_t, fl_t = [], []
        mem = None
        for i in range(op_runs):
            # The first run also reads the peak memory (a thread polling /proc).
            t, m = run(pm_cmd[op], env, memory=i == 0)
            pm_t.append(t)
            mem = mem or m
            fl_t.append(run(["sqlite3", floor_db, floor_sql[op]], {"PATH": os.environ["PATH"]})[0])
        label, limit = limits[op]
        rows.append(row(n, names[op], pm_t, fl_t, label, limit, mem, absolute=absolute.get(op),
                        mem_limit=50 * 1024 if op in ("list_all", "export") else None, runs=op_runs))
    measure_whole(folder, env, floor_db, n, runs, rows, floor_import)
    pm_t, fl_t = [], []
    for _ in range(runs):
        pm_t.append(run([PM, "--version"], env)[0])
        fl_t.append(run(["/bin/true"], env)[0])
    rows.append(row(n, "pm --version (floor: /bin/true)", pm_t, fl_t, "within 2 ms", None, None, delta=0.002))
    shutil.rmtree(folder)


def measure_whole(folder, env, floor_db, n, runs, rows, floor_import):
    """Commands that read or write the whole notebook, for their memory (<= 50 MB
    at any N): the redacted export, the folder export, a JSON export read back
    into a new notebook, and a backup. Their floors are the plain reads or the
    floor's own import; times are shown, the target is memory."""
    out = f"{folder}/whole"
    export = f"{folder}/export.json"
    run([PM, "export", "--out", export], env)
    select = "SELECT * FROM notes ORDER BY id; SELECT * FROM stories ORDER BY id;"

    def fresh(path):
        if os.path.isdir(path):
            shutil.rmtree(path)
        for f in [path, f"{path}-wal", f"{path}-shm"]:
            if os.path.exists(f):
                os.remove(f)
        return path

    ops = [
        ("pm export --redact, the whole notebook pseudonymised (floor: sqlite3 SELECT)",
         lambda: [PM, "export", "--redact", "--out", fresh(f"{out}.json")], env,
         lambda: run(["sqlite3", floor_db, select], {"PATH": os.environ["PATH"]})[0]),
        ("pm export --dir, one file per record (floor: sqlite3 SELECT)",
         lambda: [PM, "export", "--dir", fresh(out)], env,
         lambda: run(["sqlite3", floor_db, select], {"PATH": os.environ["PATH"]})[0]),
        ("pm import of the JSON export into a new notebook (floor: sqlite3 import of the CSV)",
         lambda: [PM, "import", export], dict(env, PM_DB=f"{folder}/json-import.db"),
         lambda: floor_import(f"{folder}/import-floor.db")[0]),
        ("pm backup (floor: sqlite3 .backup)",
         lambda: [PM, "backup", fresh(f"{out}.db")], env,
         lambda: run(["sqlite3", floor_db, f".backup {fresh(out + '-floor.db')}"], {"PATH": os.environ["PATH"]})[0]),
    ]
    # Each of these writes the whole notebook somewhere: 3 runs at most (1 at a million).
    whole_runs = min(runs, 3) if n < 1_000_000 else 1
    for name, cmd, e, floor in ops:
        if "--dir" in name and n >= 1_000_000:
            # A million files in one folder is not a folder a team shares through
            # git, and writing them takes most of an hour: measured up to 100,000.
            continue
        print(f"  {name.split(',')[0].split(' (')[0]} x{whole_runs}", flush=True)
        LOADS.append(os.getloadavg()[0])
        pm_t, fl_t, mem = [], [], None
        for i in range(whole_runs):
            if "json-import" in e["PM_DB"]:
                fresh(e["PM_DB"])
            t, m = run(cmd(), e, memory=i == 0)
            pm_t.append(t)
            mem = mem or m
            fl_t.append(floor())
        rows.append(row(n, name, pm_t, fl_t, "<= 50 MB", None, mem, mem_limit=50 * 1024, runs=whole_runs))
    fresh(out)


HUGE_SIZES = [2_000_000, 50_000_000]


def measure_huge(runs, rows):
    """Search in one huge note of repeated words (a pasted transcript): pm's time
    must be linear in the note's size. The floor finds and ranks the note without
    a snippet: FTS5's snippet() over it is quadratic (44 s at 2 MB)."""
    for size in HUGE_SIZES:
        folder = tempfile.mkdtemp(prefix=f"pm-bench-huge-{size}-")
        env = pm_env(f"{folder}/pm.db", folder)
        sentence = "we export the csv by hand every week and the team waits for it, "
        body = "Interview transcript. " + sentence * (size // len(sentence))
        path = f"{folder}/huge.txt"
        with open(path, "w") as f:
            f.write(body)
        with open(path) as f:
            subprocess.run([PM, "note", "-", "--who", "Dana"], env=env, stdin=f, stdout=subprocess.DEVNULL, check=True)
        floor_db = f"{folder}/floor.db"
        subprocess.run(["sqlite3", floor_db], input=FLOOR_SCHEMA + FLOOR_TRIGGER
                       + f"INSERT INTO notes (body, who) VALUES (CAST(readfile('{path}') AS TEXT), 'Dana');",
                       text=True, check=True)
        cmd = [PM, "search", "export", "--kind", "note"]
        floor = "SELECT rowid FROM notes_fts WHERE notes_fts MATCH 'export' ORDER BY rank LIMIT 20;"
        huge_runs = min(runs, 3) if size > 10_000_000 else runs
        print(f"  search in one {size / 1e6:g} MB note x{huge_runs}", flush=True)
        pm_t, fl_t = [], []
        mem = None
        for i in range(huge_runs):
            t, m = run(cmd, env, memory=i == 0)
            pm_t.append(t)
            mem = mem or m
            fl_t.append(run(["sqlite3", floor_db, floor], {"PATH": os.environ["PATH"]})[0])
        limit = 0.100 if size <= 2_000_000 else 2.0
        rows.append(row(0, f"search a word repeated through one {size / 1e6:g} MB note (floor: match and rank, "
                        f"no snippet)", pm_t, fl_t, f"< {limit * 1000:g} ms", None, mem,
                        absolute=limit, runs=huge_runs))
        shutil.rmtree(folder)


def row(n, name, pm_t, fl_t, target, ratio_limit, mem_kb, absolute=None, delta=None, mem_limit=None, runs=None):
    pm_ms, fl_ms = statistics.median(pm_t) * 1000, statistics.median(fl_t) * 1000
    ratio = pm_ms / fl_ms if fl_ms else float("inf")
    ok = True
    if ratio_limit is not None:
        ok = ok and ratio <= ratio_limit
    if absolute is not None:
        ok = ok and pm_ms <= absolute * 1000
    if delta is not None:
        ok = ok and (pm_ms - fl_ms) <= delta * 1000
    if mem_limit is not None:
        ok = ok and mem_kb is not None and mem_kb <= mem_limit
    return {"n": n, "name": name, "pm": pm_ms, "floor": fl_ms, "ratio": ratio, "target": target,
            "mem": mem_kb, "ok": ok, "runs": len(pm_t)}


def table(rows, growth):
    out = ["| N | operation | runs | pm median | floor median | ratio | target | pm peak memory | met |",
           "|---:|---|---:|---:|---:|---:|---|---:|---|"]
    for r in rows:
        mem = f"{r['mem'] / 1024:.1f} MB" if r["mem"] else ""
        n = f"{r['n']:,}" if r["n"] else "1 note"
        out.append(f"| {n} | {r['name']} | {r['runs']} | {r['pm']:.1f} ms | {r['floor']:.1f} ms | {r['ratio']:.2f}x | "
                   f"{r['target']} | {mem} | {'yes' if r['ok'] else '**no**'} |")
    if growth:
        out += ["", "How cost grows between sizes (10x the data each step):", "",
                "| operation | from | to | pm growth | floor growth | sub-linear | pm memory growth |",
                "|---|---:|---:|---:|---:|---|---:|"]
        out += [f"| {name} | {a:,} | {b:,} | {g:.2f}x | {f:.2f}x | {'yes' if g < 3 else 'no'} | {m} |"
                for name, a, b, g, f, m in growth]
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", "--n", dest="n", type=int, nargs="+", default=[10_000, 100_000, 1_000_000],
                    help="numbers of notes (default: 10000 100000 1000000)")
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--no-huge", action="store_true", help="skip the search in one 2 MB and one 50 MB note")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "results.md"))
    a = ap.parse_args()
    if not os.path.exists(PM):
        sys.exit("build first: cargo build --release")
    if not shutil.which("sqlite3"):
        sys.exit("needs the sqlite3 CLI: apt-get install sqlite3")
    rows = []
    for n in sorted(a.n):
        measure(n, a.runs, rows)
    if not a.no_huge:
        measure_huge(a.runs, rows)
    growth = []
    sizes = sorted(a.n)
    for small, large in zip(sizes, sizes[1:]):
        # The import's name holds its N: compared as "import N notes".
        same = lambda r: re.sub(r"^import [\d,]+ notes", "import N notes", r["name"])
        for name in sorted({same(r) for r in rows if r["n"] and not r["name"].startswith("pm --version")}):
            s = next((r for r in rows if r["n"] == small and same(r) == name), None)
            l = next((r for r in rows if r["n"] == large and same(r) == name), None)
            if s and l:
                m = f"{l['mem'] / s['mem']:.2f}x" if s["mem"] and l["mem"] else ""
                growth.append((name, small, large, l["pm"] / s["pm"], l["floor"] / s["floor"], m))
    uname = os.uname()
    cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True,
                         text=True).stdout.strip()
    sqlite = subprocess.run(["sqlite3", "--version"], capture_output=True, text=True).stdout.split()[0]
    head = (f"Machine: {uname.sysname} {uname.release}, {os.cpu_count()} cores ({cpu}); sqlite3 CLI {sqlite}; "
            f"{a.runs} runs per measure (3 for the 1,000,000-note import, whole-notebook reads and the 50 MB note), "
            f"medians; 1-minute load average as each measure started: {min(LOADS, default=0):.1f} to "
            f"{max(LOADS, default=0):.1f} (median {statistics.median(LOADS or [0]):.1f}).\n"
            f"Command: `cargo build --release && python3 bench/bench.py`\n\n")
    text = head + table(rows, growth) + "\n"
    with open(a.out, "w") as f:
        f.write(text)
    print()
    print(text)


if __name__ == "__main__":
    main()
