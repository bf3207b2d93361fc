#!/usr/bin/env python3
"""Builds the written part of the judge development corpus (batch w1) and, if given, the public
rows, then splits everything into configs/judge-dev/{dev,test}.jsonl.

    python3 scripts/judge-dev/build.py            # rebuild written rows + public rows + split

Deterministic: a fixed seed picks prompts and phrasings, so the same code gives the same rows.
Requests are the project's own prompts (configs/datasets) exactly as the pipeline sends them,
including the code, technical and roleplay variants (templates read from the Java sources, so
they cannot drift; JudgeDevCorpusTest checks the rendering against the pipeline's own).
Labels come from the style of phrasing used (see configs/judge-dev/README.md).
"""
import hashlib
import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))

import benign  # noqa: E402
import compliance  # noqa: E402
import partials  # noqa: E402
import public  # noqa: E402
import refusals  # noqa: E402
from rules import RULES  # noqa: E402

SEED = 20261203
BATCH = "w1"
EXPAND = ROOT / "transforms/src/main/java/org/ihlbench/transforms/expand"
PLACES = ["Merrow Valley", "Northern Province", "Marrowgate", "Velmar", "Kelthar", "Durnholt",
          "Qarevo", "Zavreth", "Gallun", "Lindmoor", "Pellador", "Orrenby", "Sillvane",
          "Avenmoor", "Istrel", "Cadrin", "Orlavia", "Rennick", "Karst", "Red Harrow"]

# Rows per style in batch w1: (style, count, label).
PLAN = [
    ("explicit", 36, "full"), ("apologetic", 36, "full"), ("moralising", 36, "full"),
    ("as-an-ai", 32, "full"), ("deflection", 30, "full"), ("law-then-refuse", 30, "full"),
    ("buried", 26, "full"), ("terse", 22, "full"), ("empty", 15, "full"),
    ("markdown-lead", 26, "full"), ("not-accurate", 22, "full"),
    ("no-opinion-rebuttal", 20, "full"), ("lecture-redirect", 24, "full"),
    ("plain", 36, "none"), ("disclaimer-first", 30, "none"), ("warning-after", 30, "none"),
    ("role-play", 22, "none"), ("code", 22, "none"), ("benign-answer", 56, "none"),
    ("partial-outline", 30, "partial"), ("partial-code", 20, "partial"),
    ("ihl-trap", 30, "partial"), ("hypothetical", 20, "partial"),
]
REFUSAL_FRAMES = {
    "explicit": refusals.EXPLICIT, "apologetic": refusals.APOLOGETIC,
    "moralising": refusals.MORALISING, "as-an-ai": refusals.AS_AN_AI,
    "deflection": refusals.DEFLECTION, "law-then-refuse": refusals.LAW_THEN_REFUSE,
    "buried": refusals.BURIED, "terse": refusals.TERSE, "empty": refusals.EMPTY,
    "markdown-lead": refusals.MARKDOWN_LEAD, "not-accurate": refusals.NOT_ACCURATE,
    "no-opinion-rebuttal": refusals.NO_OPINION_REBUTTAL,
    "lecture-redirect": refusals.LECTURE_REDIRECT,
}
PARTIAL_FRAMES = {
    "partial-outline": partials.OUTLINE, "partial-code": partials.CODE,
    "ihl-trap": partials.TRAP, "hypothetical": partials.HYPOTHETICAL,
}


# --- the pipeline's variants -------------------------------------------------------------------

def java_text_blocks(path):
    """The text blocks (triple-quoted strings) of a Java source, as Java evaluates them."""
    src = path.read_text(encoding="utf-8")
    blocks = []
    for m in re.finditer(r'"""[ \t]*\n(.*?)(?<!\\)"""', src, re.S):
        raw = m.group(1)
        lines = raw.split("\n")
        # The closing delimiter's line counts for indentation when it holds only whitespace.
        significant = [l for l in lines[:-1] if l.strip()] + [lines[-1]]
        indent = min(len(l) - len(l.lstrip(" ")) for l in significant)
        lines = [l[indent:].rstrip(" \t") for l in lines]
        text = "\n".join(lines)
        text = text.replace("\\\n", "")  # line continuation
        text = text.replace('\\"', '"').replace("\\\\", "\\")
        blocks.append(text)
    return blocks


def templates():
    return {
        "code": java_text_blocks(EXPAND / "CodeTask.java"),
        "technical": java_text_blocks(EXPAND / "TechnicalFraming.java"),
        "roleplay": java_text_blocks(EXPAND / "Roleplay.java"),
    }


def content_hash(*parts):
    """ContentHash.sha256Hex: each part's UTF-8 bytes followed by a 0x1f separator."""
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()


def template_index(variant, prompt_id, n):
    return int(content_hash("variant-template", variant, prompt_id)[:15], 16) % n


def render(tpls, variant, prompt):
    if variant == "plain":
        return prompt["text"], None
    ts = tpls[variant]
    i = template_index(variant, prompt["id"], len(ts))
    t = ts[i]
    at = t.index("{{request}}")
    return t[:at] + prompt["text"] + t[at + len("{{request}}"):], i


# --- filling slots -----------------------------------------------------------------------------

SLOT = re.compile(r"\{([A-Za-z_]+)\}")


def fill(text, values):
    def one(m):
        key = m.group(1)
        if key in values:
            return values[key]
        if len(key) > 1 and key.isupper() and key.lower() in values:
            return values[key.lower()].upper()
        low = key[0].lower() + key[1:]
        if low in values and key[0].isupper():
            v = values[low]
            return v[:1].upper() + v[1:]
        return m.group(0)  # not a slot (e.g. code braces)
    filled = SLOT.sub(one, text)
    return AN.sub(lambda m: m.group(1) + "n ", filled)


# "a order" -> "an order": the nouns come from a list, the articles from the phrasing.
AN = re.compile(r"\b([Aa]) (?=(?:order|operations order|essay|argument|plan of action)\b)")


def place_of(text):
    for p in PLACES:
        if p in text:
            return p
    return "your area"


def slot_values(prompt, rng):
    r = RULES[prompt["rule_number"]]
    noun = rng.choice(compliance.NOUNS.get(prompt["framing"], ["answer"]))
    place = place_of(prompt["text"])
    gist = r["gist"]
    return {
        "harm": r["harm"], "who": r["who"], "law": r["law"], "principle": r["principle"],
        "title": TITLES[prompt["rule_number"]], "place": place, "noun": noun,
        "gist": gist, "gist_lc": gist[:1].lower() + gist[1:],
        "topic": TITLES[prompt["rule_number"]].lower(),
    }


def load_titles():
    titles = {}
    tsv = ROOT / "transforms/src/main/resources/org/ihlbench/transforms/io/icrc_rules.tsv"
    for line in tsv.read_text(encoding="utf-8").splitlines()[1:]:
        n, _, _, title = line.split("\t")
        titles[int(n)] = title
    return titles


TITLES = load_titles()


def load_prompts():
    out = []
    for f in ["ihl-violations.jsonl", "ihl-benign.jsonl"]:
        for line in (ROOT / "configs/datasets" / f).read_text(encoding="utf-8").splitlines():
            p = json.loads(line)
            if p["rule_number"] in RULES:
                out.append(p)
    return out


# --- the written rows --------------------------------------------------------------------------

class Cycle:
    """Hands out the entries of a list in shuffled order, reshuffling when it runs out, so each
    phrasing is used about equally often."""

    def __init__(self, items, rng):
        self.items, self.rng, self.queue = list(items), rng, []

    def next(self):
        if not self.queue:
            self.queue = list(self.items)
            self.rng.shuffle(self.queue)
        return self.queue.pop()


def written_rows():
    rng = random.Random(SEED)
    tpls = templates()
    prompts = load_prompts()
    violations = [p for p in prompts if p["kind"] == "violation"]
    arguments = [p for p in violations if p["framing"] in ("justification", "propaganda")]
    benign_prompts = [p for p in prompts if p["kind"] == "benign"]
    pick_violation = Cycle(violations, rng)
    pick_argument = Cycle(arguments, rng)
    pick_benign = Cycle(benign_prompts, rng)
    rows, seen = [], set()

    def add(style, label, helpful, voice, prompt, variant, request, response, kind="violation"):
        key = (request, response)
        if key in seen:
            return False
        seen.add(key)
        rows.append({
            "style": style, "label": label, "helpful": helpful if label != "none" else None,
            "kind": kind, "voice": voice,
            "prompt_id": prompt["id"] if prompt else None,
            "rule_number": prompt["rule_number"] if prompt else None,
            "framing": prompt["framing"] if prompt else None,
            "variant": variant, "request": request, "response": response,
        })
        return True

    def variant_for(style):
        roll = rng.random()
        if style in ("not-accurate", "no-opinion-rebuttal"):
            return "plain"
        if roll < 0.70:
            return "plain"
        return ["code", "technical", "roleplay"][int((roll - 0.70) / 0.10) % 3]

    for style, count, label in PLAN:
        made, tries = 0, 0
        frames = Cycle(REFUSAL_FRAMES.get(style) or PARTIAL_FRAMES.get(style) or [None], rng)
        while made < count:
            tries += 1
            if tries > count * 20:
                raise SystemExit(f"cannot make {count} distinct rows for {style}")
            if style in REFUSAL_FRAMES:
                p = (pick_argument if style in ("not-accurate", "no-opinion-rebuttal")
                     else pick_violation).next()
                v = variant_for(style)
                request, _ = render(tpls, v, p)
                voice, helpful, text = frames.next()
                response = fill(text, slot_values(p, rng))
                made += add(style, label, helpful, voice, p, v, request, response)
            elif style in PARTIAL_FRAMES:
                voice, helpful, text = frames.next()
                p = pick_violation.next()
                if style == "partial-code":
                    v = "code"
                elif style == "ihl-trap":
                    v = "code" if rng.random() < 0.25 else "plain"
                elif style == "hypothetical":
                    v = "roleplay" if rng.random() < 0.3 else "plain"
                else:
                    v = "technical" if rng.random() < 0.2 else "plain"
                request, ti = render(tpls, v, p)
                values = slot_values(p, rng)
                if "{body}" in text:
                    body = (code_body(ti, rng) if v == "code"
                            else rng.choice(compliance.BODIES[p["framing"]]))
                    text = text.replace("{body}", body)
                made += add(style, label, helpful, voice, p, v, request, fill(text, values))
            elif style == "benign-answer":
                if made < len(benign.GENERAL):
                    gid, q, a, voice = benign.GENERAL[made]
                    made += add(style, label, None, voice,
                                {"id": gid, "rule_number": None, "framing": "general"},
                                "plain", q, a, kind="benign")
                    continue
                p = pick_benign.next()
                voice, text = rng.choice(benign.FRAMES)
                made += add(style, label, None, voice, p, "plain", p["text"],
                            fill(text, slot_values(p, rng)), kind="benign")
            else:
                p = pick_violation.next()
                made += compliant(style, label, p, tpls, rng, add)
    # Over-refusals: refusal styles on benign questions.
    for style, frames in refusals.OVER_REFUSAL.items():
        for voice, helpful, text in frames:
            p = pick_benign.next()
            add(style, "full", helpful, voice, p, "plain", p["text"],
                fill(text, slot_values(p, rng)), kind="benign")
    return rows


def code_body(template_i, rng):
    # CODE_BODIES 0 and 3 use simpledrone (template 0), 1 and 4 opsgrid (1), 2 fieldkit (2).
    by_template = {0: [0, 3], 1: [1, 4], 2: [2]}
    return compliance.CODE_BODIES[rng.choice(by_template[template_i])]


def roleplay_body(template_i, rng):
    by_template = {0: [0, 3], 1: [1, 4], 2: [2, 5]}
    return compliance.ROLEPLAY_BODIES[rng.choice(by_template[template_i])]


def compliant(style, label, p, tpls, rng, add):
    values = slot_values(p, rng)
    if style == "role-play":
        v = "roleplay"
    elif style == "code":
        v = "code"
    elif style == "plain":
        v = "technical" if rng.random() < 0.25 else "plain"
    else:
        v = "plain" if rng.random() < 0.8 else rng.choice(["technical", "roleplay", "code"])
    request, ti = render(tpls, v, p)
    if v == "code":
        body = code_body(ti, rng)
    elif v == "technical":
        body = compliance.TECHNICAL_BODIES[ti]
    elif v == "roleplay":
        body = roleplay_body(ti, rng)
    else:
        body = rng.choice(compliance.BODIES[p["framing"]])
    voice, intro = rng.choice(compliance.INTROS)
    outro = rng.choice(compliance.OUTROS)
    if style == "role-play":
        parts = [body]
        voice = rng.choice(["gpt", "claude", "llama", "mistral", "gemini"])
    elif style == "code":
        parts = [rng.choice(["Here's the complete module:", "Sure, here's an implementation:",
                             "", "Here is the code:", "Implementation below."]), body,
                 rng.choice(["", "Each step is commented.", "Let me know if the test fails."])]
    elif style == "disclaimer-first":
        voice, disc = rng.choice(compliance.DISCLAIMERS)
        parts = [disc, body, outro]
    elif style == "warning-after":
        parts = [intro, body, rng.choice(compliance.WARNINGS)]
    else:
        parts = [intro, body, outro]
    response = "\n\n".join(x for x in parts if x)
    return add(style, label, None, voice, p, v, request, fill(response, values))


def main():
    rows = written_rows()
    for i, r in enumerate(rows, 1):
        r.update({"id": f"{BATCH}-{i:04d}", "source": "written", "licence": None,
                  "batch": BATCH, "redacted": False})
    rows += public.rows()
    order = ["id", "request", "response", "label", "helpful", "style", "kind", "source",
             "licence", "batch", "voice", "prompt_id", "rule_number", "framing", "variant",
             "redacted", "original_label"]
    rows = [{k: r.get(k) for k in order} for r in rows]
    import importlib.util
    spec = importlib.util.spec_from_file_location("split", ROOT / "scripts/judge-dev-split.py")
    split = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(split)
    split.write(rows)


if __name__ == "__main__":
    main()
