"""`python -m bench tagging`: tag a 2,000-word article against 10,000 actors with 50,000 aliases, automaton against naive loop."""

import platform
import re
import sys
import time
from pathlib import Path

from actors.tagging.matching import Matcher, summarise
from bench import synthetic

OUT = Path(__file__).parent / "out"
MIN_SECONDS = 2.0


def rate(tag, text):
    """Articles per second: run `tag(text)` until MIN_SECONDS have passed (at least once)."""
    runs, started = 0, time.perf_counter()
    while True:
        result = tag(text)
        runs += 1
        elapsed = time.perf_counter() - started
        if elapsed >= MIN_SECONDS:
            return runs / elapsed, runs, result


def naive_patterns(entries):
    """One compiled regex per name and alias: the loop over the gazetteer the automaton replaces.

    The loop gets its fastest form: compiled once, outside the timing, and case-sensitive (the
    synthetic article spells every name as the gazetteer does, so it finds the same actors).
    """
    return [
        (actor_id, re.compile(rf"\b{re.escape(text)}\b"))
        for actor_id, name, aliases in entries
        for text in [name, *(alias for alias, _abbreviation, _demonym in aliases)]
    ]


def naive_tag(patterns):
    def tag(text):
        found = {}
        for actor_id, pattern in patterns:
            for match in pattern.finditer(text):
                count, first = found.get(actor_id, (0, match.start()))
                found[actor_id] = (count + 1, min(first, match.start()))
        return found

    return tag


def main():
    entries = synthetic.gazetteer()
    text = synthetic.article(entries)
    alias_count = sum(len(aliases) for _id, _name, aliases in entries)
    lines = [
        f"Tagging benchmark — Python {platform.python_version()} on {platform.machine()}",
        f"gazetteer: {len(entries):,} actors, {alias_count:,} aliases; article: {len(text.split()):,} words, "
        f"{len(text):,} characters",
    ]

    started = time.perf_counter()
    matcher = Matcher(synthetic.names(entries))
    lines.append(f"automaton: built once in {time.perf_counter() - started:.2f} s ({matcher.size:,} keys)")
    fast, fast_runs, fast_found = rate(lambda t: summarise(matcher.find(t)), text)
    lines.append(f"automaton: {fast:,.1f} articles/s ({fast_runs} runs)")

    started = time.perf_counter()
    patterns = naive_patterns(entries)
    lines.append(f"naive loop: {len(patterns):,} regexes compiled in {time.perf_counter() - started:.2f} s")
    slow, slow_runs, slow_found = rate(naive_tag(patterns), text)
    lines.append(f"naive loop: {slow:,.2f} articles/s ({slow_runs} runs)")

    lines.append(f"speed-up: {fast / slow:,.0f}x (aim: at least 50x)")
    same = set(fast_found) == set(slow_found)
    lines.append(f"same actors found by both: {'yes' if same else 'NO'} ({len(fast_found)} actors)")

    report = "\n".join(lines) + "\n"
    sys.stdout.write(report)
    OUT.mkdir(exist_ok=True)
    (OUT / "tagging.txt").write_text(report, encoding="utf-8")
    return 0 if same else 1
