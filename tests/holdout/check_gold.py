"""Sanity check for the held-out set: every gold JSON loads, names its document,
and every gold string occurs in that document (line breaks read as one space;
for the two PDF-extracted documents, page footers/running headers are skipped)."""
import json, pathlib, re, sys, datetime

HERE = pathlib.Path(__file__).parent
FURNITURE = [r"^\s*- \d+ -\s*$",
             r"^Laporan Pelaksanaan Musrenbang RKPD Kabupaten Bantul Tahun 2019$",
             r"^Laporan Hasil FKP Ranwal RKPD Kab\. Mamuju Tengah Tahun 2020$"]

def norm(s):
    return re.sub(r"\s+", " ", s).strip()

def main():
    bad = 0
    for gf in sorted((HERE / "gold").glob("*.json")):
        d = json.loads(gf.read_text(encoding="utf-8"))
        raw = (gf.parent / d["source"]).read_text(encoding="utf-8")
        text = norm("\n".join(l for l in raw.split("\n")
                              if not any(re.match(p, l) for p in FURNITURE)))
        g = d["gold"]
        datetime.date.fromisoformat(g["date"])
        vals = [g[k] for k in ("venue", "opened_by") if g[k]]
        vals += g["attendees"] + g["issues"] + g["programs"]
        for v in vals:
            if norm(v) not in text:
                print(f"{gf.name}: not in text: {v!r}")
                bad += 1
    print("ok" if not bad else f"{bad} problems")
    return 1 if bad else 0

if __name__ == "__main__":
    sys.exit(main())
