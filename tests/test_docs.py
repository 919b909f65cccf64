"""The docs cannot drift silently: links resolve, the README stays a front door, and every
environment variable, setting, command and make target the code has is in the reference."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
README = ROOT / "README.md"
README_MAX_LINES = 150

# Folders that are not the project's source: virtualenvs, caches, collected or uploaded files,
# vendored code, and the docs' own examples (a partner's receiver reads its own variables).
NOT_SOURCE = {"node_modules", "staticfiles", "media", "__pycache__", "bench-results", "vendor"}
NOT_SOURCE_TOP = {"docs"}

FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"`[^`\n]*`")
LINK = re.compile(r"!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)
HTML_ID = re.compile(r"<a\s+(?:name|id)=\"([^\"]+)\"")

# How the code reads the environment: os.environ.get / os.environ[…] / os.environ.setdefault,
# os.getenv, and the settings' and benchmarks' helpers (env_bool, env_list, env_int).
ENV_READ = re.compile(
    r"""(?:environ(?:\.get|\.setdefault|\.pop)?\s*[\(\[]|getenv\s*\(|\benv_(?:bool|list|int)\s*\()"""
    r"""\s*["']([A-Z][A-Z0-9_]+)["']"""
)
# A project setting the code reads or a settings module defines.
SETTING_READ = re.compile(
    r"""(?:settings\.|getattr\(\s*settings\s*,\s*["'])(NEWSROOM_[A-Z0-9_]+)|^(NEWSROOM_[A-Z0-9_]+)\s*=""",
    re.MULTILINE,
)


# A path into the repository written in a code span: `core/caching/purge.py`, `deploy/varnish/`.
TOP_LEVEL = (
    "core|events|articles|desk|distribution|live|planning|accounts|audit|demo|newsroom|deploy|bench"
    "|fixtures|templates|static|tests|docs|\\.ci"
)
REPO_PATH = re.compile(rf"`((?:{TOP_LEVEL})/[\w./@-]*)`")
# How code points at the docs: a page by its path, or (no longer) a section of the README.
DOCS_PAGE = re.compile(r"\bdocs/[\w/.-]+\.md")
README_SECTION = re.compile(r"README(?:\.md)?[\s,(]*(\"[^\"\n]+\")")


def markdown_files():
    return [README, *sorted(DOCS.rglob("*.md"))]


def prose(text):
    """The text a reader follows links in: code blocks and code spans are examples, not links."""
    return INLINE_CODE.sub("", FENCE.sub("", text))


def github_slug(heading):
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link keeps its words
    text = re.sub(r"<[^>]+>", "", text).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path):
    """Every anchor a Markdown file offers, with GitHub's -1, -2 … for repeated headings."""
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    found, seen = set(HTML_ID.findall(text)), {}
    for heading in HEADING.findall(text):
        slug = github_slug(heading)
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        found.add(slug if count == 0 else f"{slug}-{count}")
    return found


def broken_links(path):
    """Each relative link in `path` whose file, or whose anchor in that file, does not exist."""
    problems = []
    for target in LINK.findall(prose(path.read_text(encoding="utf-8"))):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # https:, mailto: …: not ours to check
            continue
        file_part, _, anchor = target.partition("#")
        linked = (path.parent / file_part).resolve() if file_part else path
        if not linked.exists():
            problems.append(f"{target} (no such file)")
        elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
            problems.append(f"{target} (no heading #{anchor} in {linked.name})")
    return problems


def missing_paths(path):
    """Each repository path named in `path`'s code spans that does not exist (a template may be
    named as Django finds it: `articles/story_page.html` under a templates folder)."""
    problems = []
    for name in REPO_PATH.findall(path.read_text(encoding="utf-8")):
        candidates = [ROOT / name]
        if name.endswith(".html"):
            candidates += [ROOT / "templates" / name, *ROOT.glob(f"*/templates/{name}")]
        if not any(candidate.exists() for candidate in candidates):
            problems.append(name)
    return problems


def source_files():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if parts[0] in NOT_SOURCE_TOP or any(
            part.startswith(".") or part in NOT_SOURCE for part in parts
        ):
            continue
        if path == Path(__file__).resolve():  # its own samples of the patterns are not reads
            continue
        yield path


def names_read(pattern):
    found = {}
    for path in source_files():
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            name = next(group for group in match.groups() if group)
            found.setdefault(name, str(path.relative_to(ROOT)))
    return found


def documented(name, text):
    return re.search(rf"`{re.escape(name)}`", text) is not None


def test_every_relative_link_in_the_readme_and_docs_resolves():
    problems = {
        str(path.relative_to(ROOT)): broken
        for path in markdown_files()
        if (broken := broken_links(path))
    }
    assert problems == {}


def test_the_link_check_finds_a_missing_file_and_a_missing_heading(tmp_path):
    (tmp_path / "other.md").write_text("# A page\n\n## Its one section\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text(
        "# Title\n\n[ok](other.md#its-one-section) [here](#title) [web](https://example.org)\n"
        "[gone](missing.md) [wrong](other.md#no-such-part) `[code](not-a-link.md)`\n"
        "```\n[example](also-not-a-link.md)\n```\n",
        encoding="utf-8",
    )
    assert broken_links(page) == [
        "missing.md (no such file)",
        "other.md#no-such-part (no heading #no-such-part in other.md)",
    ]


def test_every_repository_path_the_docs_name_exists():
    # Decision records and dated measurements are history: they name files as they were then.
    history = [DOCS / "benchmarks.md", *(DOCS / "decisions").glob("*.md")]
    problems = {
        str(path.relative_to(ROOT)): missing
        for path in markdown_files()
        if path not in history and (missing := missing_paths(path))
    }
    assert problems == {}, "these files moved or never existed: correct the docs"


def test_the_path_check_finds_a_path_that_does_not_exist(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "`core/no_such_module.py` `tests/conftest.py` `deploy/varnish/`\n"
        "`articles/article_detail.html` `newsroom/settings/base.py`\n"
        "`backups/newsroom-<time>.json.gz` `/srv/newsroom`\n",
        encoding="utf-8",
    )
    assert missing_paths(page) == ["core/no_such_module.py"]


def test_what_the_code_says_about_the_docs_exists():
    """Comments and messages point to a docs page (`docs/how-to/redis.md`), never to a README
    section, which the README no longer has."""
    problems = []
    others = [*ROOT.glob("deploy/**/*.*"), *ROOT.glob("fixtures/**/*.toml"), ROOT / "Makefile"]
    for path in [*source_files(), *others]:
        text = path.read_text(encoding="utf-8")
        where = str(path.relative_to(ROOT))
        problems += [f"{where}: README {section}" for section in README_SECTION.findall(text)]
        problems += [
            f"{where}: {page}" for page in DOCS_PAGE.findall(text) if not (ROOT / page).exists()
        ]
    assert problems == []


def test_the_readme_is_a_front_door():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, (
        f"README.md has {len(lines)} lines; keep it at {README_MAX_LINES} or fewer and move "
        "the rest to docs/ (tutorial, how-to, reference, explanation)."
    )


def test_every_page_in_docs_is_reachable_from_the_index():
    reachable, queue = set(), [DOCS / "index.md"]
    while queue:
        page = queue.pop()
        if page in reachable or not page.exists():
            continue
        reachable.add(page)
        for target in LINK.findall(prose(page.read_text(encoding="utf-8"))):
            file_part = target.partition("#")[0]
            if file_part.endswith(".md") and not re.match(r"^[a-z]+:", file_part):
                queue.append((page.parent / file_part).resolve())
    orphans = [str(p.relative_to(ROOT)) for p in DOCS.rglob("*.md") if p.resolve() not in reachable]
    assert sorted(orphans) == [], "link these pages from docs/index.md (or a page it links)"


def test_every_environment_variable_the_code_reads_is_in_the_settings_reference():
    reference = (DOCS / "reference" / "settings.md").read_text(encoding="utf-8")
    read = names_read(ENV_READ)
    assert {"DJANGO_SECRET_KEY", "NEWSROOM_PAGE_CACHE", "DATABASE_CONN_MAX_AGE"} <= set(read)
    missing = {name: where for name, where in read.items() if not documented(name, reference)}
    assert missing == {}, "add these to docs/reference/settings.md (name: first file reading it)"


def test_every_newsroom_setting_is_in_the_settings_reference():
    reference = (DOCS / "reference" / "settings.md").read_text(encoding="utf-8")
    read = names_read(SETTING_READ)
    assert {"NEWSROOM_MAX_IMAGE_BYTES", "NEWSROOM_WORKER_PERIODIC"} <= set(read)
    missing = {name: where for name, where in read.items() if not documented(name, reference)}
    assert missing == {}, "add these to docs/reference/settings.md (name: first file using it)"


def test_the_scanners_find_each_way_of_reading_the_environment_and_settings():
    sample = (
        'os.environ.get("A_ONE")\nos.environ["A_TWO"]\nos.getenv("A_THREE", "")\n'
        'env_bool(\'A_FOUR\', True)\nenv_int("A_FIVE", 5)\nos.environ.setdefault("A_SIX", 1)\n'
        'x = settings.NEWSROOM_SEVEN\ngetattr(settings, "NEWSROOM_EIGHT", 1)\nNEWSROOM_NINE = 9\n'
    )
    env = {m.group(1) for m in ENV_READ.finditer(sample)}
    assert env == {"A_ONE", "A_TWO", "A_THREE", "A_FOUR", "A_FIVE", "A_SIX"}
    found = {next(g for g in m.groups() if g) for m in SETTING_READ.finditer(sample)}
    assert found == {"NEWSROOM_SEVEN", "NEWSROOM_EIGHT", "NEWSROOM_NINE"}


def test_every_management_command_and_make_target_is_in_the_commands_reference():
    reference = (DOCS / "reference" / "commands.md").read_text(encoding="utf-8")
    commands = {
        path.stem
        for path in source_files()
        if path.parent.name == "commands"
        and path.parent.parent.name == "management"
        and not path.stem.startswith("_")
    }
    assert {"load_demo", "run_worker", "import_story"} <= commands
    phony = re.search(r"^\.PHONY:(.*)$", (ROOT / "Makefile").read_text(), re.MULTILINE)
    targets = {f"make {name}" for name in phony.group(1).split()}
    assert "make run" in targets
    missing = sorted(name for name in commands | targets if not documented(name, reference))
    assert missing == [], "add these to docs/reference/commands.md"


def test_the_example_receiver_accepts_what_the_site_signs_and_refuses_the_rest(capsys):
    """docs/examples/receiver.py, which the tutorial runs, against the headers distribution
    really sends, over real HTTP: a push signed with the secret is taken, a forgery is not."""
    import importlib.util
    import threading
    import time
    import urllib.error
    import urllib.request
    import uuid
    from types import SimpleNamespace

    from distribution.payloads import headers

    spec = importlib.util.spec_from_file_location("receiver", DOCS / "examples" / "receiver.py")
    receiver = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(receiver)
    server = receiver.serve("the-secret", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"

    def push(secret, body, timestamp):
        sent = headers(
            event=SimpleNamespace(kind="published", event_id=uuid.uuid4()),
            subscriber=SimpleNamespace(secret=secret),
            body=body,
            timestamp=timestamp,
            attempt=1,
        )
        request = urllib.request.Request(url, data=body, headers=sent, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=5) as answer:
                return answer.status
        except urllib.error.HTTPError as error:
            return error.code

    story = b'{"headlines": [{"role": "main", "value": "Leaders sign in Dushanbe"}]}'
    now = int(time.time())
    try:
        assert push("the-secret", story, now) == 204
        assert push("another-secret", story, now) == 401
        assert push("the-secret", story, now - 3600) == 401  # a replay an hour late
    finally:
        server.shutdown()
        server.server_close()
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].endswith("signature ok Leaders sign in Dushanbe")
    assert printed[1].split()[2:4] == ["BAD", "SIGNATURE"]
