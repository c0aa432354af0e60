"""``GET /api/places`` (search in English or Persian) and ``GET /api/network`` (GeoJSON)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from dalan.choices import Lang
from dalan.network.io import network_to_geojson
from dalan.web.access import caller
from dalan.web.context import AppContext, context, run_limited
from dalan.web.schemas import ErrorOut, PlacesOut, WholeNumber
from dalan.web.users import Caller
from dalan.web.views import place_out, styled_network

router = APIRouter(tags=["places"], responses={422: {"model": ErrorOut}, 404: {"model": ErrorOut}})
Ctx = Annotated[AppContext, Depends(context)]
Who = Annotated[Caller, Depends(caller)]
ScenarioName = Annotated[
    str,
    Query(
        max_length=64, description="Shipped or stored scenario", examples=["baseline"]
    ),
]


@router.get("/api/places", response_model=PlacesOut, summary="Find places by id or name (English or Persian)")
async def places(
    ctx: Ctx,
    who: Who,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=100,
            description="Id, name or alias, any spelling",
            examples=["رشت"],
        ),
    ],
    lang: Lang = Lang.en,
    limit: Annotated[WholeNumber, Query(ge=1, le=50)] = 10,
    scenario: ScenarioName = "baseline",
) -> dict:
    def search() -> dict:
        ctx.store.readable(scenario, who)
        hits = ctx.store.load(scenario).places.search(q, limit=limit)
        return {"query": q, "places": [place_out(place, lang.value, score) for place, score in hits]}

    return await run_limited(ctx, search)


@router.get(
    "/api/network",
    summary="The scenario's network as GeoJSON",
    responses={200: {"description": "A FeatureCollection of places (points) and links (lines)"}},
)
async def network(
    ctx: Ctx,
    who: Who,
    scenario: ScenarioName = "baseline",
    lang: Lang = Lang.en,
    styled: Annotated[bool, Query(description="Add map styles and tooltips (_c, _dash, _w, _tip)")] = False,
) -> dict:
    def build() -> dict:
        ctx.store.readable(scenario, who)
        net = ctx.store.load(scenario).scenario.network
        return styled_network(net, lang.value) if styled else network_to_geojson(net)

    return await run_limited(ctx, build)
