"""``GET /api/route``: the best route, the K best or the Pareto set, with display rows and map
(or, with ``format=csv|xlsx|geojson``, as a download).

The work runs in a route worker process (:mod:`dalan.web.request_pool`) that is killed when it
runs over the request time limit: the client gets 503 and the computation really stops. The
server awaits its answer in the event loop (no thread but to read a stored scenario's rows). JSON
answers are kept by the server (:mod:`dalan.web.route_cache`) per applied scenario version,
request and day: a repeated question is answered without a worker (the same query string on a
shipped scenario even before FastAPI parses it), and a client that sends the answer's ETag back
gets 304."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import anyio
from fastapi import APIRouter, Depends, Query, Request

from dalan.choices import By, Cargo, Lang
from dalan.network.history import today
from dalan.options import MAX_ALTERNATIVES, MAX_TRANSFERS, RouteOptions
from dalan.web import route_work
from dalan.web.access import caller
from dalan.web.context import AppContext, context
from dalan.web.errors import ApiError
from dalan.web.export_files import FILE_RESPONSES, ExportFormat, file_response
from dalan.web.route_work import RouteRequest
from dalan.web.schemas import ErrorOut, RouteResponse
from dalan.web.users import Caller

router = APIRouter(tags=["routes"], responses={422: {"model": ErrorOut}, 404: {"model": ErrorOut}, 503: {"model": ErrorOut}})
Ctx = Annotated[AppContext, Depends(context)]
Who = Annotated[Caller, Depends(caller)]
PlaceQuery = Annotated[str, Query(min_length=1, max_length=200)]


@router.get(
    "/api/route",
    response_model=RouteResponse,
    summary="Best route(s) between two places",
    responses=FILE_RESPONSES,
)
async def get_route(
    http: Request,
    ctx: Ctx,
    who: Who,
    origin: Annotated[str, Query(alias="from", min_length=1, max_length=200, examples=["رشت"])],
    destination: Annotated[str, Query(alias="to", min_length=1, max_length=200, examples=["Warsaw"])],
    by: By = By.time,
    cargo: Cargo = Cargo.container,
    quantity: Annotated[str, Query(max_length=40, description="TEU, tonnes or cars (Persian digits too)")] = "1",
    modes: Annotated[str | None, Query(max_length=40, description="Comma-separated, e.g. rail,ferry")] = None,
    leg_modes: Annotated[
        str | None, Query(max_length=200, description="Modes per segment, ';'-separated, e.g. rail;sea ('*' = any)")
    ] = None,
    via: Annotated[list[str], Query(max_length=5, description="Pass through these places, in order")] = [],  # noqa: B006
    avoid: Annotated[list[str], Query(max_length=10, description="Countries (ISO code or name), places, link ids or chokepoints")] = [],  # noqa: B006
    alternatives: Annotated[str, Query(max_length=10, description=f"K best routes, 1 to {MAX_ALTERNATIVES} (Persian digits too)")] = "1",
    pareto: Annotated[bool, Query(description="Every route not beaten on time, cost and CO2e")] = False,
    max_transfers: Annotated[str | None, Query(max_length=10, description=f"Most transfers, 0 to {MAX_TRANSFERS} (Persian digits too)")] = None,
    scenario: Annotated[str, Query(max_length=64)] = "baseline",
    include_planned: bool = False,
    date: Annotated[
        str | None,
        Query(max_length=10, description="Route on the network as it stood that day (default today); price in its year's market (YYYY-MM-DD)"),
    ] = None,
    value_of_time: Annotated[
        str | None, Query(max_length=40, description="USD per unit-hour for by=generalized (Persian digits too)")
    ] = None,
    carbon_price: Annotated[str | None, Query(max_length=40, description="USD per t CO2e for by=generalized")] = None,
    reliability: Annotated[
        str,
        Query(
            max_length=10,
            description="Choose by the mean time, or by a percentile p50 … p99 (each stop at that percentile of its time)",
        ),
    ] = "mean",
    drivers: Annotated[
        str, Query(max_length=10, description="Drivers per truck: 1, or 2 taking turns (multi-manning, EU 561/2006 / AETR)")
    ] = "1",
    whole_train: Annotated[
        bool, Query(description="The shipment fills its own train: bulk or cars run as a block train, not as wagonload")
    ] = False,
    lang: Lang = Lang.en,
    format: Annotated[
        ExportFormat, Query(description="json, or a download: csv (one table), xlsx (routes and legs), geojson")
    ] = ExportFormat.json,
    table: Annotated[Literal["legs", "routes"], Query(description="The table of a csv download")] = "legs",
) -> Any:
    if len(via) > 5 or len(avoid) > 10 or any(len(v) > 200 for v in (*via, *avoid)):
        raise ApiError.of(422, "via_avoid_limits", "via")
    options = RouteOptions.build(
        origin, destination, via=via, leg_modes=leg_modes, modes=modes, avoid=avoid, max_transfers=max_transfers,
        cargo=cargo.value, quantity=quantity, by=by.value, include_planned=include_planned,
        alternatives=alternatives, pareto=pareto, scenario=scenario, date=date, value_of_time_usd_per_h=value_of_time,
        carbon_price_usd_per_t=carbon_price, reliability=reliability, drivers=drivers, whole_train=whole_train,
    )  # fmt: skip

    request = RouteRequest(
        options, scenario, ((origin, "from"), (destination, "to"), *((v, "via") for v in options.via)), lang.value, pareto
    )
    limit = ctx.settings.request_timeout_s
    asked_on = today()
    day = options.date or asked_on
    shipped = ctx.store.is_shipped(scenario)  # readable by all, never changed: no database to ask

    def readable_version() -> tuple:
        ctx.store.readable(scenario, who)
        return ctx.store.version_key(scenario)

    version = ctx.store.version_key(scenario) if shipped else await anyio.to_thread.run_sync(readable_version)
    if format is not ExportFormat.json:
        content, stem = await ctx.routes.run_async(route_work.route_file, request, format, table, timeout_s=limit)
        return file_response(content, format, stem)
    key = (version, request, day)
    answer = ctx.answers.find(key)
    if answer is None:  # the route worker stops the work at the time limit
        answer = ctx.answers.keep(key, await ctx.routes.run_async(route_work.kept_answer, request, timeout_s=limit))
    if shipped:
        ctx.answers.remember_query(http.scope["query_string"], asked_on, key)
    return answer.response(http.headers)
