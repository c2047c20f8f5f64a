#!/usr/bin/env python3
"""Comments that stay true: every repository path, file name, document anchor and
README section that a comment in the code names must exist.

Reads the comments (not the code) of src/, tests/, .ci/ and the CMake files:
`//` and `/* */` in C++, `#` in shell, Python and CMake. In them it finds
  - file names and paths (`platform/win32/query.h`, `relay_loop.cpp`, `docs/relay.md`):
    a path must match a tracked file (by its tail); a bare name must be the name of
    a tracked file, or a system header found under the compilers' include folders;
  - anchors (`docs/winsock-contract.md#udp`): the document must have a heading whose
    GitHub-style slug is the anchor;
  - README sections (`README, "Exit codes"`, `README's "JSON contract"`, `README section
    "doctor"`): README.md must have a heading with that text.
Prints one line per name that does not resolve and exits 1 if there is any.

usage: comments.py [--self-test]
"""
import os
import re
import subprocess
import sys

EXTS = "h|hpp|cpp|c|md|sh|py|cmake|json|txt|bin|in|rc|h2m|bash|manifest|ps1|zsh"
PATH_RE = re.compile(r"(?<![\w/.$@*-])((?:[\w.-]+/)*[\w-]+(?:\.[\w-]+)*\.(?:%s))(?:#([\w-]+))?(?![\w/])" % EXTS)
SECTION_RE = re.compile(r"README(?:\.md)?(?:'s)?,?\s+(?:section\s+)?[\"\u201c]([^\"\u201d]+)[\"\u201d]")
SYSTEM_INCLUDES = [
    "/usr/include",
    "/usr/include/x86_64-linux-gnu",
    "/usr/include/c++/12",
    "/usr/x86_64-w64-mingw32/include",
    "/usr/share/mingw-w64/include",
]
# Names that a comment may use without their being files here: things outside the
# repository that the code talks about (another program's file, a kernel path).
NOT_OURS = {
    "ntdll.dll", "ws2_32.dll", "mswsock.dll", "shell32.dll", "user32.dll", "gdi32.dll",
    "haproxy.cfg", "nginx.conf", "CMakeCache.txt", "compile_commands.json",
    "build_commit.h",  # written by src/dist/commit.cmake into the build tree
    "wfpredir.spdx.json", "wfpredir.ps1",  # written by the packaging at build time
    "include/net/tcp_states.h",  # the Linux kernel's source tree
}
# A --save name as the tool writes it ("1.records.bin"), and dotted-quad
# placeholders ("a.b.c.d"), are not file names.
EXAMPLE_RE = re.compile(r"^\d+\.[\w.-]+$|^(\w\.)+\w$")


def tracked(root):
    out = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=root,
                         capture_output=True, text=True, check=True).stdout
    return [p for p in out.splitlines() if not p.startswith("build/")]


def comments_of(path, text):
    """Yields (line number, comment text)."""
    if path.endswith((".h", ".hpp", ".cpp", ".c")):
        for m in re.finditer(r"//[^\n]*|/\*.*?\*/|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'", text, re.S):
            s = m.group(0)
            if s.startswith(("//", "/*")):
                yield text.count("\n", 0, m.start()) + 1, s
    else:
        for i, line in enumerate(text.splitlines(), 1):
            j = line.find("#")
            if j >= 0 and (j == 0 or line[j - 1] in " \t"):
                yield i, line[j:]


def slug(heading):
    s = heading.strip().lower()
    s = re.sub(r"[^\w\- ]", "", s)
    return s.replace(" ", "-")


def headings(path):
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError:
        return set(), set()
    texts, slugs, fence = set(), set(), False
    for line in lines:
        if line.startswith("```"):
            fence = not fence
        elif not fence and re.match(r"#{1,6} ", line):
            t = line.lstrip("#").strip()
            texts.add(t.replace("`", "").lower())
            slugs.add(slug(t))
    return texts, slugs


def system_header(name):
    return any(os.path.isfile(os.path.join(d, name)) for d in SYSTEM_INCLUDES)


def check(root, files):
    names = {os.path.basename(p) for p in files}
    problems = []
    readme_texts, _ = headings(os.path.join(root, "README.md"))
    for rel in files:
        if not re.search(r"\.(h|hpp|cpp|c|sh|py|cmake)$|CMakeLists\.txt$|^\.ci/", rel):
            continue
        if not (rel.startswith(("src/", "tests/", ".ci/")) or rel.endswith(("CMakeLists.txt", ".cmake"))):
            continue
        full = os.path.join(root, rel)
        if not os.path.isfile(full):
            continue
        with open(full, encoding="utf-8", errors="replace") as f:
            text = f.read()
        for line, comment in comments_of(rel, text):
            for m in PATH_RE.finditer(comment):
                name, anchor = m.group(1), m.group(2)
                if name in NOT_OURS or EXAMPLE_RE.match(name) or name.startswith(("http", "www.")):
                    continue
                if re.search(r"(^|/)[A-Z]+\.", name):
                    continue  # a placeholder such as licences/NAME.txt
                if "/" in name:
                    tail = name
                    while tail.startswith(("./", "../")):
                        tail = tail.split("/", 1)[1]
                    hits = [p for p in files if p == tail or p.endswith("/" + tail)]
                    ok = bool(hits) or system_header(name)
                else:
                    hits = [p for p in files if os.path.basename(p) == name]
                    ok = name in names or system_header(name)
                if not ok:
                    problems.append(f"{rel}:{line}: names {name}, which is not in the repository")
                    continue
                if anchor and name.endswith(".md"):
                    _, slugs = headings(os.path.join(root, hits[0]))
                    if anchor not in slugs:
                        problems.append(f"{rel}:{line}: {name}#{anchor}: no such section in {hits[0]}")
            for m in SECTION_RE.finditer(comment):
                title = m.group(1).replace("`", "").strip().lower()
                if title not in readme_texts:
                    problems.append(f"{rel}:{line}: README section \"{m.group(1)}\" does not exist")
    return problems


def self_test():
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        os.makedirs(os.path.join(d, "src"))
        os.makedirs(os.path.join(d, "docs"))
        with open(os.path.join(d, "README.md"), "w") as f:
            f.write("# T\n## Exit codes\n")
        with open(os.path.join(d, "docs", "c.md"), "w") as f:
            f.write("# C\n## Original destination\n")
        with open(os.path.join(d, "src", "a.cpp"), "w") as f:
            f.write('// fine: docs/c.md#original-destination, a.cpp, README, "Exit codes", sys/socket.h\n'
                    'const char* s = "missing.h";  // not a comment above: ignored\n'
                    "// wrong: gone.h, docs/c.md#nowhere, README, \"JSON output\", src/b.cpp\n")
        subprocess.run(["git", "init", "-q"], cwd=d, check=True)
        found = check(d, tracked(d))
        want = ["names gone.h", "docs/c.md#nowhere", "\"JSON output\"", "names src/b.cpp"]
        missing = [w for w in want if not any(w in p for p in found)]
        if missing or len(found) != len(want):
            print("comments.py self-test FAILED:", found, "missing:", missing)
            return 1
        print("comments.py self-test: ok (4 wrong names found, no false alarm)")
        return 0


def main():
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    root = subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True,
                          check=True).stdout.strip()
    problems = check(root, tracked(root))
    for p in problems:
        print(p)
    print(f"comments: {len(problems)} name(s) that do not resolve" if problems else "comments: every name resolves")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
