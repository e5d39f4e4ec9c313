"""The controlled keyword vocabulary: a tree of keywords (`地点|中国|重庆|渝北区`) with synonyms.

Exchange format: the keyword text file Lightroom exports and Photo Mechanic reads (structured
keywords). One keyword per line, each child indented one tab deeper than its parent;
`{word}` is a synonym of the keyword it is indented under; `[word]` is a category, a keyword
that organises the tree but is not written to photos (Lightroom's "Include on Export" off).

Assigning a keyword writes flat keywords the way Lightroom exports them with "Export
Containing Keywords" on: the keyword and its ancestors, categories left out. Synonyms are
for finding keywords only; they are not written (a desk does not want `重庆` and `渝` both
in the IPTC Keywords). `hierarchy_for` gives the `a|b|c` paths for XMP lr:hierarchicalSubject.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from caption_studio.core.errors import InputError
from caption_studio.core.fields import Provenance
from caption_studio.core.project import operations as ops
from caption_studio.core.project.file import Project
from caption_studio.core.textfile import read_text_file

SEP = "|"
MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 32


@dataclass
class Node:
    path: tuple[str, ...]
    exportable: bool = True
    synonyms: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.path[-1]


# -- the text file --------------------------------------------------------------------------

def parse(text: str) -> list[Node]:
    """Parse a tab-indented keyword list. Lines indented deeper than one level below their
    parent are attached to the nearest parent (hand-edited lists do that)."""
    nodes: dict[tuple[str, ...], Node] = {}
    stack: list[Node] = []
    for raw in text.lstrip("\ufeff").splitlines():
        if not raw.strip():
            continue
        depth = len(raw) - len(raw.lstrip("\t"))
        word = raw.strip()
        if word.startswith("{") and word.endswith("}"):
            synonym = word[1:-1].strip()
            parent = stack[min(depth, len(stack)) - 1] if stack and depth else None
            if parent is not None and synonym and synonym not in parent.synonyms:
                parent.synonyms.append(synonym)
            continue
        exportable = True
        if word.startswith("[") and word.endswith("]"):
            word, exportable = word[1:-1].strip(), False
        word = word.replace(SEP, "/")
        if not word:
            continue
        depth = min(depth, len(stack), MAX_DEPTH)
        del stack[depth:]
        path = tuple(n.name for n in stack) + (word,)
        node = nodes.get(path)
        if node is None:
            node = nodes[path] = Node(path, exportable)
        stack.append(node)
    return list(nodes.values())


def format_nodes(nodes: Iterable[Node]) -> str:
    by_parent: dict[tuple[str, ...], list[Node]] = {}
    for node in nodes:
        by_parent.setdefault(node.path[:-1], []).append(node)
    lines: list[str] = []

    def walk(parent: tuple[str, ...]) -> None:
        for node in sorted(by_parent.get(parent, []), key=lambda n: n.name):
            indent = "\t" * (len(node.path) - 1)
            lines.append(indent + (node.name if node.exportable else f"[{node.name}]"))
            lines.extend(f"{indent}\t{{{s}}}" for s in node.synonyms)
            walk(node.path)

    walk(())
    return "".join(line + "\n" for line in lines)


def read_file(path: str | os.PathLike[str]) -> list[Node]:
    text = read_text_file(path, what="a keyword list", max_bytes=MAX_FILE_BYTES)
    nodes = parse(text)
    if not nodes:
        raise InputError(f"{Path(path).name} contains no keywords")
    return nodes


# -- the project's vocabulary ---------------------------------------------------------------

def all_keywords(project: Project) -> list[dict[str, Any]]:
    rows = project.query("SELECT id, path, name, parent_id, synonyms, exportable "
                            "FROM keywords ORDER BY path")
    return [_row(r) for r in rows]


def _row(row: dict[str, Any]) -> dict[str, Any]:
    try:
        synonyms = json.loads(row.get("synonyms") or "[]")
    except ValueError:
        synonyms = []
    row["synonyms"] = [str(s) for s in synonyms] if isinstance(synonyms, list) else []
    row["exportable"] = bool(row.get("exportable", 1))
    return row


def names(project: Project) -> list[str]:
    """Keyword names a person may assign (categories left out), for autocomplete."""
    return [str(r[0]) for r in project.conn.execute(
        "SELECT DISTINCT name FROM keywords WHERE exportable = 1 ORDER BY name")]


def children(project: Project, parent_id: int | None) -> list[dict[str, Any]]:
    where = "parent_id IS NULL" if parent_id is None else "parent_id = ?"
    args = [] if parent_id is None else [parent_id]
    rows = project.query(f"SELECT id, path, name, parent_id, synonyms, exportable "
                            f"FROM keywords WHERE {where} ORDER BY name", args)
    return [_row(r) for r in rows]


def add_nodes(project: Project, nodes: Iterable[Node]) -> int:
    """Merge nodes into the vocabulary (ancestors created as needed). Returns how many
    keywords are new."""
    added = 0
    with project.transaction() as conn:
        ids = {r[1]: r[0] for r in conn.execute("SELECT id, path FROM keywords")}
        for node in sorted(nodes, key=lambda n: len(n.path)):
            parent_id = None
            for depth in range(1, len(node.path) + 1):
                path_text = SEP.join(node.path[:depth])
                last = depth == len(node.path)
                if path_text not in ids:
                    cur = conn.execute(
                        "INSERT INTO keywords (path, name, parent_id, synonyms, exportable) "
                        "VALUES (?, ?, ?, ?, ?)",
                        (path_text, node.path[depth - 1], parent_id,
                         json.dumps(node.synonyms if last else [], ensure_ascii=False),
                         int(node.exportable) if last else 1))
                    ids[path_text] = cur.lastrowid
                    added += 1
                elif last and node.synonyms:
                    old = _row({"synonyms": conn.execute(
                        "SELECT synonyms FROM keywords WHERE id = ?",
                        (ids[path_text],)).fetchone()[0]})["synonyms"]
                    merged = old + [s for s in node.synonyms if s not in old]
                    conn.execute("UPDATE keywords SET synonyms = ? WHERE id = ?",
                                 (json.dumps(merged, ensure_ascii=False), ids[path_text]))
                parent_id = ids[path_text]
    return added


def add_path(project: Project, path: str, synonyms: Iterable[str] = ()) -> int:
    parts = tuple(p.strip() for p in path.split(SEP) if p.strip())
    if not parts:
        raise InputError("a keyword needs a name")
    add_nodes(project, [Node(parts, True, list(synonyms))])
    return int(project.conn.execute("SELECT id FROM keywords WHERE path = ?",
                                    (SEP.join(parts),)).fetchone()[0])


def delete(project: Project, keyword_id: int) -> None:
    with project.transaction() as conn:  # children go with it (ON DELETE CASCADE)
        conn.execute("DELETE FROM keywords WHERE id = ?", (keyword_id,))


def import_file(project: Project, path: str | os.PathLike[str]) -> int:
    return add_nodes(project, read_file(path))


def export_text(project: Project) -> str:
    return format_nodes(Node(tuple(k["path"].split(SEP)), k["exportable"], k["synonyms"])
                        for k in all_keywords(project))


def export_file(project: Project, path: str | os.PathLike[str]) -> int:
    text = export_text(project)
    Path(path).write_text(text, encoding="utf-8", newline="\n")
    return text.count("\n")


def search(project: Project, text: str, limit: int = 50) -> list[dict[str, Any]]:
    """Keywords whose name, path or a synonym contains `text` (case-insensitive); names that
    start with it first."""
    wanted = text.strip().lower()
    if not wanted:
        return []
    hits = []
    for k in all_keywords(project):
        names = [k["name"].lower(), *(s.lower() for s in k["synonyms"])]
        if any(n.startswith(wanted) for n in names):
            hits.append((0, k))
        elif any(wanted in n for n in names) or wanted in k["path"].lower():
            hits.append((1, k))
    hits.sort(key=lambda h: (h[0], len(h[1]["path"])))
    return [k for _, k in hits[:limit]]


# -- photos ---------------------------------------------------------------------------------

def flat_keywords(project: Project, path: str) -> list[str]:
    """What assigning `path` writes: its exportable ancestors, then the keyword itself."""
    parts = path.split(SEP)
    prefixes = [SEP.join(parts[:i]) for i in range(1, len(parts) + 1)]
    marks = ",".join("?" * len(prefixes))
    exportable = {p: bool(e) for p, e in project.conn.execute(
        f"SELECT path, exportable FROM keywords WHERE path IN ({marks})", prefixes)}
    return [parts[i] for i, p in enumerate(prefixes) if exportable.get(p, True)]


def assign(project: Project, photo_ids: Iterable[int], paths: Iterable[str]) -> ops.Changes:
    """Add keywords (with their ancestors) to each photo's keywords, keeping what is there.
    One operation, so one undo step."""
    wanted: list[str] = []
    for path in paths:
        wanted.extend(k for k in flat_keywords(project, path) if k not in wanted)
    changes = ops.new_changes("assign keywords")
    with project.transaction():
        current = ops.get_fields_many(project, list(photo_ids))
        for pid, values in current.items():
            have = list(values.get("keywords", (None, None))[0] or [])
            merged = have + [k for k in wanted if k not in have]
            if merged != have:
                _into(changes, ops.set_fields(project, [pid], {"keywords": merged},
                                              changes=changes))
    return changes


def remove(project: Project, photo_ids: Iterable[int], names: Iterable[str]) -> ops.Changes:
    drop = set(names)
    changes = ops.new_changes("remove keywords")
    with project.transaction():
        for pid, values in ops.get_fields_many(project, list(photo_ids)).items():
            have = list(values.get("keywords", (None, None))[0] or [])
            kept = [k for k in have if k not in drop]
            if kept != have:
                _into(changes, ops.set_fields(project, [pid], {"keywords": kept or None},
                                              provenance=Provenance.MANUAL, changes=changes))
    return changes


def _into(changes: ops.Changes, result: ops.Changes) -> None:
    # set_fields(changes=c) starts a new Changes when c is still empty (it tests `changes or`),
    # so fold the result in unless it already is ours.
    if result is not changes:
        changes.merge(result)


def hierarchy_for(project: Project, keywords: Iterable[str]) -> list[str]:
    """The `a|b|c` paths (XMP lr:hierarchicalSubject) for a photo's flat keywords.

    A flat keyword found in the vocabulary gives its deepest path whose exportable ancestors
    are all among the keywords too (that is how they got there); when a name sits in
    several branches and the ancestors do not tell which, each branch is kept. Paths that
    are the prefix of another are dropped, as Lightroom writes only the leaves. Keywords
    outside the vocabulary are written as one-level paths, so nothing is lost.
    """
    return Hierarchy(project).paths(keywords)


class Hierarchy:
    """`hierarchy_for` with the vocabulary read once, for writing many photos."""

    def __init__(self, project: Project) -> None:
        rows = all_keywords(project)
        self._exportable: dict[str, bool] = {r["path"]: r["exportable"] for r in rows}
        self._by_name: dict[str, list[str]] = {}
        for r in rows:
            self._by_name.setdefault(r["name"], []).append(r["path"])

    def knows_any(self, keywords: Iterable[str]) -> bool:
        return any(k in self._by_name for k in keywords)

    def paths(self, keywords: Iterable[str]) -> list[str]:
        flat = [k for k in dict.fromkeys(keywords) if k]
        present = set(flat)
        paths: list[str] = []
        for word in flat:
            candidates = self._by_name.get(word)
            if not candidates:
                paths.append(word)
                continue
            supported = [c for c in candidates
                         if _ancestors_present(c, present, self._exportable)]
            for c in supported or candidates:
                if c not in paths:
                    paths.append(c)
        return [p for p in paths if not any(o != p and o.startswith(p + SEP) for o in paths)]


def add_file_paths(project: Project, paths: Iterable[str]) -> int:
    """Keyword paths read from photo files (lr:hierarchicalSubject) into the vocabulary.
    Returns how many keywords are new.

    One-level paths are left out: Lightroom, and our own write-back, put every flat keyword
    there too, so taking them would turn each stray keyword into a root of the tree."""
    nodes = []
    for path in paths:
        parts = tuple(p.strip() for p in str(path).split(SEP) if p.strip())[:MAX_DEPTH]
        if len(parts) > 1:
            nodes.append(Node(parts))
    return add_nodes(project, nodes) if nodes else 0


def _ancestors_present(path: str, present: set[str], exportable: dict[str, bool]) -> bool:
    parts = path.split(SEP)
    for i in range(1, len(parts)):
        prefix = SEP.join(parts[:i])
        if exportable.get(prefix, True) and parts[i - 1] not in present:
            return False
    return True
