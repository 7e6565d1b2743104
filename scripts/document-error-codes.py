#!/usr/bin/env python3
"""Completes the handlers' OpenAPI annotations with the error codes they were seen answering.

The contract check (api/src/http/error_codes.rs) lists every error answer whose code its
operation does not document, as lines `METHOD /api/v1/path STATUS CODE`: from the Rust tests
(`ERROR_CODES_COLLECT=file cargo test`) or from a server's log ("error code not documented").
This script adds each code to the description of the response of that status in the handler's
`#[utoipa::path(...)]` (or adds that response), then `make openapi` regenerates the document.
Read the diff: a code that should not be answered there is a bug to fix, not to document.

    scripts/document-error-codes.py codes.txt
"""
import collections
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SRC = ROOT / "api" / "src"

# What the document says of a status when the handler did not describe it (see openapi.rs), with
# the codes the standard answer of that status lists, kept when the handler describes it itself.
GENERIC = {
    400: ("Malformed request", ["BAD_REQUEST"]),
    401: ("Not signed in or session expired", ["UNAUTHORIZED", "SESSION_ENDED"]),
    403: ("Not allowed", ["FORBIDDEN", "TOTP_ENROLMENT_REQUIRED"]),
    404: ("Not found", ["NOT_FOUND"]),
    409: ("Conflicts with the current state", ["CONFLICT", "ALREADY_EXISTS"]),
    410: ("No longer valid", []),
    413: ("Body too large", ["PAYLOAD_TOO_LARGE"]),
    415: ("Unsupported content", ["UNSUPPORTED_MEDIA_TYPE"]),
    422: ("Invalid field values", ["VALIDATION_ERROR"]),
    423: ("Locked", []),
    429: ("Too many requests", ["RATE_LIMITED"]),
    503: ("Unavailable", ["SERVICE_UNAVAILABLE"]),
}


def load(path):
    wanted = collections.defaultdict(lambda: collections.defaultdict(set))
    for line in pathlib.Path(path).read_text().splitlines():
        m = re.search(r"(GET|POST|PUT|PATCH|DELETE) (/api/v1\S*) (\d{3}) ([A-Z][A-Z0-9_]+)", line)
        if m:
            method, route, status, code = m.groups()
            wanted[(method, route)][int(status)].add(code)
    return wanted


def find(method, route, files):
    """The file and the span of the `#[utoipa::path(...)]` of the handler of this route."""
    suffix = route[len("/api/v1"):]
    attr = re.compile(r'#\[' + method.lower() + r'\(\s*"' + re.escape(suffix) + '"')
    for f, text in files.items():
        # The historic partner contracts (v1 and v2) keep their own envelope and are not checked.
        if f.name.startswith("legacy"):
            continue
        m = attr.search(text)
        if not m:
            continue
        at = m.start()
        start = text.rfind("#[utoipa::path(", 0, at)
        end = text.rfind(")]", start, at) + 2
        return f, start, end
    return None


def codes_in(description):
    return re.findall(r"`([A-Z][A-Z0-9_]+)`", description)


def with_codes(description, codes):
    missing = [c for c in sorted(codes) if c not in codes_in(description)]
    if not missing:
        return description
    listed = ", ".join(f"`{c}`" for c in missing)
    m = re.search(r"\(([^()]*`[A-Z][A-Z0-9_]+`[^()]*)\)\s*$", description)
    if m:
        return description[: m.end(1)] + ", " + listed + description[m.end(1):]
    return f"{description} ({listed})"


def complete(block, statuses):
    for status, codes in sorted(statuses.items()):
        tuple_re = re.compile(r'\(status = ' + str(status) + r'\b(?P<rest>[^()]*?)description = "(?P<d>(?:[^"\\]|\\.)*)"')
        m = tuple_re.search(block)
        if m:
            block = block[: m.start("d")] + with_codes(m.group("d"), codes) + block[m.end("d"):]
            continue
        text, base = GENERIC.get(status, ("Error", []))
        description = with_codes(text, set(base) | codes)
        entry = f'(status = {status}, description = "{description}", body = ErrorBody)'
        r = block.find("responses(")
        if r < 0:
            block = block[: block.rfind(")]")].rstrip().rstrip(",") + f",\n    responses({entry})\n)]"
            continue
        # After the last tuple of `responses(...)`: find its closing parenthesis.
        depth, i = 0, r + len("responses(")
        while i < len(block):
            if block[i] == "(":
                depth += 1
            elif block[i] == ")":
                if depth == 0:
                    break
                depth -= 1
            i += 1
        inner = block[r + len("responses("): i].rstrip()
        sep = "" if inner.endswith(",") or not inner else ","
        block = block[: r + len("responses(")] + inner + f"{sep} {entry}" + block[i:]
    return block


def main():
    wanted = load(sys.argv[1])
    files = {f: f.read_text() for f in SRC.rglob("*.rs")}
    unknown = []
    for (method, route), statuses in sorted(wanted.items()):
        found = find(method, route, files)
        if not found:
            unknown.append(f"{method} {route}")
            continue
        f, start, end = found
        text = files[f]
        files[f] = text[:start] + complete(text[start:end], statuses) + text[end:]
    for f, text in files.items():
        if f.read_text() != text:
            f.write_text(text)
            print("completed", f.relative_to(ROOT))
    for u in unknown:
        print("no handler found for", u, file=sys.stderr)


if __name__ == "__main__":
    main()
