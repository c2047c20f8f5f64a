#!/usr/bin/env python3
"""Every English text that src/ hands to tr()/trf() (text/i18n.h) has a French
entry in src/text/i18n_fr_*.cpp, and every counted word it hands to trn() (its
English singular and plural, both literals) has a plural entry there. Run from
anywhere: lint.py SOURCE_DIR. With --list, prints the English keys the sources
use, one per line (C escapes kept; a counted word as "one|other"), for a
person to read."""
import pathlib
import re
import sys

LIT = r'"(?:[^"\\\n]|\\.)*"'
LITSEQ = re.compile(LIT + r'(?:\s*' + LIT + r')*')
CALL = re.compile(r'(?<![A-Za-z0-9_:.])(tr[fn]?)\(')


def joined(seq):
    """The text of a sequence of adjacent literals, escapes kept."""
    return ''.join(m[1:-1] for m in re.findall(LIT, seq))


def argument_text(src, start):
    """The text between the parenthesis before start and its match."""
    depth, i = 1, start
    while i < len(src) and depth:
        c = src[i]
        if c == '"':
            m = LITSEQ.match(src, i)
            i = m.end()
            continue
        if c == "'":
            i = src.index("'", i + 2) + 1 if src[i + 1] == '\\' else i + 3
            continue
        depth += c == '('
        depth -= c == ')'
        i += 1
    return src[start:i - 1]


def top_level_literals(args, first_argument_only=False):
    """Literal sequences not nested inside another call's parentheses (for
    trf, those of the template argument only: "lang, " may come before it)."""
    out, depth, i = [], 0, 0
    while i < len(args):
        c = args[i]
        if c == '"':
            m = LITSEQ.match(args, i)
            # A literal compared with (c.family == "ipv6" ? ...) is no text.
            if depth == 0 and not re.search(r'[=!]=\s*$', args[:i]):
                out.append(joined(m.group()))
            i = m.end()
            continue
        if c == ',' and depth == 0 and first_argument_only:
            if out:
                break
        depth += c in '([{'
        depth -= c in ')]}'
        i += 1
    return out


def counted_forms(args):
    """trn(lang, "one", "other", n): the two English forms, or None when they
    are not the second and third arguments, each a literal."""
    parts, depth, start = [], 0, 0
    i = 0
    while i < len(args):
        c = args[i]
        if c == '"':
            i = LITSEQ.match(args, i).end()
            continue
        depth += c in '([{'
        depth -= c in ')]}'
        if c == ',' and depth == 0:
            parts.append(args[start:i].strip())
            start = i + 1
        i += 1
    parts.append(args[start:].strip())
    forms = parts[1:3]
    if len(forms) != 2 or not all(LITSEQ.fullmatch(f) for f in forms):
        return None
    return tuple(joined(f) for f in forms)


def used_keys(root):
    """The keys of tr()/trf() and the (one, other) pairs of trn(), each with
    where it is first used; trn() calls whose forms are not literals too."""
    keys, counted, opaque = {}, {}, []
    for path in sorted((root / 'src').rglob('*')):
        if path.suffix not in ('.cpp', '.h') or path.name.startswith('i18n'):
            continue
        src = path.read_text(encoding='utf-8')
        for m in CALL.finditer(src):
            args = argument_text(src, m.end())
            where = f'{path.relative_to(root)}:{src.count(chr(10), 0, m.start()) + 1}'
            if m.group(1) == 'trn':
                if not args.strip():
                    continue  # "trn()" named in a comment
                forms = counted_forms(args)
                if forms is None:
                    opaque.append(where)
                else:
                    counted.setdefault(forms, where)
                continue
            for k in top_level_literals(args, m.group(1) == 'trf'):
                keys.setdefault(k, where)
    return keys, counted, opaque


def table_keys(root):
    """The tables' {en, fr} entries and their {en_one, en_other, fr_one,
    fr_other} counted words."""
    two = re.compile(r'\{\s*(' + LITSEQ.pattern + r')\s*,\s*(' + LITSEQ.pattern + r')\s*\}')
    four = re.compile(r'\{\s*' + r'\s*,\s*'.join(['(' + LITSEQ.pattern + ')'] * 4) + r'\s*\}')
    keys, counted = {}, {}
    for path in sorted((root / 'src' / 'text').glob('i18n_fr_*.cpp')):
        text = path.read_text(encoding='utf-8')
        for m in two.finditer(text):
            keys[joined(m.group(1))] = joined(m.group(2))
        for m in four.finditer(text):
            counted[(joined(m.group(1)), joined(m.group(2)))] = (joined(m.group(3)),
                                                                 joined(m.group(4)))
    return keys, counted


# French typography: a no-break space (U+00A0) or a narrow one (U+202F)
# before ':' ';' '?' '!' used as punctuation, i.e. followed by a space, the
# end of the text, a line break, ')' or '»' (not "{:#x}", "::1", "host:port").
NBSP = ('\u00a0', '\u202f')
MARK = re.compile(r'[:;?!](?=( |$|\\n|\)|»))')


def typography_faults(fr):
    """The places in a French text (C escapes kept) where a mark lacks its
    no-break space."""
    text = fr.replace('\\u00a0', '\u00a0').replace('\\u202f', '\u202f')
    faults = []
    for m in MARK.finditer(text):
        before = text[:m.start()]
        if before.endswith(NBSP) or (before and before[-1] in ':{\\[' and not before.endswith(' ')):
            continue
        faults.append(text[max(0, m.start() - 20):m.end() + 1])
    return faults


def french_texts(root):
    """Every French text of the tables, the error catalog and CLI11's
    translated sentences, with its file."""
    two = re.compile(r'\{\s*(' + LITSEQ.pattern + r')\s*,\s*(' + LITSEQ.pattern + r')\s*\}')
    four = re.compile(r'\{\s*' + r'\s*,\s*'.join(['(' + LITSEQ.pattern + ')'] * 4) + r'\s*\}')
    cat = re.compile(r'\{\s*\d+\s*,\s*' + r'\s*,\s*'.join(['(' + LITSEQ.pattern + ')'] * 5) +
                     r'\s*\}')
    cat2 = re.compile(r'\{\s*ErrorDomain::\w+\s*,\s*[\w:]+\s*,\s*' +
                      r'\s*,\s*'.join(['(' + LITSEQ.pattern + ')'] * 4) + r'\s*\}')
    rules = re.compile(r'\{std::regex\(' + LITSEQ.pattern + r'\),\s*(' + LITSEQ.pattern + r')\s*\}')
    out = []
    for path in sorted((root / 'src' / 'text').glob('i18n_fr_*.cpp')):
        text = path.read_text(encoding='utf-8')
        out += [(path.name, joined(m.group(2))) for m in two.finditer(text)]
        for m in four.finditer(text):
            out += [(path.name, joined(m.group(3))), (path.name, joined(m.group(4)))]
    catalog, lang = root / 'src' / 'text' / 'catalog.cpp', root / 'src' / 'cli' / 'lang.cpp'
    text = catalog.read_text(encoding='utf-8') if catalog.exists() else ''
    for m in cat.finditer(text):
        out += [('catalog.cpp', joined(m.group(3))), ('catalog.cpp', joined(m.group(5)))]
    for m in cat2.finditer(text):
        out += [('catalog.cpp', joined(m.group(2))), ('catalog.cpp', joined(m.group(4)))]
    text = lang.read_text(encoding='utf-8') if lang.exists() else ''
    out += [('lang.cpp', joined(m.group(1))) for m in rules.finditer(text)]
    return out


def main():
    root = pathlib.Path(sys.argv[-1]).resolve()
    (used, used_counted, opaque), (table, table_counted) = used_keys(root), table_keys(root)
    if '--list' in sys.argv:
        print('\n'.join(sorted(list(used) + ['|'.join(f) for f in used_counted])))
        return 0
    missing = {k: where for k, where in used.items() if k not in table}
    for k, where in sorted(missing.items(), key=lambda kv: kv[1]):
        print(f'{where}: no French for "{k}"')
    missing_counted = {f: where for f, where in used_counted.items() if f not in table_counted}
    for (one, other), where in sorted(missing_counted.items(), key=lambda kv: kv[1]):
        print(f'{where}: no French plural entry for "{one}" / "{other}"')
    for where in opaque:
        print(f'{where}: trn() needs its English singular and plural as literals')
    print(f'{len(used)} English keys used in src/, {len(table)} table entries, '
          f'{len(missing)} without French; {len(used_counted)} counted words, '
          f'{len(table_counted)} plural entries, {len(missing_counted)} without French')
    faults = 0
    for name, fr in french_texts(root):
        for where in typography_faults(fr):
            print(f'{name}: French typography: a no-break space (\\u00a0, or \\u202f before ; ? !) '
                  f'goes before the mark in "{where}"')
            faults += 1
    print(f'{faults} French typography faults')
    return 1 if missing or missing_counted or opaque or faults else 0


if __name__ == '__main__':
    sys.exit(main())
