#!/usr/bin/env python3
"""Generates runtime/case_tables.h: the Unicode tables of runtime/case.c
(case mapping and character classes), from this Python's own Unicode
database (str.upper(), str.lower(), str.isupper(), unicodedata). The
header names the Unicode version; tests/case.rs regenerates the file and
compares it byte for byte when python3 has the same Unicode version.

Tables (every one sorted by code point, searched by bisection):

  SEEN_CASE_PROPS     one uint32 per run of code points with the same
                      properties: (first << 8) | flags; a run ends where
                      the next begins. Flags: SEEN_CP_UPPER (Unicode
                      Uppercase: str.isupper), SEEN_CP_LOWER (Lowercase:
                      str.islower), SEEN_CP_LETTER (categories L*),
                      SEEN_CP_DIGIT (Nd), SEEN_CP_CASED and
                      SEEN_CP_CASE_IGNORABLE (for the final sigma).
  SEEN_DIGIT_ZEROS    the code points of the Nd digits whose value is 0;
                      every Nd digit is zero + its value.
  SEEN_UPPER_RANGES / SEEN_LOWER_RANGES
                      the simple (one character) mappings as
                      { lo, hi, delta, step }: every code point c in lo..hi
                      with (c - lo) % step == 0 maps to c + delta. The
                      ranges do not overlap (a step-2 range only skips code
                      points that have no mapping).
  SEEN_UPPER_SPECIAL / SEEN_LOWER_SPECIAL
                      the full mappings that are not the simple one
                      (SpecialCasing.txt, unconditional: "ß" -> "SS"):
                      { code, {c0, c1, c2} }, unused places 0.

Python gives the full mappings (str.upper/str.lower) but not the simple
ones where they differ; those follow UnicodeData.txt (Java's
Character.toUpperCase/toLowerCase): a character whose full upper-case form
is longer than one character has as simple upper-case form its title-case
form when that is one character (U+1F80 -> U+1F88) and otherwise itself
(U+00DF stays U+00DF); U+0130's simple lower-case form is U+0069 (the only
character with a longer lower-case form). The script checks both rules.

Case_Ignorable is not in unicodedata either; it is read off str.lower()'s
final-sigma rule, which uses it (see case_ignorable below).

Run: python3 tools/gen_case_tables.py > runtime/case_tables.h
"""

import bisect
import unicodedata

MAX = 0x110000
UPPER, LOWER, LETTER, DIGIT, CASED, IGNORABLE = 1, 2, 4, 8, 16, 32
SIGMA = "\u03a3"
FINAL_SIGMA = "\u03c2"


def scalars():
    """Every Unicode scalar value (no surrogates)."""
    return (c for c in range(MAX) if not 0xD800 <= c <= 0xDFFF)


def is_cased(ch):
    """Unicode Cased: Lowercase, Uppercase or Lt."""
    return ch.islower() or ch.isupper() or unicodedata.category(ch) == "Lt"


def case_ignorable(ch, cased):
    """Unicode Case_Ignorable, as str.lower() applies it to a capital sigma
    (Final_Sigma: a cased letter, case-ignorables, the sigma, and no
    case-ignorables followed by a cased letter)."""
    if cased:
        # "1" ch "Σ": the sigma is final only when ch stops the backward
        # scan (not ignorable) and is cased
        return ("1" + ch + SIGMA).lower()[-1] != FINAL_SIGMA
    # "AΣ" ch "B": not final when the forward scan skips ch and finds B
    return ("A" + SIGMA + ch + "B").lower()[1] != FINAL_SIGMA


def flags_of(c):
    ch = chr(c)
    cat = unicodedata.category(ch)
    cased = is_cased(ch)
    f = 0
    f |= UPPER if ch.isupper() else 0
    f |= LOWER if ch.islower() else 0
    f |= LETTER if cat.startswith("L") else 0
    f |= DIGIT if cat == "Nd" else 0
    f |= CASED if cased else 0
    f |= IGNORABLE if case_ignorable(ch, cased) else 0
    return f


def property_runs():
    runs = []
    last = None
    for c in range(MAX):
        f = 0 if 0xD800 <= c <= 0xDFFF else flags_of(c)
        if f != last:
            runs.append((c, f))
            last = f
    return runs


def digit_zeros():
    zeros = [c for c in scalars()
             if unicodedata.category(chr(c)) == "Nd" and unicodedata.decimal(chr(c)) == 0]
    for c in scalars():
        if unicodedata.category(chr(c)) == "Nd":
            zero = max(z for z in zeros if z <= c)
            assert unicodedata.decimal(chr(c)) == c - zero, hex(c)
    return zeros


def simple_upper(ch):
    full = ch.upper()
    if len(full) == 1:
        return full
    title = ch.title()
    return title if len(title) == 1 else ch


def simple_lower(ch):
    full = ch.lower()
    if len(full) == 1:
        return full
    assert ch == "\u0130", hex(ord(ch))
    return "\u0069"


def mappings(simple, full):
    """The simple mapping as {code: delta} and the full mappings that
    differ from it as {code: [code points]}."""
    deltas, special = {}, {}
    for c in scalars():
        ch = chr(c)
        s = simple(ch)
        if s != ch:
            deltas[c] = ord(s) - c
        f = full(ch)
        if f != s:
            assert 1 < len(f) <= 3, hex(c)
            special[c] = [ord(x) for x in f]
    return deltas, special


def ranges(deltas):
    """{code: delta} as non-overlapping (lo, hi, delta, step) runs."""
    codes = sorted(deltas)
    out = []
    i = 0
    while i < len(codes):
        lo = codes[i]
        d = deltas[lo]
        step = 1
        if deltas.get(lo + 1) != d and deltas.get(lo + 2) == d and (lo + 1) not in deltas:
            step = 2
        hi = lo
        while deltas.get(hi + step) == d and (step == 1 or (hi + 1) not in deltas):
            hi += step
        out.append((lo, hi, d, step))
        i = bisect.bisect_right(codes, hi)
    return out


def check_ranges(rs, deltas):
    got = {}
    for lo, hi, d, step in rs:
        for c in range(lo, hi + 1, step):
            got[c] = d
    assert got == deltas
    for a, b in zip(rs, rs[1:]):
        assert a[1] < b[0]


def emit_ranges(out, name, rs):
    out.append("static const SeenCaseRange %s[%d] = {" % (name, len(rs)))
    for lo, hi, d, step in rs:
        out.append("    {0x%05X, 0x%05X, %d, %d}," % (lo, hi, d, step))
    out.append("};")
    out.append("")


def emit_special(out, name, special):
    out.append("static const SeenCaseSpecial %s[%d] = {" % (name, len(special)))
    for c in sorted(special):
        cs = special[c] + [0] * (3 - len(special[c]))
        out.append("    {0x%05X, {0x%05X, 0x%05X, 0x%05X}}," % (c, cs[0], cs[1], cs[2]))
    out.append("};")
    out.append("")


def emit_words(out, ctype, name, words, per_line, fmt):
    out.append("static const %s %s[%d] = {" % (ctype, name, len(words)))
    for i in range(0, len(words), per_line):
        out.append("    " + " ".join(fmt % w + "," for w in words[i:i + per_line]))
    out.append("};")
    out.append("")


def main():
    upper, upper_special = mappings(simple_upper, str.upper)
    lower, lower_special = mappings(simple_lower, str.lower)
    up_ranges, low_ranges = ranges(upper), ranges(lower)
    check_ranges(up_ranges, upper)
    check_ranges(low_ranges, lower)
    props = property_runs()
    zeros = digit_zeros()
    out = []
    out.append("/* Generated by tools/gen_case_tables.py; do not edit. */")
    out.append("/* Unicode %s */" % unicodedata.unidata_version)
    out.append("#ifndef SEEN_CASE_TABLES_H")
    out.append("#define SEEN_CASE_TABLES_H")
    out.append("")
    out.append("#include <stdint.h>")
    out.append("")
    out.append('#define SEEN_UNICODE_VERSION "%s"' % unicodedata.unidata_version)
    out.append("")
    for name, bit in [("UPPER", UPPER), ("LOWER", LOWER), ("LETTER", LETTER),
                      ("DIGIT", DIGIT), ("CASED", CASED), ("CASE_IGNORABLE", IGNORABLE)]:
        out.append("#define SEEN_CP_%s %du" % (name, bit))
    out.append("")
    out.append("/* c in lo..hi with (c - lo) % step == 0 maps to c + delta */")
    out.append("typedef struct SeenCaseRange {")
    out.append("    uint32_t lo, hi;")
    out.append("    int32_t delta;")
    out.append("    uint32_t step;")
    out.append("} SeenCaseRange;")
    out.append("")
    out.append("/* a full mapping of more than one character (unused places 0) */")
    out.append("typedef struct SeenCaseSpecial {")
    out.append("    uint32_t code;")
    out.append("    uint32_t to[3];")
    out.append("} SeenCaseSpecial;")
    out.append("")
    emit_words(out, "uint32_t", "SEEN_CASE_PROPS", [(c << 8) | f for c, f in props], 6,
               "0x%08X")
    emit_words(out, "uint32_t", "SEEN_DIGIT_ZEROS", zeros, 8, "0x%05X")
    emit_ranges(out, "SEEN_UPPER_RANGES", up_ranges)
    emit_ranges(out, "SEEN_LOWER_RANGES", low_ranges)
    emit_special(out, "SEEN_UPPER_SPECIAL", upper_special)
    emit_special(out, "SEEN_LOWER_SPECIAL", lower_special)
    out.append("#endif /* SEEN_CASE_TABLES_H */")
    print("\n".join(out))


if __name__ == "__main__":
    main()
