"""The layout keeps its promises: packages by responsibility, each saying what it holds, imports going one way.

docs/architecture.md states the rules these tests hold the code to.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPS = ("articles", "actors")
MAX_MODULES_SIDE_BY_SIDE = 12

# Which project packages a package must never import from (prefix match on dotted names).
ADMIN = ("articles.admin", "actors.admin")
FORBIDDEN_IMPORTS = {
    "articles.models": (
        "articles.editorial", "articles.expert_review", "articles.public", "articles.importers", "articles.demo",
        "articles.images", "articles.edition", "actors.tagging", "actors.public", "actors.gazetteer", *ADMIN,
    ),
    "actors.models": ("articles.editorial", "articles.expert_review", "articles.public", "actors.tagging", *ADMIN),
    "articles.markdown": ("articles", "actors"),
    "articles.signed_links": ("articles", "actors"),
    "articles.mail": ("articles", "actors"),
    # Layer 2 may import layer 1: the generation is a row of articles.models (ChangeStamp).
    "articles.content_generation": (
        "articles.editorial", "articles.expert_review", "articles.public", "articles.importers", "articles.demo",
        "articles.markdown", "articles.signed_links", "articles.mail", "articles.roles", "articles.management",
        "articles.templatetags", "articles.images", "articles.edition", "actors", *ADMIN,
    ),
    "articles.images": (
        "articles.public", "articles.edition", "articles.editorial", "articles.expert_review", "articles.importers",
        "articles.demo", "actors", *ADMIN,
    ),
    "articles.public": (
        "articles.edition", "articles.editorial", "articles.expert_review", "articles.importers", "articles.demo", *ADMIN,
    ),
    "articles.edition": ("articles.editorial", "articles.expert_review", "articles.importers", "articles.demo", *ADMIN),
    "actors.public": ("articles.edition", "articles.editorial", "articles.expert_review", "articles.importers", "articles.demo", *ADMIN),
    "actors.tagging": ("articles.editorial", "articles.expert_review", "articles.public", "articles.importers", *ADMIN),
    "actors.gazetteer": ("articles.expert_review", "articles.public", "articles.demo", *ADMIN),
    "actors.spreadsheets": ("articles.expert_review", "articles.public", "articles.demo", *ADMIN),
    "articles.editorial": ("articles.expert_review", "articles.importers", "articles.demo", *ADMIN),
    "articles.expert_review": ("articles.importers", "articles.demo", *ADMIN),
    "articles.importers": ("articles.public", "articles.expert_review", "articles.demo", *ADMIN),
    "articles.demo": ADMIN,
    "articles.corpus": ADMIN,
    "articles.management": ADMIN,
    "actors.management": ADMIN,
}  # fmt: skip


def source_files():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(source, *, package):
    """Every module `source` imports, as absolute dotted names; `package` anchors relative imports."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def imports_of(path):
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    return set(imported_modules(path.read_text(), package=package))


def within(name, prefix):
    return name == prefix or name.startswith(prefix + ".")


def test_no_package_holds_more_than_about_a_dozen_modules():
    crowded = {}
    for app in APPS:
        for folder in [ROOT / app, *(p for p in (ROOT / app).rglob("*") if p.is_dir())]:
            modules = [p for p in folder.glob("*.py") if p.name != "__init__.py"]
            if len(modules) > MAX_MODULES_SIDE_BY_SIDE and folder.name != "__pycache__":
                crowded[str(folder.relative_to(ROOT))] = len(modules)
    assert crowded == {}


DJANGO_FOLDERS = {"management", "commands", "templatetags"}  # named by Django's conventions


@pytest.mark.parametrize(
    "package",
    sorted(module_name(p) for p in source_files() if p.name == "__init__.py" and p.parent.name not in DJANGO_FOLDERS),
)
def test_every_package_says_what_it_holds(package):
    init = ROOT / package.replace(".", "/") / "__init__.py"
    docstring = ast.get_docstring(ast.parse(init.read_text()))
    assert docstring and len(docstring.split()) >= 8, f"{init.relative_to(ROOT)} needs a docstring saying what it holds"


def test_imports_follow_the_layers():
    broken = []
    for path in source_files():
        name = module_name(path)
        forbidden = [prefix for owner, rule in FORBIDDEN_IMPORTS.items() if within(name, owner) for prefix in rule]
        broken += [
            f"{name} imports {imported}"
            for imported in imports_of(path)
            if any(within(imported, prefix) for prefix in forbidden)
        ]
    assert broken == []


def test_the_layer_check_sees_forbidden_imports_absolute_and_relative():
    source = "from articles.admin import registry\nfrom ..editorial import workflow\nimport actors.admin\n"
    imported = set(imported_modules(source, package="articles.public"))
    assert {"articles.admin.registry", "articles.editorial.workflow", "actors.admin"} <= imported
