#!/usr/bin/env python3
"""Puts the load bench's results (one JSON per backend x size) side by side:
bench/results/bench-<stamp>.json (everything, plus machine and commit) and .md (tables).
   bench/report.py OUT_STEM result1.json result2.json ...
"""
import json, os, platform, subprocess, sys, time

stem, files = sys.argv[1], sys.argv[2:]
runs = [json.load(open(f)) for f in files]

def sh(*cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return ""

cpu_model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
mem_gb = round(int(next(l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal"))) / 1048576, 1)
meta = {
    "date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    "commit": sh("git", "rev-parse", "--short", "HEAD") + ("-dirty" if sh("git", "status", "--porcelain", "--untracked-files=no") else ""),
    "machine": {"cpus": os.cpu_count(), "cpu": cpu_model, "memory_gb": mem_gb, "kernel": platform.release()},
    "generator": "own open-loop scheduler (api/benches/load.rs, reqwest, one thread) for every workload; oha "
                 + (sh(os.environ.get("OHA", "oha"), "--version") or "(not installed)") + " at the same fixed rates on W1-W3 and W7",
}
doc = {**meta, "runs": runs}
json.dump(doc, open(stem + ".json", "w"), indent=2)

NAMES = {"W1": "W1 offer by id", "W2": "W2 search 60 km + week + sector", "W3": "W3 search + keyword", "W7": "W7 visitor keyword search, dense area (no week, no sector)", "W4": "W4 apply (10 % on one hot offer)",
         "W5": "W5 referent dashboard (dept / national)", "W6": "W6 sign-in + /me", "MIX": "Opening mix (5 s cache)"}
out = []
p = out.append
p(f"# Load benchmark {meta['date_utc']} (commit {meta['commit']})\n")
p(f"Machine: {meta['machine']['cpus']} CPU ({cpu_model}), {mem_gb} GiB, kernel {meta['machine']['kernel']}. Server and generator share the machine (no pinning: with 2 cores, pinning would halve the server).")
p(f"Generator: {meta['generator']}.\n")
for r in runs:
    c = r.get("counts") or {}
    p(f"## {r['backend']} · {r['size']} ({c.get('offers', '?'):,} offers, {c.get('applications', '?'):,} applications, {c.get('pupils', '?'):,} pupils, {c.get('schools', '?'):,} schools)\n")
    gen = r.get("generated_in_s")
    p(f"Dataset {'generated in %.0f s' % gen if gen else 'reused'}; {r['concurrency']} clients at saturation; {r['seconds_per_phase']} s per phase.\n")
    p("| workload | saturation req/s | floor req/s | API ÷ floor | p50 / p99 / p99.9 ms at 25 % | at 50 % | at 75 % | at 90 % | non-2xx / errors | server CPU µs/req | generator CPU % | peak RSS MB |")
    p("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for w, v in r["workloads"].items():
        sat, fl = v["saturation"], v.get("floor") or {}
        cells = []
        bad = sat.get("non_2xx", 0) + sat.get("errors", 0)
        for rate in v["rates"]:
            cells.append(f"{rate['p50_ms']:.1f} / {rate['p99_ms']:.1f} / {rate['p999_ms']:.1f}")
            bad_r = rate.get("non_2xx", 0) + rate.get("errors", 0)
            if bad_r:
                cells[-1] += f" ({bad_r} ✗)"
        ratio = v.get("api_over_floor")
        rss = max([sat.get("peak_rss_mb", 0)] + [x.get("peak_rss_mb", 0) for x in v["rates"]])
        gen_cpu = max([sat.get("generator_cpu_percent", 0)] + [x.get("generator_cpu_percent", 0) for x in v["rates"]])
        p(f"| {NAMES.get(w, w)} | {sat['rps']:.0f} | {fl.get('rps', 0):.0f} | {('%.2f' % ratio) if ratio else '—'} | " + " | ".join(cells)
          + f" | {bad} at saturation | {sat['server_cpu_us_per_request']:.0f} | {gen_cpu:.0f} | {rss:.0f} |")
    ohas = [(w, rate) for w, v in r["workloads"].items() for rate in v["rates"] if rate.get("oha")]
    if ohas:
        p("\noha at the same rates (latency-corrected), p50 / p99 / p99.9 ms; CPU in % of one core over the run:\n")
        p("| workload | rate | ours | oha | oha CPU % | server CPU % (under oha) |")
        p("|---|---|---|---|---|---|")
        for w, rate in ohas:
            o = rate["oha"]
            f = lambda x: "—" if x is None else f"{x:.1f}"
            p(f"| {w} | {rate['rate']:.0f} | {rate['p50_ms']:.1f} / {rate['p99_ms']:.1f} / {rate['p999_ms']:.1f} | {f(o.get('p50_ms'))} / {f(o.get('p99_ms'))} / {f(o.get('p999_ms'))}"
              + f" | {f(o.get('oha_cpu_percent'))} | {f(o.get('server_cpu_percent'))} |")
    p("")

# Spike: the opening mix from 50 % of its saturation to 3x and back.
spikes = [(r, r["workloads"]["MIX"]["spike"]) for r in runs if (r["workloads"].get("MIX") or {}).get("spike")]
if spikes:
    p("## Spike (opening mix: 50 % of saturation → 3× → 50 %)\n")
    p("| backend · size | phase | rate req/s | seconds | served 2xx/s | p50 / p99 / p99.9 ms | 503 shed | 429 | other non-2xx / errors | shed without Retry-After | peak RSS MB |")
    p("|---|---|---|---|---|---|---|---|---|---|---|")
    for r, sp in spikes:
        for name in ("before", "spike", "after"):
            v = sp[name]
            st = v.get("statuses", {})
            shed, limited = st.get("503", 0), st.get("429", 0)
            other = v.get("non_2xx", 0) - shed - limited + v.get("errors", 0)
            p(f"| {r['backend']} · {r['size']} | {name} | {v['rate']:.0f} | {v['seconds']:.0f} | {v['rps']:.0f} | {v['p50_ms']:.1f} / {v['p99_ms']:.1f} / {v['p999_ms']:.1f} | {shed} | {limited} | {other} | {v.get('shed_without_retry_after', 0)} | {v['peak_rss_mb']:.0f} |")
    p("")

# Where the opening mix spends the server's CPU: each kind alone (4 clients), weighed by its share.
profiles = [(r, r["workloads"]["MIX"]["profile"]) for r in runs if (r["workloads"].get("MIX") or {}).get("profile")]
if profiles:
    p("## Opening mix: server CPU by kind of request\n")
    p("Each kind of the mix run alone (4 clients, same server, 5 s cache): server CPU per request, and its share of the mix's CPU once weighed by its share of requests. "
      "The last column is what the machine's cores could serve if the server did nothing else (cores ÷ weighted CPU per request): the mix's CPU ceiling.\n")
    kinds = list(profiles[0][1]["kinds"])
    p("| backend · size | " + " | ".join(f"{k} ({profiles[0][1]['kinds'][k]['weight'] * 100:.1f} %)" for k in kinds) + " | weighted µs/req | CPU-bound req/s |")
    p("|---|" + "---|" * (len(kinds) + 2))
    for r, pr in profiles:
        cells = [f"{pr['kinds'][k]['server_cpu_us_per_request']:,.0f} µs · {pr['kinds'][k]['cpu_share'] * 100:.0f} %" for k in kinds]
        p(f"| {r['backend']} · {r['size']} | " + " | ".join(cells) + f" | {pr['server_cpu_us_per_mix_request']:,.0f} | {pr['cpu_bound_rps']:,.0f} |")
    p("")

# Growth: the same workload at the largest size against S, per backend.
p("## Growth (largest size ÷ S, same backend)\n")
p("| backend | workload | S req/s | largest | largest req/s | throughput S ÷ largest | p50 at 50 % S → largest ms |")
p("|---|---|---|---|---|---|---|")
for backend in sorted({r["backend"] for r in runs}):
    mine = {r["size"]: r for r in runs if r["backend"] == backend}
    if "S" not in mine or len(mine) < 2:
        continue
    big = "L" if "L" in mine else "M"
    for w in mine["S"]["workloads"]:
        a, b = mine["S"]["workloads"].get(w), mine[big]["workloads"].get(w)
        if not a or not b:
            continue
        p(f"| {backend} | {w} | {a['saturation']['rps']:.0f} | {big} | {b['saturation']['rps']:.0f} | {a['saturation']['rps'] / max(b['saturation']['rps'], 1e-9):.2f} | {a['rates'][1]['p50_ms']:.1f} → {b['rates'][1]['p50_ms']:.1f} |")
p("\nLatencies at fixed rates are measured from each request's scheduled time (open loop, corrected for coordinated omission). "
  "The floor runs the same queries (the handler's calls to the query layer) from the same number of threads, without HTTP or JSON; for W5 that includes the dashboards' memo, as in the handler (one read of the counters' generation per request). "
  "Per-workload runs read fresh (CACHE_TTL_SECONDS=0); the opening mix runs with the production default (5 s).")
open(stem + ".md", "w").write("\n".join(out) + "\n")
print("\n".join(out))
