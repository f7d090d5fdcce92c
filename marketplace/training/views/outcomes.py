"""The agency outcomes dashboard (/dinas/<id>/hasil): what the agency's own alumni did next."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import format_decimal, format_percent
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import SelectField

from marketplace.core.auth import role_required
from marketplace.core.csv_export import csv_response
from marketplace.extensions import db
from marketplace.regions.reference import get_district, list_districts
from marketplace.training import charts, outcomes
from marketplace.training.labels import PROGRAM_KIND_LABELS, SKILL_FIELD_LABELS
from marketplace.training.models import Agency, Program
from marketplace.training.queries import list_programs
from marketplace.training.views import bp
from marketplace.training.views.agency import WRITE_ROLES, _agency

SMALL = "< 5"
GROUPING_LABELS = {
    "program": _l("Program"),
    "cohort": _l("Angkatan (tahun)"),
    "skill": _l("Bidang"),
    "district": _l("Kecamatan"),
}
FUNNEL_LABELS = {
    "trained": _l("Ikut program"),
    "completed": _l("Lulus"),
    "claimed": _l("Klaim akun"),
    "store": _l("Buka toko"),
    "live": _l("Toko tayang"),
    "first_sale": _l("Penjualan pertama"),
    "repeat": _l("Penjualan berulang"),
    "wholesale": _l("Penjualan grosir"),
}
MONTH_ABBR = (
    _l("Jan"),
    _l("Feb"),
    _l("Mar"),
    _l("Apr"),
    _l("Mei"),
    _l("Jun"),
    _l("Jul"),
    _l("Agu"),
    _l("Sep"),
    _l("Okt"),
    _l("Nov"),
    _l("Des"),
)


class OutcomeFilterForm(FlaskForm):
    class Meta:
        csrf = False

    program = SelectField(_l("Program"), default="")
    cohort = SelectField(_l("Angkatan"), default="")
    skill = SelectField(_l("Bidang"), default="")
    district = SelectField(_l("Kecamatan"), default="")
    group = SelectField(_l("Kelompokkan per"), default="program")


class RefreshForm(FlaskForm):
    """The "compute again now" button (CSRF only)."""


@dataclass(frozen=True)
class Context:
    """What the page and the CSV exports share: the agency, its programs, the filters."""

    agency: Agency
    programs: dict[str, Program]
    filters: outcomes.OutcomeFilters
    grouping: str
    form: OutcomeFilterForm

    def label(self, dim: str, key: str | None) -> str:
        """A group's name: program title, year, skill field or kecamatan."""
        if dim == "total":
            return _("Semua")
        if key is None or key == "":
            return _("Tanpa kecamatan") if dim == "district" else "—"
        if dim == "program":
            program = self.programs.get(key)
            return program.title if program else key
        if dim == "skill":
            return str(SKILL_FIELD_LABELS.get(key, key))
        if dim == "district":
            district = get_district(key)
            return district.name if district else key
        return key

    def ordered(self, dim: str, rows: Iterable[Any]) -> list[Any]:
        """Rows (with a `key`) in display order: programs newest first (as on the agency page),
        years newest first, other groups by name; a row without a value last."""
        keys = list(self.programs)

        def order(row: Any) -> tuple[Any, ...]:
            key = row.key
            if key is None or key == "":
                return (1, 0, "")
            if dim == "program":
                return (0, keys.index(key) if key in self.programs else len(keys), "")
            if dim == "cohort":
                return (0, -int(key), "")
            return (0, 0, self.label(dim, key))

        return sorted(rows, key=order)


def _context(agency: Agency) -> Context:
    """The filter form and the filters it validates; bad values are dropped with a message."""
    rows = list_programs(agency.id)
    programs = {str(row.program.id): row.program for row in rows}
    years = sorted({p.start_date.year for p in programs.values()}, reverse=True)
    form = OutcomeFilterForm(request.args)
    form.program.choices = [("", _("Semua program"))] + [(k, p.title) for k, p in programs.items()]
    form.cohort.choices = [("", _("Semua angkatan"))] + [(str(y), str(y)) for y in years]
    form.skill.choices = [("", _("Semua bidang"))] + [
        (str(k), str(v)) for k, v in SKILL_FIELD_LABELS.items()
    ]
    form.district.choices = [("", _("Semua kecamatan"))] + [
        (d.code, d.name) for d in list_districts(agency.region_code)
    ]
    form.group.choices = [(k, str(v)) for k, v in GROUPING_LABELS.items()]
    form.validate()
    for name in ("program", "cohort", "skill", "district", "group"):
        field = getattr(form, name)
        if field.data in (None, field.default):
            field.data, field.errors = field.default, []
        elif field.errors:
            field.data = field.default
            field.errors = [_("Pilihan tidak dikenal; filter ini diabaikan.")]
    filters = outcomes.OutcomeFilters(
        program_id=int(form.program.data) if form.program.data else None,
        cohort=int(form.cohort.data) if form.cohort.data else None,
        skill_field=form.skill.data or None,
        district_code=form.district.data or None,
    )
    grouping = form.group.data if form.group.data in outcomes.GROUPINGS else "program"
    return Context(agency, programs, filters, grouping, form)


# -- Display helpers ---------------------------------------------------------------------------


def shown(value: Any) -> Any:
    """A figure, or "< 5" when suppressed."""
    return SMALL if value is None else value


def small_count(value: int) -> int | str:
    """A head count of 1-4 as "< 5"."""
    return SMALL if 0 < value < outcomes.MIN_GROUP else value


def ratio(value: float | None) -> str:
    """Omzet per Rupiah of budget, e.g. '0,03'."""
    return SMALL if value is None else format_decimal(value, format="#,##0.00")


def share(value: float | None) -> str:
    """A fraction as a percentage, e.g. '35%'."""
    return "—" if value is None else format_percent(value)


def month_label(key: str) -> str:
    """'2026-02' -> 'Feb 2026'."""
    return f"{MONTH_ABBR[int(key[5:]) - 1]} {key[:4]}"


def _funnel_chart(total: outcomes.FunnelRow) -> Any:
    steps = [
        charts.FunnelStep(str(FUNNEL_LABELS[step]), total.steps[step])
        for step in outcomes.FUNNEL_STEPS
    ]
    return charts.funnel_chart(
        steps, chart_id="chart-funnel", title=_("Corong alumni: dari pelatihan ke penjualan")
    )


def _monthly_chart(months: list[outcomes.MonthFigure]) -> Any:
    bars = []
    for index, month in enumerate(months):
        is_january = month.month.endswith("-01")
        bars.append(
            charts.MonthBar(
                label=str(MONTH_ABBR[int(month.month[5:]) - 1]),
                total=month.omzet_idr,
                wholesale=month.wholesale_idr,
                year=f"’{month.month[2:4]}" if index == 0 or is_january else "",
            )
        )
    return charts.monthly_chart(
        bars,
        chart_id="chart-monthly",
        title=_("Omzet toko alumni per bulan, 12 bulan terakhir"),
        legend=(_("Eceran"), _("Grosir")),
    )


@bp.get("/dinas/<int:agency_id>/hasil")
@role_required("agency_staff")
def outcomes_dashboard(agency_id: int) -> str:
    agency = _agency(agency_id)
    context = _context(agency)
    dashboard = outcomes.get_dashboard(agency.id, context.filters, grouping=context.grouping)
    html = render_template(
        "training/outcomes.html",
        agency=agency,
        ctx=context,
        filter_form=context.form,
        dashboard=dashboard,
        funnel_steps=outcomes.FUNNEL_STEPS,
        funnel_labels=FUNNEL_LABELS,
        grouping_labels=GROUPING_LABELS,
        funnel_chart=_funnel_chart(dashboard.funnel_total),
        monthly_chart=_monthly_chart(dashboard.months),
        program_kinds=PROGRAM_KIND_LABELS,
        shown=shown,
        small_count=small_count,
        ratio=ratio,
        share=share,
        month_label=month_label,
        csv_args=_csv_args(context),
        refresh_form=RefreshForm() if g.agency_role in WRITE_ROLES else None,
    )
    db.session.commit()  # a summary computed for this view is kept for the next ones
    return html


def _csv_args(context: Context) -> dict[str, Any]:
    """The current filters, for the CSV links."""
    filters = context.filters
    return {
        "program": filters.program_id,
        "cohort": filters.cohort,
        "skill": filters.skill_field,
        "district": filters.district_code,
        "group": context.grouping,
    }


# -- CSV exports: the table behind each chart, with the same suppression -----------------------


def _funnel_csv(ctx: Context) -> tuple[list[str], Iterable[list[Any]]]:
    rows = outcomes.funnel_section(ctx.agency.id, ctx.filters, grouping=ctx.grouping)
    header = [ctx.grouping, *outcomes.FUNNEL_STEPS]
    return header, (
        [
            ctx.label("total" if r.is_total else ctx.grouping, r.key),
            *(shown(r.steps[s]) for s in outcomes.FUNNEL_STEPS),
        ]
        for r in rows
    )


def _monthly_csv(ctx: Context) -> tuple[list[str], Iterable[list[Any]]]:
    months = outcomes.sales_section(ctx.agency.id, ctx.filters).months
    header = ["month", "sellers", "omzet_idr", "orders", "wholesale_omzet_idr"]
    return header, (
        [
            m.month,
            small_count(m.sellers),
            shown(m.omzet_idr),
            shown(m.orders),
            shown(m.wholesale_idr),
        ]
        for m in months
    )


def _sales_csv(ctx: Context) -> tuple[list[str], Iterable[list[Any]]]:
    groups = outcomes.sales_section(ctx.agency.id, ctx.filters).groups
    header = [
        "dimension",
        "group",
        "sellers",
        "omzet_idr",
        "orders",
        "wholesale_omzet_idr",
        "q1_idr",
        "median_idr",
        "q3_idr",
    ]
    return header, (
        [
            g.dim,
            ctx.label(g.dim, g.key),
            small_count(g.sellers),
            shown(g.omzet_idr),
            shown(g.orders),
            shown(g.wholesale_idr),
            shown(g.q1_idr),
            shown(g.median_idr),
            shown(g.q3_idr),
        ]
        for g in groups
    )


def _buckets_csv(ctx: Context) -> tuple[list[str], Iterable[list[Any]]]:
    buckets = outcomes.sales_section(ctx.agency.id, ctx.filters).buckets
    header = ["omzet_from_idr", "omzet_below_idr", "alumni"]
    return header, ([b.low_idr, b.high_idr or "", shown(b.alumni)] for b in buckets)


def _mentoring_csv(ctx: Context) -> tuple[list[str], Iterable[list[Any]]]:
    effects = outcomes.mentoring_section(ctx.agency.id, ctx.filters)
    header = ["program", "alumni_with_store", "sellers", "before_monthly_idr", "after_monthly_idr"]
    return header, (
        [
            ctx.label("program", str(e.program_id)),
            e.alumni,
            small_count(e.sellers),
            shown(e.before_idr),
            shown(e.after_idr),
        ]
        for e in effects
    )


def _budget_csv(ctx: Context) -> tuple[list[str], Iterable[list[Any]]]:
    returns = outcomes.budget_section(ctx.agency.id, ctx.filters)
    header = ["program", "budget_idr", "sellers", "omzet_since_end_idr", "omzet_per_rupiah"]
    return header, (
        [
            ctx.label("program", str(r.program_id)),
            r.budget_idr,
            small_count(r.sellers),
            shown(r.omzet_idr),
            SMALL if r.per_rupiah is None else f"{r.per_rupiah:.4f}",
        ]
        for r in returns
    )


def _awards_csv(ctx: Context) -> tuple[list[str], Iterable[list[Any]]]:
    follow = outcomes.get_award_follow_up(ctx.agency.id, ctx.filters, limit=None)
    header = [
        "name",
        "program",
        "award",
        "rank",
        "award_amount_idr",
        "grant_items",
        "since",
        "orders",
        "omzet_idr",
    ]

    def rows() -> Iterator[list[Any]]:
        for r in follow.rows:
            yield [
                r.full_name,
                ctx.label("program", str(r.program_id)),
                r.award_title,
                r.award_rank,
                r.award_amount_idr,
                r.grant_items,
                r.end_date.isoformat(),
                r.orders,
                r.omzet_idr,
            ]
        if follow.others != 0:  # None: a few ("< 5")
            yield [
                _("Penerima lain tanpa izin berbagi data (%(n)s orang)", n=shown(follow.others)),
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                shown(follow.others_omzet_idr),
            ]

    return header, rows()


CSV_SECTIONS: dict[str, Callable[[Context], tuple[list[str], Iterable[list[Any]]]]] = {
    "corong": _funnel_csv,
    "bulanan": _monthly_csv,
    "penjualan": _sales_csv,
    "sebaran": _buckets_csv,
    "pendampingan": _mentoring_csv,
    "anggaran": _budget_csv,
    "penghargaan": _awards_csv,
}


@bp.get("/dinas/<int:agency_id>/hasil/<section>.csv")
@role_required("agency_staff")
def outcomes_csv(agency_id: int, section: str) -> Response:
    agency = _agency(agency_id)
    build = CSV_SECTIONS.get(section) or abort(404)
    context = _context(agency)
    outcomes.begin_report()
    header, rows = build(context)
    # Rows are built here, in the request (a streamed body would outlive the session's work).
    response = csv_response(f"hasil-{section}-{agency.short_name}.csv", header, list(rows))
    db.session.commit()  # a summary computed for this export is kept for the next views
    return response


@bp.post("/dinas/<int:agency_id>/hasil/perbarui")
@role_required("agency_staff")
def outcomes_refresh(agency_id: int) -> Response:
    """Recompute the whole-agency figures now (staff who can edit the agency's records)."""
    agency = _agency(agency_id, write=True)
    if RefreshForm().validate_on_submit():  # CSRF (a bad token is a 400 before this)
        outcomes.begin_report()
        outcomes.refresh_summary(agency.id)
        db.session.commit()
        flash(_("Angka seluruh alumni sudah dihitung ulang."), "success")
    return redirect(url_for("training.outcomes_dashboard", agency_id=agency.id))
