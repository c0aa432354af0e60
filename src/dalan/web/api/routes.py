"""``GET /api/route``: the best route, the K best or the Pareto set, with display rows and map."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from dalan.choices import By, Cargo, Lang
from dalan.errors import UnknownPlaceError
from dalan.network.model import MODES, Place
from dalan.routing import route
from dalan.routing.alternatives import k_best_routes, pareto_routes
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


def _modes(text: str | None) -> list[str] | None:
    if text is None or not text.strip():
        return None
    modes = [m.strip() for m in text.split(",") if m.strip()]
    unknown = [m for m in modes if m not in MODES]
    if unknown or not modes:
        raise ApiError(422, f"unknown mode(s) {', '.join(unknown)}", "modes", f"comma-separate {', '.join(MODES)}")
    return modes


@router.get("/api/route", response_model=RouteResponse, summary="Best route(s) between two places")
async def get_route(
    ctx: Ctx,
    origin: Annotated[str, Query(alias="from", min_length=1, max_length=200, examples=["رشت"])],
    destination: Annotated[str, Query(alias="to", min_length=1, max_length=200, examples=["Warsaw"])],
    by: By = By.time,
    cargo: Cargo = Cargo.container,
    quantity: Annotated[float, Query(gt=0, le=1_000_000, description="TEU, tonnes or cars")] = 1.0,
    modes: Annotated[str | None, Query(max_length=40, description="Comma-separated, e.g. rail,ferry")] = None,
    via: Annotated[list[str], Query(max_length=5, description="Pass through these places, in order")] = [],  # noqa: B006
    avoid: Annotated[list[str], Query(max_length=10, description="Countries (ISO), places or link ids")] = [],  # noqa: B006
    alternatives: Annotated[int, Query(ge=1, le=MAX_ALTERNATIVES, description="K best routes")] = 1,
    pareto: Annotated[bool, Query(description="Every route not beaten on time, cost and CO2e")] = False,
    max_transfers: Annotated[int | None, Query(ge=0, le=10)] = None,
    scenario: Annotated[str, Query(max_length=64)] = "baseline",
    include_planned: bool = False,
    lang: Lang = Lang.en,
) -> dict:
    if len(via) > 5 or len(avoid) > 10 or any(len(v) > 200 for v in (*via, *avoid)):
        raise ApiError(422, "too many or too long via/avoid values", "via", "at most 5 via and 10 avoid values")
    if (pareto or alternatives > 1 or avoid) and (via or max_transfers is not None):
        raise ApiError(422, "via and max_transfers work on the single best route only", "via", "drop alternatives, pareto and avoid")

    def compute() -> dict:
        loaded = ctx.store.load(scenario)
        network, costing = loaded.scenario.network, loaded.scenario.costing
        a, b = _place(loaded, origin, "from"), _place(loaded, destination, "to")
        stops = [_place(loaded, v, "via") for v in via]
        common = {"cargo": cargo.value, "quantity": quantity, "costing": costing, "include_planned": include_planned, "modes": _modes(modes)}
        if pareto:
            routes = pareto_routes(network, a, b, avoid=avoid, **common)
        elif alternatives > 1 or avoid:
            routes = k_best_routes(network, a, b, alternatives, by=by.value, avoid=avoid, **common)
        else:
            routes = [route(network, a, b, by=by.value, via=stops, max_transfers=max_transfers, **common)]
        lg = lang.value
        return {
            "scenario": scenario,
            "lang": lg,
            "headers": headers(lg),
            "routes": [itinerary_out(it, network, lg, i) for i, it in enumerate(routes)],
            "pareto_chart_svg": pareto_chart(routes, lg) if pareto and len(routes) > 1 else None,
        }

    return await run_limited(ctx, compute)
