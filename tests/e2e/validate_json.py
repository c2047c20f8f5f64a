#!/usr/bin/env python3
"""Validates wfpredir's JSON output against docs/schema/*.schema.json.

Reads one JSON document, or JSON Lines (one document a line), from FILE or
standard input. Each document is checked against the schema its "type" names
(connection -> query.schema.json, summary, error, errors, dump, doctor,
version, datagram, connections, relay-summary -> relay.schema.json); an object key given twice is an error too (json.loads would keep
the last one silently). With --type, every document must be of one of those
types; with --count N, there must be N documents.

Exit status: 0 valid, 1 invalid (reasons on stderr), 2 usage or missing
python3-jsonschema (Debian: apt-get install python3-jsonschema).
"""
import argparse
import json
import pathlib
import sys

try:
    import jsonschema
except ImportError:
    print("validate_json.py: python3-jsonschema is missing", file=sys.stderr)
    sys.exit(2)

SCHEMA_DIR = pathlib.Path(__file__).resolve().parents[2] / "docs" / "schema"
SCHEMA_OF_TYPE = {
    "connection": "query",
    "summary": "summary",
    "error": "error",
    "errors": "errors",
    "dump": "dump",
    "doctor": "doctor",
    "version": "version",
    "datagram": "datagram",
    "relay-summary": "relay",
    "connections": "connections",
}


def no_duplicate_keys(pairs):
    seen = {}
    for key, value in pairs:
        if key in seen:
            raise ValueError(f"key {key!r} appears twice in one object")
        seen[key] = value
    return seen


def make_validator(store, schema_id):
    """A 2020-12 validator that finds the other schemas by their $id (every
    $ref is absolute): through `referencing` where jsonschema has it (4.18
    and later), else RefResolver (Debian 12's 4.10)."""
    schema = store[schema_id]
    try:
        import referencing
        import referencing.jsonschema
    except ImportError:
        resolver = jsonschema.RefResolver.from_schema(schema, store=store)
        return jsonschema.Draft202012Validator(schema, resolver=resolver)
    registry = referencing.Registry().with_resources(
        (uri, referencing.Resource.from_contents(s, default_specification=referencing.jsonschema.DRAFT202012))
        for uri, s in store.items())
    return jsonschema.Draft202012Validator(schema, registry=registry)


def load_documents(text):
    try:
        return [json.loads(text, object_pairs_hook=no_duplicate_keys)]
    except json.JSONDecodeError:
        pass
    docs = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            docs.append(json.loads(line, object_pairs_hook=no_duplicate_keys))
        except (json.JSONDecodeError, ValueError) as e:
            raise ValueError(f"line {number}: not JSON: {e}") from None
    return docs


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", default="-")
    parser.add_argument("--type", action="append", dest="types", help="allowed document type")
    parser.add_argument("--count", type=int, help="number of documents wanted")
    args = parser.parse_args()

    store = {}
    for path in SCHEMA_DIR.glob("*.schema.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        store[schema["$id"]] = schema

    text = sys.stdin.read() if args.file == "-" else pathlib.Path(args.file).read_text(encoding="utf-8")
    try:
        docs = load_documents(text)
    except ValueError as e:
        print(f"validate_json.py: {e}", file=sys.stderr)
        return 1
    if not docs:
        print("validate_json.py: no JSON document", file=sys.stderr)
        return 1
    if args.count is not None and len(docs) != args.count:
        print(f"validate_json.py: {len(docs)} documents, wanted {args.count}", file=sys.stderr)
        return 1

    bad = 0
    for number, doc in enumerate(docs, 1):
        kind = doc.get("type") if isinstance(doc, dict) else None
        if kind not in SCHEMA_OF_TYPE:
            print(f"validate_json.py: document {number}: no known \"type\" ({kind!r})", file=sys.stderr)
            bad += 1
            continue
        if args.types and kind not in args.types:
            print(f"validate_json.py: document {number}: type {kind!r}, wanted {args.types}", file=sys.stderr)
            bad += 1
            continue
        validator = make_validator(store, f"urn:wfpredir:schema:{SCHEMA_OF_TYPE[kind]}")
        for error in sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path)):
            where = "/".join(str(p) for p in error.absolute_path) or "(top)"
            print(f"validate_json.py: document {number} ({kind}) at {where}: {error.message}",
                  file=sys.stderr)
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
