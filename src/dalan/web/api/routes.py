"""``GET /api/route``: the best route, the K best or the Pareto set, with display rows and map."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from dalan.choices import By, Cargo, Lang
from dalan.errors import UnknownPlaceError
from dalan.network.model import Place
from dalan.options import RouteOptions
from dalan.reports.history_text import event_rows
from dalan.routing import find_routes
from dalan.routing.as_of import dated_answer
from dalan.web.context import AppContext, context, run_limited
from dalan.web.errors import ApiError, PlaceNotFound
from dalan.web.scenario_store import Loaded
from dalan.web.schemas import MAX_ALTERNATIVES, ErrorOut, RouteResponse
from dalan.web.views import headers, itinerary_out, pareto_chart

router = APIRouter(tags=["routes"], responses={422: {"model": ErrorOut}, 404: {"model": ErrorOut}, 503: {"model": ErrorOut}})
Ctx = Annotated[AppContext, Depends(context)]
PlaceQuery = Annotated[str, Query(min_length=1, max_length=200)]


def _place(loaded: Loaded, query: str, field: str) -> Place:
    try:
        return loaded.places.find(query)
    except UnknownPlaceError as exc:
        raise PlaceNotFound(exc, field) from None


@router.get("/api/route", response_model=RouteResponse, summary="Best route(s) between two places")
async def get_route(
    ctx: Ctx,
    origin: Annotated[str, Query(alias="from", min_length=1, max_length=200, examples=["رشت"])],
    destination: Annotated[str, Query(alias="to", min_length=1, max_length=200, examples=["Warsaw"])],
    by: By = By.time,
    cargo: Cargo = Cargo.container,
    quantity: Annotated[float, Query(gt=0, le=1_000_000, description="TEU, tonnes or cars")] = 1.0,
    modes: Annotated[str | None, Query(max_length=40, description="Comma-separated, e.g. rail,ferry")] = None,
    leg_modes: Annotated[
        str | None, Query(max_length=200, description="Modes per segment, ';'-separated, e.g. rail;sea ('*' = any)")
    ] = None,
    via: Annotated[list[str], Query(max_length=5, description="Pass through these places, in order")] = [],  # noqa: B006
    avoid: Annotated[list[str], Query(max_length=10, description="Countries (ISO code or name), places, link ids or chokepoints")] = [],  # noqa: B006
    alternatives: Annotated[int, Query(ge=1, le=MAX_ALTERNATIVES, description="K best routes")] = 1,
    pareto: Annotated[bool, Query(description="Every route not beaten on time, cost and CO2e")] = False,
    max_transfers: Annotated[int | None, Query(ge=0, le=10)] = None,
    scenario: Annotated[str, Query(max_length=64)] = "baseline",
    include_planned: bool = False,
    date: Annotated[
        str | None,
        Query(max_length=10, description="Route on the network as it stood that day (default today); price in its year's market (YYYY-MM-DD)"),
    ] = None,
    lang: Lang = Lang.en,
) -> dict:
    if len(via) > 5 or len(avoid) > 10 or any(len(v) > 200 for v in (*via, *avoid)):
        raise ApiError(422, "too many or too long via/avoid values", "via", "at most 5 via and 10 avoid values")
    options = RouteOptions.build(
        origin, destination, via=via, leg_modes=leg_modes, modes=modes, avoid=avoid, max_transfers=max_transfers,
        cargo=cargo.value, quantity=quantity, by=by.value, include_planned=include_planned,
        alternatives=alternatives, pareto=pareto, scenario=scenario, date=date,
    )  # fmt: skip

    def compute() -> dict:
        loaded = ctx.store.load(scenario)
        network, costing = loaded.scenario.network, loaded.scenario.costing
        for query, field in ((origin, "from"), (destination, "to"), *((v, "via") for v in via)):
            _place(loaded, query, field)
        routes = find_routes(network, options, costing=costing)
        lg = lang.value
        dated = dated_answer(network, options, routes, costing=costing)
        return {
            "scenario": scenario,
            "lang": lg,
            "headers": headers(lg),
            "routes": [itinerary_out(it, network, lg, i) for i, it in enumerate(routes)],
            "pareto_chart_svg": pareto_chart(routes, lg) if pareto and len(routes) > 1 else None,
            "as_of": dated.as_of,
            "dated_events": [
                {"element": row["element"]} | e.to_dict(lg)
                | {"on_route": e in dated.on_route, "on_undated_route": e in dated.on_undated_route}
                for e, row in zip(dated.events, event_rows(network, dated.events, lg))
            ],
        }

    return await run_limited(ctx, compute)
