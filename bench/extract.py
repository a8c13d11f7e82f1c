"""Extraction speed: the full claim pipeline against spaCy's blank English tokenizer.

Builds a few MB of news-like text (sentences of the bundled samples and the project's
gold documents, recombined into new documents, with names, places and numbers varied so
that the vocabulary grows as in real news), then, in the same run and over the same text:

* spaCy's blank English tokenizer alone (``spacy.blank("en")``), over the whole text;
* truce's full pipeline (sentences, places, actors, dates, figures, triggers, claims).

Both are reported in words per second (whitespace-separated words of the same text) with
their ratio. Also measured: a cold ``truce extract`` of one small file (a new process).

    python bench/extract.py                 # about 3 MB
    python bench/extract.py --megabytes 5 --corpus DIR   # or real text files of your own

Each measurement runs ``--repeat`` times (3) and the fastest run counts, for both sides:
on a shared machine a single run can lose a third of its time to other tenants.

Bar (issue 3): ratio >= 1.0; a cold ``truce extract`` of a small file under 1.5 s.
"""

from __future__ import annotations

import argparse
import gzip
import random
import re
import subprocess
import sys
import tempfile
import time
from datetime import date
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [
    ROOT / "tests" / "extract" / "gold" / "docs",
    ROOT / "src" / "truce" / "samples" / "reports",
]
SENTENCE = re.compile(r"(?<=[.!?”\"])\s+(?=[A-Z“\"])")


def sentences(paths: list[Path]) -> list[str]:
    found: list[str] = []
    for folder in paths:
        for path in sorted(folder.glob("*")):
            if path.suffix in (".txt", ".md"):
                text = path.read_text(encoding="utf-8")
                found.extend(s.strip() for s in SENTENCE.split(text) if len(s.split()) >= 5)
    return found


def vocabulary() -> tuple[list[str], list[str]]:
    """Extra words and place names, so that new words keep appearing as in real text."""
    data = resources.files("truce.reference").joinpath("data/gazetteer")
    with gzip.open(str(data.joinpath("english_words.txt.gz")), "rt", encoding="utf-8") as handle:
        words = [w.strip() for w in handle if w.strip().isalpha() and len(w.strip()) > 3]
    places = []
    for line in data.joinpath("10_geonames_world.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        name = line.split("\t")[1] if "\t" in line else ""
        if name.isalpha():
            places.append(name)
    return words, places


def corpus(megabytes: float, seed: int = 7) -> list[str]:
    """News-like documents: real sentences recombined, rare words and names varied."""
    rng = random.Random(seed)
    pool = sentences(SOURCES)
    words, places = vocabulary()
    documents, size = [], 0
    while size < megabytes * 1_000_000:
        body = []
        for _ in range(rng.randint(12, 40)):
            sentence = rng.choice(pool)
            sentence = re.sub(r"\d[\d,]*", lambda m: f"{rng.randint(2, 5000):,}", sentence)
            sentence = re.sub(
                r"\b[a-z]{7,}\b",
                lambda m: rng.choice(words) if rng.random() < 0.08 else m.group(),
                sentence,
            )
            sentence = re.sub(
                r"\b(?:near|in|at|from)\s+[A-Z][a-z]+\b",
                lambda m: (
                    m.group().rsplit(" ", 1)[0] + " " + rng.choice(places)
                    if rng.random() < 0.3
                    else m.group()
                ),
                sentence,
            )
            body.append(sentence)
        text = "November 18, 2020\n\n" + " ".join(body)
        documents.append(text)
        size += len(text)
    return documents


def from_folder(folder: Path, megabytes: float) -> list[str]:
    texts, size = [], 0
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix in (".txt", ".md"):
            texts.append(path.read_text(encoding="utf-8", errors="replace"))
            size += len(texts[-1])
            if size >= megabytes * 1_000_000:
                break
    return texts


def bench_spacy(text: str) -> float:
    import spacy

    nlp = spacy.blank("en")
    nlp.max_length = len(text) + 1
    nlp("warm up the tokenizer's tables")
    start = time.perf_counter()
    nlp(text)
    return time.perf_counter() - start


def bench_truce(documents: list[str]) -> tuple[float, int]:
    from truce.extract import extract

    extract(documents[0], published=date(2020, 11, 18))  # loads the reference data once
    claims = 0
    start = time.perf_counter()
    for text in documents:
        claims += len(extract(text, published=date(2020, 11, 18)).claims)
    return time.perf_counter() - start, claims


def _count(text: str) -> int:
    from truce.extract import extract

    return len(extract(text, published=date(2020, 11, 18)).claims)


def bench_truce_parallel(documents: list[str], processes: int) -> float:
    """The same pipeline on worker processes (one per core): documents in, claims counted."""
    from truce.extract.parallel import Workers

    with Workers(processes) as workers:
        list(workers.imap(_count, documents[: processes * 4]))  # start and warm the workers
        start = time.perf_counter()
        sum(workers.imap(_count, documents))
        return time.perf_counter() - start


def cold_extract() -> float:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "small.txt"
        path.write_text("Azerbaijan denied shelling Shusha on Tuesday, the ministry said.\n")
        command = [sys.executable, "-m", "truce", "extract", str(path), "--published", "2020-11-04"]
        subprocess.run(command, capture_output=True, check=True)  # the user cache is warm
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=3.0)
    parser.add_argument("--corpus", type=Path, help="a folder of .txt files to use instead")
    parser.add_argument(
        "--processes", type=int, default=0, help="worker processes (0: one per core)"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs of each measurement; the fastest counts (a shared machine is noisy)",
    )
    args = parser.parse_args()
    repeat = max(1, args.repeat)
    documents = from_folder(args.corpus, args.megabytes) if args.corpus else corpus(args.megabytes)
    text = "\n\n".join(documents)
    words = len(text.split())
    print(
        f"corpus: {len(documents)} documents, {len(text) / 1e6:.2f} MB, {words:,} words, "
        f"{len(set(text.split())):,} distinct words",
        flush=True,
    )
    spacy_seconds = min(bench_spacy(text) for _ in range(repeat))
    spacy_rate = words / spacy_seconds
    print(f"spaCy blank English tokenizer: {spacy_rate:10,.0f} words/s", flush=True)
    runs = [bench_truce(documents) for _ in range(repeat)]
    truce_seconds, claims = min(runs)
    truce_rate = words / truce_seconds
    print(f"truce full pipeline:           {truce_rate:10,.0f} words/s ({claims:,} claims)")
    print(f"ratio truce / spaCy tokenizer: {truce_rate / spacy_rate:.2f} (one process)")
    from truce.extract.parallel import default_processes

    processes = args.processes or default_processes()
    if processes > 1:
        parallel_rate = words / min(
            bench_truce_parallel(documents, processes) for _ in range(repeat)
        )
        print(f"truce, {processes} processes:         {parallel_rate:10,.0f} words/s")
        print(
            f"ratio truce / spaCy tokenizer: {parallel_rate / spacy_rate:.2f} "
            f"({processes} processes; bar: >= 1.0)"
        )
    print(f"cold `truce extract` of a small file: {cold_extract():.2f} s (bar: < 1.5 s)")


if __name__ == "__main__":
    main()
