"""The work of ``GET /api/route`` as it runs in a route worker process (:mod:`dalan.web.request_pool`):
load the scenario, check the places, solve, and render the answer in the page language — as the
JSON bytes the server sends, so that the server process neither unpickles nor re-serialises it."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import TypeAdapter

from dalan.costing import Costing
from dalan.errors import UnknownPlaceError
from dalan.identity_cache import IdentityCache
from dalan.network.history import NetworkEvent
from dalan.network.model import Network
from dalan.options import RouteOptions
from dalan.reports.history_text import event_rows, level_rows, year_levels_text
from dalan.reports.i18n import format_date
from dalan.routing import find_routes
from dalan.routing.as_of import dated_answer
from dalan.routing.itinerary import Itinerary
from dalan.web.errors import PlaceNotFound
from dalan.web.export_files import ExportFormat, geojson_bytes, table_file
from dalan.web.export_tables import legs_frame, routes_frame, routes_geojson
from dalan.web.report_files import route_report
from dalan.web.route_cache import Answer
from dalan.web.scenario_store import Loaded, ScenarioStore
from dalan.web.schemas import RouteResponse
from dalan.web.views import headers, itinerary_out, pareto_chart

#: Checks and serialises an answer exactly as FastAPI does for ``response_model=RouteResponse``.
_RESPONSE = TypeAdapter(RouteResponse)


@dataclass(frozen=True)
class RouteRequest:
    """A checked route request: the options and what the answer needs besides them."""

    options: RouteOptions
    scenario: str
    places: tuple[tuple[str, str], ...]  # (query, request field): from, to, via …
    lang: str
    pareto: bool


def _check_places(loaded: Loaded, places: tuple[tuple[str, str], ...]) -> None:
    for query, field in places:
        try:
            loaded.places.find(query)
        except UnknownPlaceError as exc:
            raise PlaceNotFound(exc, field) from None


def _solve(store: ScenarioStore, request: RouteRequest) -> tuple[Network, Costing, list[Itinerary]]:
    loaded = store.load(request.scenario)
    network, costing = loaded.scenario.network, loaded.scenario.costing
    _check_places(loaded, request.places)
    return network, costing, find_routes(network, request.options, costing=costing, scenario_rules=loaded.scenario.rules)


def route_file(store: ScenarioStore, request: RouteRequest, fmt: ExportFormat, table: str) -> tuple[bytes, str]:
    """``GET /api/route?format=csv|xlsx|geojson|html``: the routes (``table=routes``) or their legs
    (``table=legs``) as CSV, both as XLSX sheets, every route's features as GeoJSON, or the HTML
    report; with the file's name without extension."""
    network, _costing, routes = _solve(store, request)
    stem = f"dalan-route-{routes[0].origin_id}-{routes[0].destination_id}"
    if fmt is ExportFormat.geojson:
        return geojson_bytes(routes_geojson(routes, network, request.lang)), stem
    if fmt is ExportFormat.html:  # the report `dalan route --report` writes, to print
        return route_report(routes, network, request.lang, request.pareto).encode("utf-8"), stem
    sheets = {"routes": routes_frame(routes, network, request.lang), "legs": legs_frame(routes, network, request.lang)}
    return table_file(sheets, fmt, request.lang, table), stem if fmt is ExportFormat.xlsx else f"{stem}-{table}"


def route_answer(store: ScenarioStore, request: RouteRequest) -> bytes:
    """The JSON body of ``GET /api/route`` for ``request``: :func:`route_body` validated and
    serialised as FastAPI would (by alias, in pydantic's serialiser)."""
    return _RESPONSE.dump_json(_RESPONSE.validate_python(route_body(store, request)), by_alias=True)


def kept_answer(store: ScenarioStore, request: RouteRequest) -> Answer:
    """:func:`route_answer` with its gzip form and ETag, as the server keeps and sends it (the
    compression in the worker, not in the server's event loop)."""
    return Answer.of(route_answer(store, request))


def route_body(store: ScenarioStore, request: RouteRequest) -> dict:
    """The answer to ``request`` as plain data (the shape of :class:`RouteResponse`)."""
    network, costing, routes = _solve(store, request)
    lg = request.lang
    dated = dated_answer(network, request.options, routes, costing=costing)
    return {
        "scenario": request.scenario,
        "lang": lg,
        "headers": headers(lg),
        "routes": [itinerary_out(it, network, lg, i) for i, it in enumerate(routes)],
        "pareto_chart_svg": pareto_chart(routes, lg) if request.pareto and len(routes) > 1 else None,
        "as_of": dated.as_of,
        "as_of_text": format_date(dated.as_of, lg),
        "year_levels": level_rows(dated.levels, lg),
        "year_levels_text": year_levels_text(dated.levels, lg),
        "dated_events": [
            _event_out(network, e, lg) | {"on_route": e in dated.on_route, "on_undated_route": e in dated.on_undated_route}
            for e in dated.events
        ],
    }  # fmt: skip


#: A dated event's display text and fields per network and language (events recur across answers).
_EVENTS: IdentityCache[dict] = IdentityCache(maxsize=1024)


def _event_out(network: Network, event: NetworkEvent, lang: str) -> dict:
    """The event's entry of ``dated_events`` but for ``on_route`` and ``on_undated_route`` (not to be changed)."""

    def build() -> dict:
        row = event_rows(network, [event], lang)[0]
        return {"element": row["element"], "date_text": row["date"], "action_text": row["action"]} | event.to_dict(lang)

    return _EVENTS.get((network,), (event, lang), build)
