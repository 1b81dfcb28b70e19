"""Themes & projects: who works on which theme, how the links flow, and the projects behind them.

Pure functions of a (filtered) catalog and a language, no Streamlit: app_pages/themes.py only
draws what they return.

A *theme link* ties an institution (or a partner region) to a theme through one agreement or
project: agreement_themes × agreement_parties, and project_themes × project_partners. A partner
region takes part when it is a party itself or one of its institutions is. A matrix cell counts
the distinct agreements plus projects behind it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from regiondash import memo
from regiondash.charts import footnote_text, with_footnote
from regiondash.data import Catalog
from regiondash.i18n import localized_label, t
from regiondash.institutions_view import institution_names
from regiondash.partnership import institution_regions, partner_regions
from regiondash.text import escape_markdown, is_missing, plain, safe_url

MODES = ("institution", "region")
RECORD_KEY = ["record_kind", "record_id"]
MATRIX_SCALE = [[0.0, "#fde9d4"], [0.5, "#ee9a4d"], [1.0, "#a3441a"]]
EMPTY_CELL = "#f2f2f2"
LAYER_COLOURS = {"region": "#1f4e79", "partner_institution": "#d67c26", "institution": "#6d8fb3"}
CATEGORY_COLOURS = {
    "area_of_excellence": "#7a4e9c",
    "fundamental_discipline": "#2a7f8f",
    "societal_challenge": "#4a8c5c",
}
WRAP_WIDTH = 18
# Past these, a chart is no longer read cell by cell: the heatmap keeps its most linked columns
# and the Sankey merges the smaller regions and institutions into one node per layer (the
# tables list them all).
MAX_MATRIX_COLUMNS = 24
MAX_SANKEY_NODES = 20
OTHERS = "__others__"  # the id of a Sankey layer's merged node
OTHERS_COLOUR = "#9a9a9a"
LIST_SEPARATORS = {"zh": "、"}  # between names in a list; ", " otherwise


# --- links -----------------------------------------------------------------------------------


@memo.per_catalog(max_entries=16)
def record_themes(catalog: Catalog) -> pd.DataFrame:
    """Themes of the kept agreements and projects: record_kind, record_id, theme_id, source_id."""
    agreements = catalog.agreement_themes
    agreements = agreements[agreements["agreement_id"].isin(catalog.agreements["id"])]
    projects = catalog.project_themes
    projects = projects[projects["project_id"].isin(catalog.projects["id"])]
    frames = [
        pd.DataFrame(
            {
                "record_kind": kind,
                "record_id": frame[key].astype(object),
                "theme_id": frame["theme_id"].astype(object),
                "source_id": frame["source_id"].astype(object),
            }
        )
        for kind, key, frame in (
            ("agreement", "agreement_id", agreements),
            ("project", "project_id", projects),
        )
    ]
    themes = pd.concat(frames, ignore_index=True)
    themes = themes[themes["theme_id"].isin(catalog.themes["id"])]
    return themes.drop_duplicates([*RECORD_KEY, "theme_id"]).reset_index(drop=True)


def record_institutions(catalog: Catalog) -> pd.DataFrame:
    """Institutions taking part in each kept agreement or project: record_kind, record_id,
    institution_id (institutions of the view only)."""
    parties = catalog.agreement_parties
    parties = parties[
        (parties["party_kind"] == "institution")
        & parties["agreement_id"].isin(catalog.agreements["id"])
    ]
    partners = catalog.project_partners
    partners = partners[partners["project_id"].isin(catalog.projects["id"])]
    frame = pd.concat(
        [
            pd.DataFrame(
                {
                    "record_kind": "agreement",
                    "record_id": parties["agreement_id"].astype(object),
                    "institution_id": parties["party_id"].astype(object),
                }
            ),
            pd.DataFrame(
                {
                    "record_kind": "project",
                    "record_id": partners["project_id"].astype(object),
                    "institution_id": partners["institution_id"].astype(object),
                }
            ),
        ],
        ignore_index=True,
    )
    frame = frame[frame["institution_id"].isin(catalog.institutions["id"])]
    return frame.drop_duplicates().reset_index(drop=True)


def record_regions(catalog: Catalog) -> pd.DataFrame:
    """Partner regions taking part in each kept agreement or project (as a party, or through one
    of their institutions): record_kind, record_id, region_id."""
    partners = set(partner_regions(catalog))
    region_of = institution_regions(catalog)
    through = record_institutions(catalog)
    through = pd.DataFrame(
        {
            "record_kind": through["record_kind"],
            "record_id": through["record_id"],
            "region_id": through["institution_id"].map(region_of).astype(object),
        }
    )
    parties = catalog.agreement_parties
    parties = parties[
        (parties["party_kind"] == "region") & parties["agreement_id"].isin(catalog.agreements["id"])
    ]
    direct = pd.DataFrame(
        {
            "record_kind": "agreement",
            "record_id": parties["agreement_id"].astype(object),
            "region_id": parties["party_id"].astype(object),
        }
    )
    frame = pd.concat([through, direct], ignore_index=True)
    frame = frame[frame["region_id"].isin(partners)]
    return frame.drop_duplicates().reset_index(drop=True)


def theme_links(catalog: Catalog, mode: str) -> pd.DataFrame:
    """One row per (record, theme, target): record_kind, record_id, theme_id, target_id,
    source_id; the target is an institution (mode "institution") or a partner region."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    if mode == "institution":
        targets = record_institutions(catalog).rename(columns={"institution_id": "target_id"})
    else:
        targets = record_regions(catalog).rename(columns={"region_id": "target_id"})
    links = record_themes(catalog).merge(targets, on=RECORD_KEY)
    return links[[*RECORD_KEY, "theme_id", "target_id", "source_id"]]


# --- labels ----------------------------------------------------------------------------------


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def theme_labels(catalog: Catalog, lang: str) -> dict[str, str]:
    """Theme id -> name in `lang` (English fallback marked), first letter capitalised."""
    return {
        row["id"]: _capitalised(localized_label(row, "name", lang))
        for _, row in catalog.themes.iterrows()
    }


def region_labels(catalog: Catalog, lang: str) -> dict[str, str]:
    """Region id -> name in `lang` (English fallback marked)."""
    return {
        row["id"]: localized_label(row, "name", lang) or row["id"]
        for _, row in catalog.regions.iterrows()
    }


def target_labels(catalog: Catalog, mode: str, lang: str) -> dict[str, str]:
    return (
        institution_names(catalog, lang) if mode == "institution" else region_labels(catalog, lang)
    )


def wrapped(text: str, width: int = WRAP_WIDTH) -> str:
    """Escaped text for a plotly label, broken into lines of about `width` characters."""
    lines, line = [], ""
    for word in str(text).split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(plain(part) for part in lines if part)


def footnoted(fig: go.Figure, catalog: Catalog, source_ids, lang: str) -> go.Figure:
    """`charts.with_footnote`, one source per line and the as-of date on its own line, right
    under the plot: long axis labels leave the plot narrow, and one long line would be cut."""
    fig = with_footnote(fig, footnote_text(catalog, source_ids, lang))
    note = fig.layout.annotations[-1]
    head, _, tail = note.text.rpartition(" · ")
    lines = [*head.split("; "), tail] if head else [tail]
    note.update(text="<br>".join(lines), align="left", y=0, yshift=-8)
    fig.update_layout(margin={"b": 24 + 14 * len(lines)})
    return fig


# --- matrix ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThemeMatrix:
    """Counts of agreements + projects per theme (rows) and institution or region (columns)."""

    mode: str
    counts: pd.DataFrame
    agreements: pd.DataFrame
    projects: pd.DataFrame
    theme_labels: dict[str, str]
    column_labels: dict[str, str]
    source_ids: list[str]

    @property
    def empty(self) -> bool:
        return self.counts.empty

    def count(self, theme_id: str, column_id: str) -> int:
        if theme_id not in self.counts.index or column_id not in self.counts.columns:
            return 0
        return int(self.counts.at[theme_id, column_id])

    def most_linked(self, max_columns: int) -> ThemeMatrix:
        """The matrix with its first `max_columns` columns only (columns run most linked first)."""
        if len(self.counts.columns) <= max_columns:
            return self
        kept = list(self.counts.columns[:max_columns])
        return replace(
            self,
            counts=self.counts[kept],
            agreements=self.agreements[kept],
            projects=self.projects[kept],
            column_labels={c: self.column_labels[c] for c in kept},
        )


def matrix_cut_text(matrix: ThemeMatrix, lang: str, max_columns: int = MAX_MATRIX_COLUMNS):
    """What the heatmap leaves out, or None when it shows every column."""
    total = len(matrix.counts.columns)
    if total <= max_columns:
        return None
    return t(f"themes.matrix.cut.{matrix.mode}", lang, shown=max_columns, total=total)


def _cell_counts(links: pd.DataFrame, rows: list[str], columns: list[str]) -> pd.DataFrame:
    """Distinct records per (theme, target), as a rows × columns table of ints."""
    distinct = links.drop_duplicates([*RECORD_KEY, "theme_id", "target_id"])
    table = pd.crosstab(distinct["theme_id"], distinct["target_id"])
    return table.reindex(index=rows, columns=columns, fill_value=0).astype(int)


@memo.per_catalog(max_entries=16)
def theme_matrix(catalog: Catalog, mode: str, lang: str) -> ThemeMatrix:
    """The theme × institution (or × partner region) matrix of the catalog.

    Rows: themes with at least one link, in the order of themes.csv (grouped by category).
    Columns: institutions or regions with at least one link, most linked first.
    """
    links = theme_links(catalog, mode)
    theme_order = [i for i in catalog.themes["id"] if i in set(links["theme_id"])]
    labels = target_labels(catalog, mode, lang)
    totals = links.groupby("target_id").size()
    columns = sorted(totals.index, key=lambda c: (-int(totals[c]), labels.get(c, c)))
    by_kind = {
        kind: _cell_counts(links[links["record_kind"] == kind], theme_order, columns)
        for kind in ("agreement", "project")
    }
    return ThemeMatrix(
        mode=mode,
        counts=by_kind["agreement"] + by_kind["project"],
        agreements=by_kind["agreement"],
        projects=by_kind["project"],
        theme_labels={i: theme_labels(catalog, lang)[i] for i in theme_order},
        column_labels={c: labels.get(c, c) for c in columns},
        source_ids=list(dict.fromkeys(links["source_id"].dropna())),
    )


@memo.per_catalog(max_entries=16)
def matrix_table(catalog: Catalog, mode: str, lang: str) -> pd.DataFrame:
    """`matrix_rows` of the catalog's matrix, once per mode and language."""
    return matrix_rows(theme_matrix(catalog, mode, lang), lang)


@memo.per_catalog(max_entries=16)
def matrix_heatmap(
    catalog: Catalog, mode: str, lang: str, pick: tuple[str, str] | None = None
) -> go.Figure:
    """`heatmap_figure` of the catalog's matrix (its most linked columns), once per mode,
    language and picked cell."""
    matrix = theme_matrix(catalog, mode, lang).most_linked(MAX_MATRIX_COLUMNS)
    return heatmap_figure(matrix, catalog, lang, pick)


def matrix_rows(matrix: ThemeMatrix, lang: str) -> pd.DataFrame:
    """The matrix as a table: one row per non-empty cell (theme, institution or region) with
    its agreements, projects and their sum, as numbers."""
    column = t("col.institution" if matrix.mode == "institution" else "col.region", lang)
    cells = matrix.counts.to_numpy()
    theme_at, target_at = np.nonzero(cells)  # row by row: each theme, then its columns in order

    def numbers(frame: pd.DataFrame) -> np.ndarray:
        aligned = frame.reindex(index=matrix.counts.index, columns=matrix.counts.columns)
        return aligned.fillna(0).to_numpy()[theme_at, target_at].astype("int64")

    theme_ids, targets = matrix.counts.index, matrix.counts.columns
    return pd.DataFrame(
        {
            t("col.theme", lang): [matrix.theme_labels[theme_ids[i]] for i in theme_at],
            column: [matrix.column_labels[targets[j]] for j in target_at],
            t("col.agreements", lang): numbers(matrix.agreements),
            t("col.projects", lang): numbers(matrix.projects),
            t("col.links", lang): cells[theme_at, target_at].astype("int64"),
        }
    )


def _cell_hover(matrix: ThemeMatrix, theme_id: str, column_id: str, lang: str) -> str:
    return (
        f"<b>{plain(matrix.theme_labels[theme_id])}</b> × {plain(matrix.column_labels[column_id])}"
        + "<br>"
        + t(
            "themes.hover.cell",
            lang,
            agreements=int(matrix.agreements.at[theme_id, column_id]),
            projects=int(matrix.projects.at[theme_id, column_id]),
        )
        + "<br><i>"
        + t("themes.hover.click", lang)
        + "</i>"
    )


def heatmap_figure(
    matrix: ThemeMatrix, catalog: Catalog, lang: str, pick: tuple[str, str] | None = None
) -> go.Figure:
    """The matrix as a heatmap, with a clickable (invisible) marker on every non-empty cell.

    Plotly heatmaps emit no selection events, so each non-empty cell also carries a transparent
    scatter point whose customdata is [theme_id, column_id]: clicking a cell selects that point.
    `pick` (theme_id, column_id) is outlined.
    """
    themes, columns = list(matrix.counts.index), list(matrix.counts.columns)
    values = matrix.counts.to_numpy()
    cells = [(i, j) for i in range(len(themes)) for j in range(len(columns)) if values[i][j]]
    fig = go.Figure(
        go.Heatmap(
            x=columns,
            y=themes,
            z=[[int(v) if v else None for v in row] for row in values],
            text=[[str(int(v)) if v else "" for v in row] for row in values],
            texttemplate="%{text}",
            textfont={"size": 13},
            colorscale=MATRIX_SCALE,
            zmin=0,
            zmax=max(int(values.max()) if values.size else 0, 1),
            xgap=3,
            ygap=3,
            hoverinfo="skip",
            colorbar={
                "title": {"text": wrapped(t("themes.matrix.count", lang), 12)},
                "thickness": 12,
                "dtick": 1,
                "len": 0.6,
            },
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[columns[j] for _, j in cells],
            y=[themes[i] for i, _ in cells],
            mode="markers",
            marker={"symbol": "square", "size": 28, "color": "#333", "opacity": 0},
            selected={"marker": {"opacity": 0}},
            unselected={"marker": {"opacity": 0}},
            customdata=[[themes[i], columns[j]] for i, j in cells],
            text=[_cell_hover(matrix, themes[i], columns[j], lang) for i, j in cells],
            hovertemplate="%{text}<extra></extra>",
            hoverlabel={"bgcolor": "white", "bordercolor": "#888", "font": {"color": "#222"}},
            showlegend=False,
        )
    )
    if pick and pick[0] in themes and pick[1] in columns:
        row, column = themes.index(pick[0]), columns.index(pick[1])
        fig.add_shape(
            type="rect",
            xref="x",
            yref="y",
            x0=column - 0.5,
            x1=column + 0.5,
            y0=row - 0.5,
            y1=row + 0.5,
            line={"color": "#1f4e79", "width": 3},
        )
    fig.add_annotation(  # the y-axis title, written level above the theme names (CJK too)
        text=t("themes.axis.theme", lang),
        xref="paper",
        yref="paper",
        x=0,
        y=1,
        xanchor="right",
        yanchor="bottom",
        xshift=-6,
        yshift=4,
        showarrow=False,
        font={"size": 14, "color": "#555"},
    )
    fig.update_layout(
        title={
            "text": t(f"themes.matrix.title.{matrix.mode}", lang),
            "x": 0,
            "xanchor": "left",
            "automargin": True,
            "font": {"size": 15},
        },
        height=max(320, 170 + 34 * len(themes)),
        xaxis={
            "title": {"text": t(f"themes.axis.{matrix.mode}", lang)},
            "side": "top",
            "tickmode": "array",
            "tickvals": columns,
            "ticktext": [wrapped(matrix.column_labels[c]) for c in columns],
            "range": [-0.5, len(columns) - 0.5],
            "showgrid": False,
            "fixedrange": True,
        },
        yaxis={
            "range": [len(themes) - 0.5, -0.5],
            "tickmode": "array",
            "tickvals": themes,
            "ticktext": [plain(matrix.theme_labels[i]) for i in themes],
            "showgrid": False,
            "fixedrange": True,
        },
        plot_bgcolor=EMPTY_CELL,
        hovermode="closest",
        dragmode=False,
        margin={"l": 10, "r": 10, "t": 40},
    )
    return footnoted(fig, catalog, matrix.source_ids, lang)


# --- cross-filter ----------------------------------------------------------------------------


def pick_from_points(points) -> tuple[str, str] | None:
    """(theme_id, column_id) of the first clicked cell in a plotly selection event, if any."""
    for point in points or []:
        data = point.get("customdata") if hasattr(point, "get") else None
        if isinstance(data, list | tuple) and len(data) >= 2:
            theme_id, column_id = data[0], data[1]
            if isinstance(theme_id, str) and isinstance(column_id, str):
                return theme_id, column_id
    return None


def valid_pick(matrix: ThemeMatrix, pick) -> tuple[str, str] | None:
    """The stored pick (mode, theme_id, column_id) as (theme_id, column_id) when it still names a
    non-empty cell of this matrix; None otherwise (filters or mode changed)."""
    if not isinstance(pick, list | tuple) or len(pick) != 3 or pick[0] != matrix.mode:
        return None
    _, theme_id, column_id = pick
    return (theme_id, column_id) if matrix.count(theme_id, column_id) else None


def pick_label(matrix: ThemeMatrix, pick: tuple[str, str], lang: str) -> str:
    """ "Theme: Physics × Zhejiang University" (plain text: escape before display)."""
    theme_id, column_id = pick
    return t(
        "themes.pick",
        lang,
        theme=matrix.theme_labels.get(theme_id, theme_id),
        column=matrix.column_labels.get(column_id, column_id),
    )


def cell_records(catalog: Catalog, mode: str, pick: tuple[str, str]) -> pd.DataFrame:
    """The agreements and projects behind one cell: record_kind, record_id (sorted, distinct)."""
    links = theme_links(catalog, mode)
    theme_id, column_id = pick
    cell = links[(links["theme_id"] == theme_id) & (links["target_id"] == column_id)]
    return cell[RECORD_KEY].drop_duplicates().sort_values(RECORD_KEY).reset_index(drop=True)


def pick_summary(
    catalog: Catalog, matrix: ThemeMatrix, pick: tuple[str, str], lang: str
) -> tuple[str, list[str], list[str]]:
    """What a clicked cell means: its label, the ids of the projects behind it, and notes (the
    agreements behind it; that no project is). All plain text: escape before display."""
    records = cell_records(catalog, matrix.mode, pick)
    project_ids = list(records.loc[records["record_kind"] == "project", "record_id"])
    ids = set(records.loc[records["record_kind"] == "agreement", "record_id"])
    agreements = catalog.agreements[catalog.agreements["id"].isin(ids)]
    titles = [localized_label(row, "title", lang) for _, row in agreements.iterrows()]
    notes = [t("themes.pick.agreements", lang, titles="; ".join(titles))] if titles else []
    if not project_ids:
        notes.append(t("themes.pick.no_project", lang))
    return pick_label(matrix, pick, lang), project_ids, notes


# --- sankey ----------------------------------------------------------------------------------


def sankey_data(
    catalog: Catalog, lang: str, max_nodes: int = MAX_SANKEY_NODES
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Nodes and links of partner regions → institutions → themes.

    Institution → theme widths are the matrix cells (agreements + projects); region →
    institution widths count the (agreement or project, theme) pairs both take part in, so an
    institution's inflow matches its outflow when its records involve one partner region.
    Nodes: id ("layer:id"), layer, label, colour, x, y. Links: source, target (node positions),
    value, colour. Only nodes with a link are kept. Past `max_nodes` regions (or institutions),
    the smaller ones are merged into one last node of their layer ("N other regions"), whose
    links carry their sums.
    """
    themed = record_themes(catalog)
    institutions = record_institutions(catalog)
    pairs = themed.merge(institutions, on=RECORD_KEY)
    to_theme = pairs.groupby(["institution_id", "theme_id"]).size().rename("value").reset_index()
    with_region = pairs.merge(record_regions(catalog), on=RECORD_KEY)
    to_institution = (
        with_region.groupby(["region_id", "institution_id"]).size().rename("value").reset_index()
    )
    partners = set(partner_regions(catalog))
    region_of = institution_regions(catalog)
    categories = catalog.themes.set_index("id")["category"]

    region_ids = _ranked(to_institution, "region_id")
    outflow = to_theme.groupby("institution_id")["value"].sum()
    institution_ids = sorted(
        outflow.index, key=lambda i: (region_of.get(i) not in partners, -int(outflow[i]), i)
    )
    theme_ids = [i for i in catalog.themes["id"] if i in set(to_theme["theme_id"])]
    names = {
        **{f"region:{k}": v for k, v in region_labels(catalog, lang).items()},
        **{f"institution:{k}": v for k, v in institution_names(catalog, lang).items()},
        **{f"theme:{k}": v for k, v in theme_labels(catalog, lang).items()},
    }
    for layer, ids in (("region", region_ids), ("institution", institution_ids)):
        if len(ids) > max_nodes:
            others = len(ids) - (max_nodes - 1)
            names[f"{layer}:{OTHERS}"] = t(f"themes.sankey.others.{layer}", lang, count=others)
    region_ids = _kept(region_ids, max_nodes)
    institution_ids = _kept(institution_ids, max_nodes)
    to_institution = _merged(to_institution, "region_id", region_ids)
    to_institution = _merged(to_institution, "institution_id", institution_ids)
    to_theme = _merged(to_theme, "institution_id", institution_ids)
    rows = []
    for layer, ids, x in (
        ("region", region_ids, 0.001),
        ("institution", institution_ids, 0.5),
        ("theme", theme_ids, 0.999),
    ):
        for item in ids:
            if item == OTHERS:
                colour = OTHERS_COLOUR
            elif layer == "region":
                colour = LAYER_COLOURS["region"]
            elif layer == "institution":
                partner = region_of.get(item) in partners
                colour = LAYER_COLOURS["partner_institution" if partner else "institution"]
            else:
                colour = CATEGORY_COLOURS.get(categories.get(item), "#888888")
            node = f"{layer}:{item}"
            rows.append((node, layer, names.get(node, item), colour, x))
    nodes = pd.DataFrame(rows, columns=["id", "layer", "label", "colour", "x"])
    position = {node: index for index, node in enumerate(nodes["id"])}
    links = pd.DataFrame(
        [
            (f"region:{r}", f"institution:{i}", int(v))
            for r, i, v in to_institution.itertuples(index=False)
        ]
        + [
            (f"institution:{i}", f"theme:{th}", int(v))
            for i, th, v in to_theme.itertuples(index=False)
        ],
        columns=["source_id", "target_id", "value"],
    )
    links["source"] = links["source_id"].map(position)
    links["target"] = links["target_id"].map(position)
    colour_of = nodes.set_index("id")["colour"]
    links["colour"] = [_translucent(colour_of[s]) for s in links["source_id"]]
    nodes["y"] = _stacked_positions(nodes, links)
    return nodes, links


def _kept(ids: list[str], max_nodes: int) -> list[str]:
    """The first `max_nodes` - 1 ids and OTHERS, or all of them when they fit."""
    return ids if len(ids) <= max_nodes else [*ids[: max_nodes - 1], OTHERS]


def _merged(links: pd.DataFrame, column: str, kept: list[str]) -> pd.DataFrame:
    """`links` with each id of `column` not in `kept` replaced by OTHERS, their values summed."""
    if OTHERS not in kept:
        return links
    merged = links.assign(**{column: links[column].where(links[column].isin(kept), OTHERS)})
    keys = [c for c in merged.columns if c != "value"]
    return merged.groupby(keys, sort=False)["value"].sum().reset_index()


def _ranked(frame: pd.DataFrame, column: str) -> list[str]:
    totals = frame.groupby(column)["value"].sum()
    return sorted(totals.index, key=lambda k: (-int(totals[k]), k))


def _translucent(hex_colour: str, alpha: float = 0.35) -> str:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, {alpha})"


def _stacked_positions(nodes: pd.DataFrame, links: pd.DataFrame) -> list[float]:
    """Vertical centre of each node: stacked in list order within its layer, sized by flow."""
    inflow = links.groupby("target_id")["value"].sum()
    outflow = links.groupby("source_id")["value"].sum()
    size = {n: max(int(inflow.get(n, 0)), int(outflow.get(n, 0)), 1) for n in nodes["id"]}
    centres = {}
    for _, group in nodes.groupby("layer", sort=False):
        total = sum(size[n] for n in group["id"])
        gaps = 0.04 * max(len(group) - 1, 0)
        scale = (0.98 - gaps) / total if total else 0
        top = 0.01
        for node in group["id"]:
            height = size[node] * scale
            centres[node] = top + height / 2
            top += height + 0.04
    return [round(min(max(centres[n], 0.001), 0.999), 4) for n in nodes["id"]]


@memo.per_catalog(max_entries=16)
def sankey_table(catalog: Catalog, lang: str) -> pd.DataFrame:
    """Every flow of the Sankey as a row: its step, from, to, and width in theme links (a
    number). No region or institution is merged into "others" here: the table holds them all."""
    everything = len(catalog.regions) + len(catalog.institutions)
    nodes, links = sankey_data(catalog, lang, max_nodes=everything)
    label = dict(zip(nodes["id"], nodes["label"], strict=True))
    layer = dict(zip(nodes["id"], nodes["layer"], strict=True))

    def step(source: str, target: str) -> str:
        names = (t(f"themes.sankey.layer.{layer[node]}", lang) for node in (source, target))
        return " → ".join(names)

    return pd.DataFrame(
        {
            t("col.step", lang): [
                step(s, g) for s, g in zip(links["source_id"], links["target_id"], strict=True)
            ],
            t("col.from", lang): [label[s] for s in links["source_id"]],
            t("col.to", lang): [label[g] for g in links["target_id"]],
            t("col.theme_links", lang): pd.array(links["value"], dtype="Int64"),
        }
    )


@memo.per_catalog(max_entries=16)
def sankey_figure(catalog: Catalog, lang: str) -> go.Figure:
    """Partner regions → institutions → themes, with the layers named above their columns."""
    nodes, links = sankey_data(catalog, lang)
    unit = t("themes.sankey.unit", lang)
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            node={
                "label": [plain(label) for label in nodes["label"]],
                "color": list(nodes["colour"]),
                "x": list(nodes["x"]),
                "y": list(nodes["y"]),
                "pad": 12,
                "thickness": 16,
                "line": {"color": "white", "width": 0.5},
                "hovertemplate": "%{label}<br>%{value} " + unit + "<extra></extra>",
            },
            link={
                "source": list(links["source"]),
                "target": list(links["target"]),
                "value": list(links["value"]),
                "color": list(links["colour"]),
                "hovertemplate": "%{source.label} → %{target.label}<br>%{value} "
                + unit
                + "<extra></extra>",
            },
            textfont={"size": 12, "color": "#222"},
        )
    )
    for x, anchor, key in (
        (0, "left", "region"),
        (0.5, "center", "institution"),
        (1, "right", "theme"),
    ):
        fig.add_annotation(
            text=f"<b>{t(f'themes.sankey.layer.{key}', lang)}</b>",
            x=x,
            y=1.02,
            xref="paper",
            yref="paper",
            xanchor=anchor,
            yanchor="bottom",
            showarrow=False,
        )
    per_layer = int(nodes.groupby("layer").size().max()) if len(nodes) else 1
    fig.update_layout(
        title={"text": t("themes.sankey.title", lang), "x": 0, "xanchor": "left"},
        height=max(380, 150 + 30 * per_layer),
        margin={"l": 10, "r": 10, "t": 80},
    )
    return footnoted(fig, catalog, record_themes(catalog)["source_id"], lang)


# --- projects --------------------------------------------------------------------------------


def normalised(text: object) -> str:
    """Text for searching: accents dropped, case folded, spaces collapsed ("Montréal" ->
    "montreal")."""
    if is_missing(text):
        return ""
    decomposed = unicodedata.normalize("NFKD", str(text))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", bare.casefold()).strip()


def years_text(start, end, lang: str) -> str:
    """ "2015–2023", "from 2019 (end not sourced)", …; never 0 or blank."""
    start_missing, end_missing = is_missing(start), is_missing(end)
    if start_missing and end_missing:
        return t("value.not_sourced", lang)
    if end_missing:
        return t("themes.years.from", lang, start=int(start))
    if start_missing:
        return t("themes.years.until", lang, end=int(end))
    return f"{int(start)}–{int(end)}"


def source_markdown(title: object, url: object) -> str:
    """Escaped markdown: the source title as a link to its URL (or the plain title), then the
    site's host, e.g. "[IRN Photonet …](https://…) · cnrsbeijing.cnrs.fr"."""
    label = escape_markdown(title)
    link = safe_url(url)
    if not link:
        return label
    host = escape_markdown(urlsplit(link).netloc)
    return f"[{label or host}]({link}) · {host}"


def card_markdown(card, lang: str) -> str:
    """One project card as markdown, every data text escaped: title, kind · status · years,
    partners, description, source link."""
    details = escape_markdown(f"{card.kind} · {card.status} · {card.years}")
    partners = escape_markdown(t("themes.card.partners", lang, names=card.partners))
    return "\n\n".join(
        [
            f"**{escape_markdown(card.title)}**",
            f":gray[{details}]",
            partners,
            escape_markdown(card.description),
            f":material/link: {card.source_markdown}" if card.source_markdown else "",
        ]
    ).strip()


CARD_COLUMNS = [
    "id",
    "title",
    "kind",
    "status",
    "years",
    "start",
    "end",
    "partners",
    "description",
    "source_id",
    "source_title",
    "source_url",
    "source_markdown",
    "search_text",
]


def project_cards(catalog: Catalog, lang: str, everything: Catalog | None = None) -> pd.DataFrame:
    """One row per project of the catalog, ready for a card (plain text; escape on display).

    Partners come from `everything` (the unfiltered catalog) when given, so a region filter
    does not hide a project's other partners. `search_text` joins every language's title, the
    description and all partner names, normalised for searching. The cards are built once per
    unfiltered catalog and language; a filtered view keeps its own projects' cards.
    """
    if everything is None or everything is catalog:
        return _all_project_cards(catalog, lang)
    return _cards_of(_all_project_cards(everything, lang), tuple(catalog.projects["id"]))


@memo.per_catalog(max_entries=16)  # here the object is the cards frame of every project
def _cards_of(cards: pd.DataFrame, project_ids: tuple[str, ...]) -> pd.DataFrame:
    """A filtered view's cards: the same frame on every rerun of that view."""
    return cards[cards["id"].isin(project_ids)].reset_index(drop=True)


@memo.per_catalog(max_entries=32)  # here the object is a cards frame
def shown_cards(
    cards: pd.DataFrame, query: str, project_ids: tuple[str, ...] | None, lang: str, limit: int
) -> tuple[pd.DataFrame, pd.DataFrame, tuple[str, ...]]:
    """The cards a search and a picked cell keep (`filter_cards`), their table
    (`project_table`) and the markdown of the first `limit` cards, once per cards frame and
    choice: a rerun shows the same objects."""
    shown = filter_cards(cards, query, project_ids)
    texts = tuple(card_markdown(card, lang) for card in shown.head(limit).itertuples())
    return shown, project_table(shown, lang), texts


@memo.per_catalog(max_entries=8)
def _all_project_cards(catalog: Catalog, lang: str) -> pd.DataFrame:
    labels = institution_names(catalog, lang)
    institutions = catalog.institutions
    name_fields = ("name_en", "name_fr", "name_zh", "short_name")
    names_of = {  # every name an institution has, searched in any language
        i: names
        for i, *names in zip(
            institutions["id"], *(institutions[f] for f in name_fields), strict=True
        )
    }
    partners = catalog.project_partners.groupby("project_id")["institution_id"].agg(list)
    sources = catalog.sources.set_index("id")
    rows = []
    for _, project in catalog.projects.iterrows():
        partner_ids = partners.get(project["id"], [])
        names = sorted((labels.get(i, i) for i in partner_ids), key=normalised)
        every_name = [name for i in partner_ids for name in names_of.get(i, ())]
        texts = [project.get(f"title_{x}") for x in ("en", "fr", "zh")]
        texts += [project.get("description_en"), *names, *every_name]
        source_id = project["source_id"]
        title = sources.at[source_id, "title"] if source_id in sources.index else None
        url = sources.at[source_id, "url"] if source_id in sources.index else None
        rows.append(
            {
                "id": project["id"],
                "title": localized_label(project, "title", lang),
                "kind": t(f"project_kind.{project['kind']}", lang),
                "status": t(f"status.{project['status']}", lang),
                "years": years_text(project["start_year"], project["end_year"], lang),
                "start": None if is_missing(project["start_year"]) else int(project["start_year"]),
                "end": None if is_missing(project["end_year"]) else int(project["end_year"]),
                "partners": LIST_SEPARATORS.get(lang, ", ").join(names)
                if names
                else t("value.not_sourced", lang),
                "description": localized_label(project, "description", lang)
                or t("value.not_sourced", lang),
                "source_id": source_id,
                "source_title": "" if is_missing(title) else str(title),
                "source_url": "" if is_missing(url) else str(url),
                "source_markdown": source_markdown(title, url),
                "search_text": " ".join(normalised(x) for x in texts if not is_missing(x)),
            }
        )
    return pd.DataFrame(rows, columns=CARD_COLUMNS)


def filter_cards(cards: pd.DataFrame, query: str = "", project_ids=None) -> pd.DataFrame:
    """Cards whose text holds every word of `query` (any case, accents ignored), restricted to
    `project_ids` when given (a clicked matrix cell)."""
    kept = cards
    if project_ids is not None:
        kept = kept[kept["id"].isin(set(project_ids))]
    for word in normalised(query).split():
        kept = kept[kept["search_text"].str.contains(word, regex=False)]
    return kept.reset_index(drop=True)


def project_table(cards: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The cards as a table with translated headers: start and end years as numbers (empty
    when not sourced), the source URL in its own column."""
    return pd.DataFrame(
        {
            t("col.project", lang): cards["title"],
            t("col.kind", lang): cards["kind"],
            t("col.status", lang): cards["status"],
            t("col.start", lang): cards["start"].astype("Int64"),
            t("col.end", lang): cards["end"].astype("Int64"),
            t("col.partners", lang): cards["partners"],
            t("themes.col.description", lang): cards["description"],
            t("col.source", lang): cards["source_title"],
            t("sources.col.link", lang): cards["source_url"].replace("", None),
        }
    )


@memo.per_catalog(max_entries=16)
def theme_rows(catalog: Catalog, lang: str) -> pd.DataFrame:
    """Every theme with its category, how many kept agreements and projects cite it, and its
    source; in category order."""
    themed = record_themes(catalog)
    counts = themed.groupby(["theme_id", "record_kind"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=["agreement", "project"], fill_value=0)
    themes = catalog.themes.sort_values(["category", "id"])
    labels = theme_labels(catalog, lang)
    titles = catalog.sources.set_index("id")["title"]
    return pd.DataFrame(
        {
            t("col.theme", lang): [labels[i] for i in themes["id"]],
            t("col.category", lang): [t(f"theme_category.{c}", lang) for c in themes["category"]],
            t("kind.agreement", lang): [
                int(counts.at[i, "agreement"]) if i in counts.index else 0 for i in themes["id"]
            ],
            t("kind.project", lang): [
                int(counts.at[i, "project"]) if i in counts.index else 0 for i in themes["id"]
            ],
            t("col.source", lang): themes["source_id"].map(titles).to_numpy(),
        }
    )


# --- completeness ----------------------------------------------------------------------------


def completeness(catalog: Catalog) -> list[tuple[str, int, int]]:
    """(message key, how many, out of) for the page's completeness line; empty totals left out."""
    projects, agreements = catalog.projects, catalog.agreements
    themed = record_themes(catalog)
    items = [
        ("themes.complete.start_year", int(projects["start_year"].notna().sum()), len(projects)),
        (
            "themes.complete.project_theme",
            int(
                projects["id"]
                .isin(themed.loc[themed["record_kind"] == "project", "record_id"])
                .sum()
            ),
            len(projects),
        ),
        (
            "themes.complete.agreement_theme",
            int(
                agreements["id"]
                .isin(themed.loc[themed["record_kind"] == "agreement", "record_id"])
                .sum()
            ),
            len(agreements),
        ),
    ]
    return [item for item in items if item[2]]


@memo.per_catalog(max_entries=16)
def completeness_text(catalog: Catalog, lang: str) -> str:
    """ "How complete: projects with a sourced start year: 4 of 7 · …" (plain text)."""
    parts = [t(key, lang, n=n, total=total) for key, n, total in completeness(catalog)]
    return t("themes.completeness", lang, items=" · ".join(parts)) if parts else ""
