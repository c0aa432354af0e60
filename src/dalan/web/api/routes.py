"""``GET /api/route``: the best route, the K best or the Pareto set, with display rows and map.

The work runs in a route worker process (:mod:`dalan.web.request_pool`) that is killed when it
runs over the request time limit: the client gets 503 and the computation really stops."""

from __future__ import annotations

from typing import Annotated

import anyio
from fastapi import APIRouter, Depends, Query

from dalan.choices import By, Cargo, Lang
from dalan.options import RouteOptions
from dalan.web import route_work
from dalan.web.access import caller
from dalan.web.context import AppContext, context
from dalan.web.errors import ApiError
from dalan.web.route_work import RouteRequest
from dalan.web.schemas import MAX_ALTERNATIVES, ErrorOut, RouteResponse
from dalan.web.users import Caller

router = APIRouter(tags=["routes"], responses={422: {"model": ErrorOut}, 404: {"model": ErrorOut}, 503: {"model": ErrorOut}})
Ctx = Annotated[AppContext, Depends(context)]
Who = Annotated[Caller, Depends(caller)]
PlaceQuery = Annotated[str, Query(min_length=1, max_length=200)]


@router.get("/api/route", response_model=RouteResponse, summary="Best route(s) between two places")
async def get_route(
    ctx: Ctx,
    who: Who,
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

    request = RouteRequest(
        options, scenario, ((origin, "from"), (destination, "to"), *((v, "via") for v in via)), lang.value, pareto
    )

    def compute() -> dict:
        ctx.store.readable(scenario, who)
        return ctx.routes.run(route_work.route_answer, request, timeout_s=ctx.settings.request_timeout_s)

    return await anyio.to_thread.run_sync(compute)  # the pool stops the work at the time limit
