#!/usr/bin/env python3
"""lint.py on small made-up trees: it passes one whose every text has its
French, and names each text that lacks it (a tr() key, a trn() pair) and each
trn() whose English forms are not literals."""
import pathlib
import subprocess
import sys
import tempfile

LINT = pathlib.Path(__file__).resolve().parent / 'lint.py'

TABLE = '''
constexpr Phrase kPhrases[] = {
    {"a label", "une étiquette"},
};
constexpr PluralPhrase kPlurals[] = {
    {"file", "files", "fichier", "fichiers"},
};
'''


def lint(source, table=TABLE):
    with tempfile.TemporaryDirectory() as tmp:
        core = pathlib.Path(tmp) / 'src' / 'text'
        core.mkdir(parents=True)
        (core / 'i18n_fr_test.cpp').write_text(table, encoding='utf-8')
        (core / 'use.cpp').write_text(source, encoding='utf-8')
        run = subprocess.run([sys.executable, str(LINT), tmp], capture_output=True, text=True)
        return run.returncode, run.stdout


def expect(source, code, *lines, table=TABLE):
    got_code, out = lint(source, table)
    ok = got_code == code and all(line in out for line in lines)
    if not ok:
        print(f'FAIL: {source!r}: exit {got_code} (wanted {code}), output:\n{out}')
    return ok


def main():
    good = 'auto a = tr("a label");\nauto b = trn(lang, "file", "files", n);  // trn() in a comment\n'
    results = [
        expect(good, 0, '1 English keys used in src/, 1 table entries, 0 without French; '
               '1 counted words, 1 plural entries, 0 without French'),
        expect('auto a = tr("no entry");\n', 1, 'src/text/use.cpp:1: no French for "no entry"'),
        expect('auto b = trn(lang, "file", "filez", n);\n', 1,
               'src/text/use.cpp:1: no French plural entry for "file" / "filez"'),
        expect('auto b = trn(lang, word, "files", n);\n', 1,
               'src/text/use.cpp:1: trn() needs its English singular and plural as literals'),
        # French typography: a no-break space before : ; ? ! as punctuation,
        # none needed in a format spec, an address or host:port.
        expect('auto a = tr("a label");\n', 1, 'French typography', '1 French typography faults',
               table=TABLE.replace('une étiquette', 'une étiquette : {}')),
        expect('auto a = tr("a label");\n', 1, '2 French typography faults',
               table=TABLE.replace('une étiquette', 'vraiment ? oui; {}')),
        expect('auto a = tr("a label");\n', 0, '0 French typography faults',
               table=TABLE.replace('une étiquette',
                                   'une étiquette\\u00a0: {:#x} [::1]:80 hôte:port\\u202f?')),
    ]
    print(f'{sum(results)} of {len(results)} lint cases as expected')
    return 0 if all(results) else 1


if __name__ == '__main__':
    sys.exit(main())
