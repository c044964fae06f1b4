"""An actor's relations for readers: a dated timeline and a small SVG graph laid out on the server."""

import math
from dataclasses import dataclass

from django.db.models import Q
from django.utils import dateformat

from actors.models import Relation

# Relations that hold from their start until they end; the others are moments.
LASTING = {
    Relation.Kind.ALLIANCE,
    Relation.Kind.PARTNERSHIP,
    Relation.Kind.SANCTION,
    Relation.Kind.TRADE,
    Relation.Kind.CONFLICT,
    Relation.Kind.TREATY,
}
DATE_FORMATS = {Relation.Precision.YEAR: "Y", Relation.Precision.MONTH: "F Y", Relation.Precision.DAY: "j F Y"}
MAX_NEIGHBOURS = 12
WIDTH, HEIGHT = 720, 440
CENTRE_X, CENTRE_Y = WIDTH / 2, HEIGHT / 2
RADIUS_X, RADIUS_Y = 230, 160


def public_relations():
    return Relation.objects.public().select_related("from_actor", "to_actor", "source")


def relations_of(actor):
    return public_relations().filter(Q(from_actor=actor) | Q(to_actor=actor)).order_by("start_date", "pk")


def relations_between(a, b):
    pair = Q(from_actor=a, to_actor=b) | Q(from_actor=b, to_actor=a)
    return public_relations().filter(pair).order_by("start_date", "pk")


def format_date(date, precision):
    return dateformat.format(date, DATE_FORMATS[precision])


def when(relation):
    """'1961–', '2021', '1961–1991', '26 March 2026': how long a relation held, as precise as known."""
    start = format_date(relation.start_date, relation.start_precision)
    if relation.end_date:
        return f"{start}–{format_date(relation.end_date, relation.end_precision)}"
    return f"{start}–" if relation.kind in LASTING else start


@dataclass(frozen=True)
class TimelineEntry:
    relation: Relation
    year: int
    when: str
    other: object


def timeline(actor, relations):
    """The relations of `actor` as dated entries, oldest first; `other` is the actor at the far end."""
    return [
        TimelineEntry(
            relation=relation,
            year=relation.start_date.year,
            when=when(relation),
            other=relation.to_actor if relation.from_actor_id == actor.pk else relation.from_actor,
        )
        for relation in relations
    ]


@dataclass(frozen=True)
class Node:
    actor: object
    x: float
    y: float
    anchor: str  # text-anchor of its label


@dataclass(frozen=True)
class Edge:
    node: Node
    label_x: float
    label_y: float
    labels: tuple[str, ...]


@dataclass(frozen=True)
class Graph:
    centre: Node
    edges: tuple[Edge, ...]

    @property
    def view_box(self):
        """Just the part of the canvas the nodes use, with room for their names."""
        ys = [self.centre.y, *(edge.node.y for edge in self.edges)]
        top, bottom = max(min(ys) - 40, 0), min(max(ys) + 50, HEIGHT)
        return f"0 {top:g} {WIDTH} {bottom - top:g}"

    @property
    def description(self):
        parts = [f"{edge.node.actor.name}: {', '.join(edge.labels)}" for edge in self.edges]
        return f"Relations of {self.centre.actor.name} — " + "; ".join(parts) + "."


def relations_graph(actor, entries):
    """Lay the actor out at the centre and each related actor on an ellipse around it.

    One edge per related actor, labelled with each relation's kind and year.
    """
    by_actor = {}
    for entry in entries:
        label = f"{entry.relation.get_kind_display().lower()} {entry.year}"
        by_actor.setdefault(entry.other, []).append(label)
    neighbours = list(by_actor.items())[:MAX_NEIGHBOURS]
    if not neighbours:
        return None
    edges = []
    for index, (other, labels) in enumerate(neighbours):
        angle = -math.pi / 2 + 2 * math.pi * index / len(neighbours)
        x = CENTRE_X + RADIUS_X * math.cos(angle)
        y = CENTRE_Y + RADIUS_Y * math.sin(angle)
        anchor = "middle" if abs(x - CENTRE_X) < 1 else ("start" if x > CENTRE_X else "end")
        node = Node(actor=other, x=round(x, 1), y=round(y, 1), anchor=anchor)
        label_x = round(CENTRE_X + (x - CENTRE_X) * 0.55, 1)
        label_y = round(CENTRE_Y + (y - CENTRE_Y) * 0.55, 1)
        edges.append(Edge(node=node, label_x=label_x, label_y=label_y, labels=tuple(labels)))
    return Graph(centre=Node(actor=actor, x=CENTRE_X, y=CENTRE_Y, anchor="middle"), edges=tuple(edges))
