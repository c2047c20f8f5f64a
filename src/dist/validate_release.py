#!/usr/bin/env python3
"""Validates the release metadata written with the packages against the
published schemas kept in src/dist/schemas/ (schemas/README.md names their
sources), and checks what a schema cannot: the SBOM lists every bundled
library with a version and a licence, and each manifest's SHA-256 is the
zip's. Usage:
  validate_release.py sbom SBOM.json NAME...        (the libraries it must list)
  validate_release.py winget MANIFEST.yaml ZIP
  validate_release.py scoop MANIFEST.json ZIP
Prints one line; exit 1 with the first problem."""
import hashlib
import json
import pathlib
import sys

import jsonschema
import yaml

SCHEMAS = pathlib.Path(__file__).resolve().parent / 'schemas'


def schema(name):
    return json.loads((SCHEMAS / name).read_text(encoding='utf-8'))


def check(document, schema_name):
    s = schema(schema_name)
    cls = jsonschema.validators.validator_for(s)
    errors = sorted(cls(s).iter_errors(document), key=lambda e: list(e.path))
    if errors:
        e = errors[0]
        fail(f'{schema_name}: {"/".join(map(str, e.path)) or "(top)"}: {e.message}')


def fail(why):
    print(f'validate_release: FAILED: {why}')
    sys.exit(1)


def sha256(path):
    return hashlib.sha256(pathlib.Path(path).read_bytes()).hexdigest()


def main(argv):
    if len(argv) < 3:
        fail(__doc__)
    kind, path = argv[1], argv[2]
    if kind == 'sbom':
        doc = json.loads(pathlib.Path(path).read_text(encoding='utf-8'))
        check(doc, 'spdx-schema-2.3.json')
        packages = {p['name']: p for p in doc['packages']}
        for name in ['wfpredir'] + argv[3:]:
            p = packages.get(name)
            if p is None:
                fail(f'the SBOM does not list {name}')
            if p.get('versionInfo', 'NOASSERTION') == 'NOASSERTION':
                fail(f'the SBOM gives {name} no version')
            if p.get('licenseDeclared', 'NOASSERTION') == 'NOASSERTION':
                fail(f'the SBOM gives {name} no licence')
        contained = {r['relatedSpdxElement'] for r in doc['relationships']
                     if r['relationshipType'] == 'CONTAINS'}
        for name in argv[3:]:
            if packages[name]['SPDXID'] not in contained:
                fail(f'the SBOM does not say wfpredir contains {name}')
        listed = ', '.join(f"{n} {packages[n]['versionInfo']} ({packages[n]['licenseDeclared']})"
                           for n in argv[3:])
        print(f'validate_release: ok: SBOM (SPDX 2.3 schema): {listed}')
    elif kind == 'winget':
        doc = yaml.safe_load(pathlib.Path(path).read_text(encoding='utf-8'))
        check(doc, 'winget-manifest.singleton.1.6.0.json')
        got = doc['Installers'][0]['InstallerSha256'].lower()
        if got != sha256(argv[3]):
            fail(f'winget InstallerSha256 {got} is not the zip\'s')
        print(f'validate_release: ok: winget manifest (singleton 1.6.0 schema), {doc["PackageVersion"]}, '
              f'{doc["Installers"][0]["InstallerUrl"]}, SHA-256 of the zip')
    elif kind == 'scoop':
        doc = json.loads(pathlib.Path(path).read_text(encoding='utf-8'))
        check(doc, 'scoop-manifest.json')
        got = doc['architecture']['64bit']['hash'].lower()
        if got != sha256(argv[3]):
            fail(f'Scoop hash {got} is not the zip\'s')
        print(f'validate_release: ok: Scoop manifest (Scoop schema), {doc["version"]}, '
              f'{doc["architecture"]["64bit"]["url"]}, SHA-256 of the zip')
    else:
        fail(f'unknown kind {kind}')


if __name__ == '__main__':
    main(sys.argv)
