#!/usr/bin/env python3
"""Every English text that src/ hands to tr()/trf() (core/i18n.h) has a French
entry in src/core/i18n_fr_*.cpp. Run from anywhere: lint.py SOURCE_DIR.
With --list, prints the English keys the sources use, one per line (C escapes
kept), for a person to read."""
import pathlib
import re
import sys

LIT = r'"(?:[^"\\\n]|\\.)*"'
LITSEQ = re.compile(LIT + r'(?:\s*' + LIT + r')*')
CALL = re.compile(r'(?<![A-Za-z0-9_:.])(trf?)\(')


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


def used_keys(root):
    keys = {}
    for path in sorted((root / 'src').rglob('*')):
        if path.suffix not in ('.cpp', '.h') or path.name.startswith('i18n'):
            continue
        src = path.read_text(encoding='utf-8')
        for m in CALL.finditer(src):
            lits = top_level_literals(argument_text(src, m.end()), m.group(1) == 'trf')
            line = src.count('\n', 0, m.start()) + 1
            for k in lits:
                keys.setdefault(k, f'{path.relative_to(root)}:{line}')
    return keys


def table_keys(root):
    entry = re.compile(r'\{\s*(' + LITSEQ.pattern + r')\s*,\s*(' + LITSEQ.pattern + r')\s*\}')
    keys = {}
    for path in sorted((root / 'src' / 'core').glob('i18n_fr_*.cpp')):
        for m in entry.finditer(path.read_text(encoding='utf-8')):
            keys[joined(m.group(1))] = joined(m.group(2))
    return keys


def main():
    root = pathlib.Path(sys.argv[-1]).resolve()
    used, table = used_keys(root), table_keys(root)
    if '--list' in sys.argv:
        print('\n'.join(sorted(used)))
        return 0
    missing = {k: where for k, where in used.items() if k not in table}
    for k, where in sorted(missing.items(), key=lambda kv: kv[1]):
        print(f'{where}: no French for "{k}"')
    print(f'{len(used)} English keys used in src/, {len(table)} table entries, '
          f'{len(missing)} without French')
    return 1 if missing else 0


if __name__ == '__main__':
    sys.exit(main())
