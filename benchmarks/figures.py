"""The redesign's figures (issue 18), counted from the code with ast: run `python benchmarks/figures.py`.

- methods of the largest class (KerasEnv's parts are counted each on its own: a mixin per concern);
- call sites in checks/ that format a cause's text by hand (`cause.text` in an f-string);
- functions that compute an environment key, and functions that parse a version;
- lines over the configured line length (pyproject's ruff line-length);
- the files each recipe of CONTRIBUTING.md has you edit (add a check, a cause, an exporter, a Keras
  release), counted from the files its "Files you edit" line names, CHANGELOG aside.
"""
import ast
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "pytest_onehot"


def trees(folder=PACKAGE):
    for path in sorted(folder.rglob("*.py")):
        yield path, ast.parse(path.read_text())


def largest_class():
    found = [(len([n for n in node.body if isinstance(n, ast.FunctionDef)]), f"{path.name}:{node.name}")
             for path, tree in trees() for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]
    return max(found)


def cause_text_sites():
    sites = 0
    for _, tree in trees(PACKAGE / "checks"):
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr) and any(
                    isinstance(v, ast.FormattedValue) and isinstance(v.value, ast.Attribute)
                    and v.value.attr == "text" for v in node.values):
                sites += 1
    return sites


def functions_whose_source(*patterns):
    """`file:function` of the innermost functions whose source matches every pattern."""
    found = []
    for path, tree in trees():
        source = path.read_text()
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                body = [n for n in node.body if not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))]
                text = "\n".join(ast.get_source_segment(source, n) or "" for n in body)  # no docstring
                inner = any(isinstance(n, ast.FunctionDef) and n is not node for n in ast.walk(node))
                if not inner and all(re.search(p, text) for p in patterns):
                    found.append(f"{path.name}:{node.name}")
    return sorted(found)


def long_lines():
    limit = int(re.search(r"line-length = (\d+)", (ROOT / "pyproject.toml").read_text()).group(1))
    folders = ("pytest_onehot", "tests", "tests_dist", "benchmarks")
    paths = [p for folder in folders for p in (ROOT / folder).rglob("*.py") if "layers" not in p.parts]
    return limit, sum(len(line) > limit for p in paths for line in p.read_text().splitlines())


def recipes():
    """{recipe: the files its "Files you edit: N (...)" line names}; N must be their count."""
    text = (ROOT / "CONTRIBUTING.md").read_text()
    found = {}
    for name, count, files in re.findall(r"## Adding (an? [\w ]+)\n\n\*\*Files you edit: (\d+)\*\* \(([^)]*)\)", text):
        paths = re.findall(r"`([^`]+)`", files)
        assert len(paths) == int(count), f"CONTRIBUTING.md, adding {name}: says {count} files, names {paths}"
        found[name] = paths
    return found


def main():
    count, where = largest_class()
    limit, over = long_lines()
    keys = functions_whose_source(r"tfkeras-tf")  # a function that spells a key, not one that asks for it
    # A version parser: int() of the parts of a dotted string.
    parsers = functions_whose_source(r'split\("\."\)', r"int\((part|p|digits)\b")
    print("| figure | now |")
    print("|---|---|")
    print(f"| methods of the largest class | {count} ({where}) |")
    print(f"| f-strings in checks/ that format a cause's text | {cause_text_sites()} |")
    print(f"| environment-key functions | {len(keys)} ({', '.join(keys)}) |")
    print(f"| version parsers | {len(parsers)} ({', '.join(parsers)}) |")
    print(f"| lines over {limit} characters | {over} |")
    for name, paths in recipes().items():
        print(f"| files to edit to add {name} (CHANGELOG aside) | {len(paths)} ({', '.join(paths)}) |")


if __name__ == "__main__":
    main()
