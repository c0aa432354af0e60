"""The message catalogue: every user-facing sentence of errors, the CLI and the reports, by id, in
English and Persian, with ``{named}`` placeholders filled by :func:`render`.

One table, two languages, equal: a test fails when an entry lacks Persian or its placeholders
differ between the languages. Parameters that themselves differ by language (place names,
suggestions) are passed as :class:`Text`; numbers get Persian digits in Persian.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

LANGUAGES = ("en", "fa")
_PERSIAN_DIGITS = str.maketrans("0123456789٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹" * 2)


@dataclass(frozen=True)
class Text:
    """A parameter with one text per language (e.g. a place name)."""

    en: str
    fa: str

    def __str__(self) -> str:
        return self.en

    def in_lang(self, lang: str) -> str:
        return self.fa if lang == "fa" else self.en


# id -> (English, Persian)
MESSAGES: dict[str, tuple[str, str]] = {
    # --- errors ---------------------------------------------------------------------------------
    "error.prefix": ("error", "خطا"),
    "error.unknown_place": ("unknown place {query!r}; did you mean: {suggestions}?", "مکان «{query}» شناخته نشد؛ آیا منظورتان این است: {suggestions}؟"),
    "error.unknown_place_list": (
        "unknown place {query!r}; run 'dalan network places' to list the places",
        "مکان «{query}» شناخته نشد؛ برای فهرست مکان‌ها «dalan network places» را اجرا کنید",
    ),
    "error.no_route": ("no route from {origin} to {destination}: {reason}", "مسیری از {origin} به {destination} نیست: {reason}"),
    "error.unknown_scenario": (
        "unknown scenario {name!r}; shipped: {shipped} (or give a .toml path)",
        "سناریوی «{name}» شناخته نشد؛ سناریوهای همراه برنامه: {shipped} (یا مسیر یک پروندهٔ ‎.toml‎ را بدهید)",
    ),
    "error.unknown_scenario_guess": (
        "unknown scenario {name!r}; did you mean {guess!r}? shipped: {shipped} (or give a .toml path)",
        "سناریوی «{name}» شناخته نشد؛ منظورتان «{guess}» بود؟ سناریوهای همراه برنامه: {shipped} (یا مسیر یک پروندهٔ ‎.toml‎ را بدهید)",
    ),
    "error.cannot_read": ("{path}: cannot read {what} ({reason})", "{path}: {what} خوانده نشد ({reason})"),
    "error.cannot_write": ("cannot be written ({reason})", "نوشته نمی‌شود ({reason})"),
    "error.unsupported_language": ("unsupported language {lang!r}; use one of: {choices}", "زبان «{lang}» پشتیبانی نمی‌شود؛ یکی از این‌ها را بدهید: {choices}"),
    "error.problems": ("{count} problem(s) found:", "{count} اشکال یافت شد:"),
    "error.field": ("{record}: field '{field}' = {value!r}: {message}", "{record}: فیلد «{field}» = «{value}»: {message}"),
    "error.hint": ("{text} (hint: {hint})", "{text} (راهنما: {hint})"),
    # --- problems in one input field: (message, hint) pairs share a suffix ----------------------
    "problem.not_a_number": ("is not a number", "عدد نیست"),
    "hint.not_a_number": ("give a number such as 1 or 2.5", "عددی مانند ۱ یا ۲٫۵ بدهید"),
    "problem.missing_number": ("is missing", "داده نشده است"),
    "hint.missing_number": ("give a number", "یک عدد بدهید"),
    "problem.not_finite": ("is not finite", "متناهی نیست"),
    "hint.not_finite": ("give a finite number", "عددی متناهی بدهید"),
    "problem.not_positive": ("must be positive", "باید مثبت باشد"),
    "problem.negative": ("must not be negative", "نباید منفی باشد"),
    "hint.above_zero": ("give a number above 0", "عددی بزرگ‌تر از ۰ بدهید"),
    "problem.unknown_mode": ("unknown mode", "شیوهٔ حمل ناشناخته"),
    "hint.unknown_mode": ("use {choices} or *", "یکی از {choices} یا * را بدهید"),
    "problem.unknown_cargo": ("unknown cargo class", "نوع بار ناشناخته"),
    "hint.choices": ("use {choices}", "یکی از این‌ها را بدهید: {choices}"),
    "problem.unknown_criterion": ("unknown criterion", "معیار ناشناخته"),
    "hint.same_place": ("pick another destination", "مقصد دیگری برگزینید"),
    "problem.same_place_as": ("is the same place as {what} ({place})", "همان {what} است ({place})"),
    "hint.namesakes": (
        "a route needs two different places, and this name is shared by {places}: which one do you mean? Give its id or full name",
        "مسیر به دو مکان متفاوت نیاز دارد و این نام از آنِ چند مکان است: {places}. کدام را می‌خواهید؟ شناسه یا نام کامل آن را بدهید",
    ),
    "problem.not_a_date": ("is not a date", "تاریخ نیست"),
    "hint.not_a_date": ("write YYYY-MM-DD, e.g. 2026-03-15", "به شکل YYYY-MM-DD بنویسید، مثلاً 2026-03-15"),
    "hint.writable": ("check that the folder is writable", "بررسی کنید که پوشه نوشتنی باشد"),
    # --- CLI tables ------------------------------------------------------------------------------
    "cli.scenarios": ("Scenarios", "سناریوها"),
    "cli.name": ("name", "نام"),
    "cli.base": ("base", "پایه"),
    "cli.edits": ("edits", "ویرایش‌ها"),
    "cli.title": ("title", "عنوان"),
    "cli.id": ("id", "شناسه"),
    "cli.country": ("country", "کشور"),
    "cli.kinds": ("kinds", "نوع"),
    "cli.places": ("{count} place(s)", "{count} مکان"),
    "cli.english": ("English", "انگلیسی"),
    "cli.persian": ("Persian", "فارسی"),
    "cli.sim_flows_title": (
        "{scenario}: transit time (days), mean [95 % CI] over {reps} replication(s)",
        "{scenario}: زمان حمل (روز)، میانگین [بازهٔ اطمینان ۹۵٪] در {reps} تکرار",
    ),
    "cli.sim_busiest_title": ("Busiest facilities (top {count} by utilisation)", "پرکارترین تأسیسات ({count} مورد نخست بر پایهٔ ضریب بهره‌برداری)"),
    "cli.class": ("class", "نوع بار"),
    "cli.routing": ("routing", "مسیریابی"),
    "cli.mean": ("mean", "میانگین"),
    "cli.ci95": ("95 % CI", "بازهٔ ۹۵٪"),
    "cli.facility": ("facility", "تأسیسات"),
    "cli.utilisation": ("utilisation", "ضریب بهره‌برداری"),
    "cli.served_per_day": ("served/day", "خدمت در روز"),
    "cli.wait_h": ("wait h", "انتظار (ساعت)"),
    "cli.mean_queue": ("mean queue", "میانگین صف"),
    "cli.report": ("report: {path}", "گزارش: {path}"),
    "cli.action": ("action", "اقدام"),
    "cli.element": ("element", "جزء شبکه"),
    "cli.values": ("values", "مقادیر"),
    "cli.edits_title": ("Edits", "ویرایش‌ها"),
    "cli.scenario_base": ("base: {base}   file: {file}", "پایه: {base}   پرونده: {file}"),
    "cli.scenario_source": ("source: {source}", "منبع: {source}"),
    "cli.scenario_costing": ("costing: {values}", "هزینه‌گذاری: {values}"),
    "cli.bt_rows_title": (
        "Back-test: model vs published ({count} rows; bands ±{time_band} time, ±{price_band} price)",
        "آزمون پس‌نگر: مدل در برابر ارقام منتشرشده ({count} ردیف؛ بازهٔ ±{time_band} برای زمان، ±{price_band} برای قیمت)",
    ),
    "cli.bt_by": ("By {what}", "به تفکیک {what}"),
    "cli.bt_not_runnable_title": (
        "Not runnable ({count} rows; {more} more are not mappable)",
        "اجراناپذیر ({count} ردیف؛ {more} ردیف دیگر نگاشت‌ناپذیرند)",
    ),
    "cli.bt_totals": (
        "{total} rows: {ok} ok, {not_runnable} not runnable, {not_mappable} not mappable; in band {in_band}/{ok}, median |error| {median}",
        "{total} ردیف: {ok} اجراشده، {not_runnable} اجراناپذیر، {not_mappable} نگاشت‌ناپذیر؛ در بازه {in_band} از {ok}، میانهٔ |خطا| {median}",
    ),
    # --- place kinds, scenario edits ---------------------------------------------------------------
    "place_kind.city": ("city", "شهر"),
    "place_kind.rail_station": ("rail station", "ایستگاه راه‌آهن"),
    "place_kind.rail_terminal": ("rail terminal", "پایانهٔ ریلی"),
    "place_kind.port": ("port", "بندر"),
    "place_kind.ferry_terminal": ("ferry terminal", "پایانهٔ فِری"),
    "place_kind.border_crossing": ("border crossing", "گذرگاه مرزی"),
    "place_kind.gauge_change": ("gauge change", "تغییر عرض خط"),
    "place_kind.dry_port": ("dry port", "بندر خشک"),
    "edit_action.set": ("set", "تغییر"),
    "edit_action.add": ("add", "افزودن"),
    "edit_action.remove": ("remove", "حذف"),
    "edit_field.status": ("status", "وضعیت"),
    "edit_field.status_note": ("status note", "یادداشت وضعیت"),
    "edit_field.speed_kmh": ("speed (km/h)", "سرعت (کیلومتر در ساعت)"),
    "edit_field.year": ("year", "سال"),
    "edit_field.gauges_mm": ("gauges (mm)", "عرض خط (میلی‌متر)"),
    "edit_field.gauge_change_methods": ("gauge-change methods", "روش‌های تغییر عرض خط"),
    "edit_field.load_limit_share": ("share of a full load", "سهم بار کامل"),
    "edit_field.sailings_per_week": ("sailings per week", "سفر دریایی در هفته"),
    "edit_field.surcharge_usd_per_teu": ("surcharge (USD/TEU)", "هزینهٔ اضافی (دلار به ازای هر TEU)"),
    "edit_field.extra_delay_h": ("extra delay (h)", "تأخیر افزوده (ساعت)"),
    "edit_field.rail_border_dwell_h": ("rail border dwell (h)", "توقف مرزی ریلی (ساعت)"),
    "edit_field.rail_border_dwell_low_h": ("rail border dwell, low (h)", "توقف مرزی ریلی، کمینه (ساعت)"),
    "edit_field.rail_border_dwell_high_h": ("rail border dwell, high (h)", "توقف مرزی ریلی، بیشینه (ساعت)"),
    "edit_field.road_border_dwell_h": ("road border dwell (h)", "توقف مرزی جاده‌ای (ساعت)"),
    "edit_field.road_border_dwell_low_h": ("road border dwell, low (h)", "توقف مرزی جاده‌ای، کمینه (ساعت)"),
    "edit_field.road_border_dwell_high_h": ("road border dwell, high (h)", "توقف مرزی جاده‌ای، بیشینه (ساعت)"),
    "gauge_method.transshipment": ("transshipment", "جابه‌جایی بار"),
    "gauge_method.bogie_exchange": ("bogie exchange", "تعویض بوژی"),
    "gauge_method.dual_gauge": ("dual gauge", "خط دوعرضی"),
    # --- back-test rows: metric codes (kept in English: they are the CSV's vocabulary), kinds, reasons
    "bt_metric.transit_days": ("transit_days", "زمان حمل (روز)"),
    "bt_metric.border_hours": ("border_hours", "توقف مرزی (ساعت)"),
    "bt_metric.distance_km": ("distance_km", "مسافت (کیلومتر)"),
    "bt_metric.distance_nm_added": ("distance_nm_added", "مسافت افزوده (مایل دریایی)"),
    "bt_metric.speed_km_per_h": ("speed_km_per_h", "سرعت (کیلومتر در ساعت)"),
    "bt_metric.speed_km_per_day": ("speed_km_per_day", "سرعت (کیلومتر در روز)"),
    "bt_metric.price_usd": ("price_usd", "قیمت (دلار)"),
    "bt_metric.price_usd_per_teu": ("price_usd_per_teu", "قیمت (دلار به ازای هر TEU)"),
    "bt_metric.price_usd_per_feu": ("price_usd_per_feu", "قیمت (دلار به ازای هر FEU)"),
    "bt_metric.price_usd_per_teu_km": ("price_usd_per_teu_km", "قیمت (دلار به ازای هر TEU-کیلومتر)"),
    "bt_metric.price_usd_per_feu_km": ("price_usd_per_feu_km", "قیمت (دلار به ازای هر FEU-کیلومتر)"),
    "bt_metric.price_chf_per_t": ("price_chf_per_t", "قیمت (فرانک سوئیس به ازای هر تن)"),
    "bt_metric.price_eur_per_t": ("price_eur_per_t", "قیمت (یورو به ازای هر تن)"),
    "bt_metric.volume_t": ("volume_t", "حجم (تن)"),
    "bt_metric.volume_t_per_day": ("volume_t_per_day", "حجم (تن در روز)"),
    "bt_metric.volume_teu": ("volume_teu", "حجم (TEU)"),
    "bt_metric.volume_containers": ("volume_containers", "حجم (کانتینر)"),
    "bt_metric.volume_ships": ("volume_ships", "شمار کشتی‌ها"),
    "bt_metric.frequency_per_week": ("frequency_per_week", "دفعات در هفته"),
    "bt_metric.trucks_per_day": ("trucks_per_day", "کامیون در روز"),
    "bt_metric.trucks_waiting": ("trucks_waiting", "کامیون‌های در صف"),
    "bt_metric.wagons_per_day": ("wagons_per_day", "واگن در روز"),
    "bt_metric.wagons_per_year": ("wagons_per_year", "واگن در سال"),
    "bt_metric.containers_per_day": ("containers_per_day", "کانتینر در روز"),
    "bt_metric.teu_per_day": ("teu_per_day", "TEU در روز"),
    "bt_metric.ships_per_day": ("ships_per_day", "کشتی در روز"),
    "bt_metric.ferries_on_line": ("ferries_on_line", "شمار فِری‌های خط"),
    "bt_metric.driving_hours_per_day": ("driving_hours_per_day", "ساعت رانندگی در روز"),
    "bt_metric.driving_hours_per_week": ("driving_hours_per_week", "ساعت رانندگی در هفته"),
    "bt_metric.tariff_discount_pct": ("tariff_discount_pct", "تخفیف تعرفه (٪)"),
    "bt_metric.share_pct": ("share_pct", "سهم (٪)"),
    "bt_metric.change_pct": ("change_pct", "تغییر (٪)"),
    "bt_metric.ratio_to_northern": ("ratio_to_northern", "نسبت به مسیر شمالی"),
    "bt_metric.war_risk_pct_of_hull": ("war_risk_pct_of_hull", "بیمهٔ خطر جنگ (٪ ارزش بدنه)"),
    "bt_metric.index_points": ("index_points", "شاخص (واحد)"),
    "bt_kind.observation": ("observation", "مشاهده"),
    "bt_kind.claim": ("claim", "ادعا"),
    "bt_kind.price": ("price", "قیمت"),
    "bt_kind.schedule": ("schedule", "برنامهٔ زمانی"),
    "bt_reason.unknown place": ("unknown place", "مکان ناشناخته"),
    "bt_reason.no route": ("no route", "بی‌مسیر"),
    "bt_reason.unknown scenario": ("unknown scenario", "سناریوی ناشناخته"),
    "bt_reason.not modelled": ("not modelled", "در مدل نیست"),
    "bt_reason.unit": ("unit", "یکا"),
    "bt_reason.input": ("input", "ورودی"),
    "bt_reason.not mappable": ("not mappable", "نگاشت‌ناپذیر"),
    # --- reports --------------------------------------------------------------------------------
    "route": ("Route", "مسیر"),
    # stress test (dalan.scenarios.stress)
    "stress_title": (
        "Stress test: {scenarios} scenarios × {pairs} origin–destination pairs",
        "آزمون تنش: {scenarios} سناریو × {pairs} جفت مبدأ–مقصد",
    ),
    "stress_subtitle": (
        "Routes on the network as of {date}; best route by {by}, cargo: {cargo}. Each cell: the pair's best route under the scenario against the baseline ({baseline}).",
        "مسیرها بر شبکه به تاریخ {date}؛ بهترین مسیر بر پایهٔ {by}، بار: {cargo}. هر خانه: بهترین مسیر جفت در سناریو در برابر وضع پایه ({baseline}).",
    ),
    "stress_legend": (
        "Red: worse than the baseline; green: better; white: no change. ✗: no route left. → the corridor that takes over. Hover a cell for the route and the reason.",
        "سرخ: بدتر از وضع پایه؛ سبز: بهتر؛ سفید: بی‌تغییر. ✗: مسیری نمی‌ماند. ← کریدوری که جایگزین می‌شود. برای مسیر و دلیل، نشانگر را روی خانه نگه دارید.",
    ),
    "stress_heat_days": ("Extra transit days", "روزهای افزوده به زمان حمل"),
    "stress_heat_usd": ("Extra cost (USD per unit)", "هزینهٔ افزوده (دلار به ازای هر واحد)"),
    "stress_heat_t_co2e": ("Extra emissions (t CO₂e per unit)", "انتشار افزوده (تن CO₂e به ازای هر واحد)"),
    "stress_summary": ("Scenarios at a glance", "نگاهی به سناریوها"),
    "stress_sources": ("Scenarios and their sources", "سناریوها و منابع آن‌ها"),
    "pair": ("Origin → destination", "مبدأ ← مقصد"),
    "report": ("Report", "گزارش"),
    "survivors": ("Pairs with a route", "جفت‌های دارای مسیر"),
    "lost": ("Pairs without a route", "جفت‌های بی‌مسیر"),
    "rerouted_pairs": ("Rerouted", "با مسیر دیگر"),
    "median_extra_days": ("Median extra days", "میانهٔ روزهای افزوده"),
    "takes_over": ("Corridor taking over", "کریدور جایگزین"),
    "title": ("Title", "عنوان"),
    "no_route_cell": ("✗ no route", "✗ بی‌مسیر"),
    "new_route_cell": ("✓ new route", "✓ مسیر تازه"),
    "same_route": ("same route", "همان مسیر"),
    "days_short": ("d", "روز"),
    "baseline": ("Baseline", "وضع پایه"),
    "by_time": ("transit time", "زمان حمل"),
    "by_cost": ("cost", "هزینه"),
    "by_co2": ("CO₂e", "CO₂e"),
    "by_generalized": ("generalised cost", "هزینهٔ تعمیم‌یافته"),
    "cargo_container": ("containers (per TEU)", "کانتینر (به ازای هر TEU)"),
    "cargo_bulk": ("bulk (per tonne)", "فله (به ازای هر تن)"),
    "cargo_vehicle": ("vehicles (per car)", "خودرو (به ازای هر دستگاه)"),
    "comma": (", ", "، "),
    "of_total": ("{part}/{total}", "{part} از {total}"),
    "routes": ("Routes", "مسیرها"),
    "leg": ("Leg", "بخش"),
    "legs": ("Legs", "بخش‌ها"),
    "mode": ("Mode", "شیوهٔ حمل"),
    "rail": ("Rail", "ریلی"),
    "road": ("Road", "جاده‌ای"),
    "sea": ("Sea", "دریایی"),
    "ferry": ("Ferry", "فِری"),
    "transfer": ("Transfer", "انتقال بار"),
    "border": ("Border crossing", "گذرگاه مرزی"),
    "gauge_change": ("Gauge change", "تغییر عرض خط"),
    "wait": ("Waiting", "انتظار"),
    "load": ("Loading", "بارگیری"),
    "link": ("Line", "خط"),
    "unload": ("Unloading", "تخلیه"),
    "via": ("via", "نقطهٔ میانی"),
    "days": ("days", "روز"),
    "p50_p90_days": ("(p50–p90 {p50}–{p90})", "(میانه تا صدک ۹۰: {p50} تا {p90})"),
    "hours": ("hours", "ساعت"),
    "usd": ("USD", "دلار"),
    "km": ("km", "کیلومتر"),
    "t_co2e": ("t CO₂e", "تن CO₂e"),
    "kg_co2e": ("kg CO₂e", "کیلوگرم CO₂e"),
    "tonnes": ("tonnes", "تن"),
    "container": ("container", "کانتینر"),
    "bulk": ("bulk", "فله"),
    "vehicle": ("vehicles", "خودرو"),
    "teu": ("TEU", "TEU"),
    "today": ("As is", "وضع موجود"),
    "with": ("With", "با"),
    "difference": ("Difference", "تفاوت"),
    "origin": ("Origin", "مبدأ"),
    "destination": ("Destination", "مقصد"),
    "from": ("From", "از"),
    "to": ("To", "به"),
    "place": ("Place", "مکان"),
    "distance": ("Distance", "مسافت"),
    "time": ("Transit time", "زمان حمل"),
    "cost": ("Cost", "هزینه"),
    "emissions": ("Emissions", "انتشار"),
    "flow": ("Flow", "جریان"),
    "capacity": ("Capacity", "ظرفیت"),
    "total": ("Total", "مجموع"),
    "scenario": ("Scenario", "سناریو"),
    "status": ("Status", "وضعیت"),
    "operational": ("operational", "در بهره‌برداری"),
    "under_construction": ("under construction", "در دست ساخت"),
    "planned": ("planned", "برنامه‌ریزی‌شده"),
    "comparison": ("Comparison", "مقایسه"),
    "closed": ("closed", "بسته"),
    "suspended": ("suspended", "معلق"),
    "changed_links": ("Changed links", "پیوندهای تغییریافته"),
    "tonnes_per_year": ("t/year", "تن در سال"),
    "stop_kind": ("Kind", "نوع"),
    "free_time_h": ("Free-flow time (h)", "زمان بدون تراکم (ساعت)"),
    "loaded_time_h": ("Loaded time (h)", "زمان با تراکم (ساعت)"),
    "shipments_per_year": ("shipments/year", "محموله در سال"),
    "vc": ("volume/capacity", "حجم/ظرفیت"),
    "corridor_share_tkm": ("Share of tonne-km", "سهم تن-کیلومتر"),
    "bottlenecks": ("Bottlenecks (highest volume/capacity)", "گلوگاه‌ها (بیشترین نسبت حجم به ظرفیت)"),
    "place_volumes": ("Busiest places", "پرترددترین مکان‌ها"),
    "flows_title": ("Yearly freight flows: {scenario}", "جریان سالانهٔ بار: {scenario}"),
    "flows_subtitle": (
        "Line width: tonnes per year. One shipment = one wagon- or truck-load.",
        "پهنای خط: تن در سال. هر محموله = بار یک واگن یا یک کامیون.",
    ),
    "corridor": ("Corridor", "کریدور"),
    "corridor_share": ("Corridor share (logit over alternatives)", "سهم کریدور (لوجیت بر گزینه‌ها)"),
    "route_changed": ("Route changed", "تغییر مسیر"),
    "yes": ("yes", "بله"),
    "no": ("no", "خیر"),
    "od_pairs": ("origin–destination pairs", "جفت مبدأ–مقصد"),
    "routes_changed": ("with a changed route", "با مسیر تغییریافته"),
    "logit_note": (
        (
            "Shares: multinomial logit over each pair's three best routes, "
            "P ∝ exp(−θ·GC/GC_min), θ = {theta:g}; pairs weighted equally."
        ),
        (
            "سهم‌ها: لوجیت چندگانه بر سه مسیر برتر هر جفت، P ∝ exp(−θ·GC/GC_min)، θ = {theta:g}؛ "
            "وزن جفت‌ها برابر."
        ),
    ),
    "rail_only": ("Rail only", "فقط ریلی"),
    "best_by_time": ("Fastest route", "سریع‌ترین مسیر"),
    "best_by_cost": ("Cheapest route", "ارزان‌ترین مسیر"),
    "best_by_co2": ("Lowest-emission route", "کم‌انتشارترین مسیر"),
    "best_by_generalized": (
        "Best route by generalised cost",
        "بهترین مسیر بر پایهٔ هزینهٔ تعمیم‌یافته",
    ),
    "with_rasht_astara": ("With Rasht–Astara railway", "با راه‌آهن رشت–آستارا"),
    "demo_title": (
        "Freight to {destination}: today and with the Rasht–Astara railway",
        "حمل بار به {destination}: وضع موجود و با راه‌آهن رشت–آستارا",
    ),
    "demo_subtitle": (
        "For each origin: the route today (solid) and with the new line (dashed).",
        "برای هر مبدأ: مسیر در وضع موجود (خط پیوسته) و با خط جدید (خط‌چین).",
    ),
    "bt_title": ("Back-test: the model against published figures", "آزمون پس‌نگر: مدل در برابر ارقام منتشرشده"),
    "bt_subtitle": (
        (
            "{ok} of {total} rows run ({not_runnable} not runnable, {not_mappable} not mappable); "
            "{in_band} in band (±{time_band} times, ±{price_band} prices); median |error| {median}. Source: {source}"
        ),
        (
            "{ok} ردیف از {total} اجرا شد ({not_runnable} اجراناپذیر، {not_mappable} نگاشت‌ناپذیر)؛ "
            "{in_band} در بازه (±{time_band} زمان‌ها، ±{price_band} قیمت‌ها)؛ میانهٔ |خطا| {median}. منبع: {source}"
        ),
    ),
    "bt_calibration_plot": ("Model against published (log–log)", "مدل در برابر ارقام منتشرشده (لگاریتمی–لگاریتمی)"),
    "bt_calibration_note": (
        (
            "One point per row; the grey band is ±{band} around the diagonal (model = published). "
            "Differences (DELTA rows) that are not positive are left out of the plot."
        ),
        (
            "هر نقطه یک ردیف؛ نوار خاکستری ±{band} پیرامون قطر است (مدل = منتشرشده). "
            "تفاضل‌های (ردیف‌های DELTA) نامثبت در نمودار نیامده‌اند."
        ),
    ),
    "bt_published": ("Published", "منتشرشده"),
    "bt_model": ("Model", "مدل"),
    "bt_error": ("Error", "خطا"),
    "bt_error_pct": ("Relative error (%)", "خطای نسبی (٪)"),
    "bt_in_band": ("In band", "در بازه"),
    "bt_band": ("Band", "بازه"),
    "bt_errors_by_corridor": ("Errors by corridor", "خطا به تفکیک کریدور"),
    "bt_errors_note": (
        (
            "Each dot is a row (signed relative error, clipped at ±{clip}); the bar marks the median; "
            "the shaded zone is ±{band}."
        ),
        (
            "هر نقطه یک ردیف است (خطای نسبی علامت‌دار، بریده در ±{clip})؛ خط عمودی میانه را نشان می‌دهد؛ "
            "ناحیهٔ سایه‌دار ±{band} است."
        ),
    ),
    "bt_rows": ("Rows run (worst first)", "ردیف‌های اجراشده (بدترین نخست)"),
    "bt_summary": ("Summary by {by}", "خلاصه به تفکیک {by}"),
    "bt_not_runnable": ("Rows that could not be run", "ردیف‌هایی که اجرا نشدند"),
    "bt_not_mappable": ("Rows that are not route or facility figures", "ردیف‌هایی که رقم مسیر یا تأسیسات نیستند"),
    "bt_reason": ("Reason", "علت"),
    "bt_why": ("Why", "چرا"),
    "bt_metric": ("Metric", "شاخص"),
    "bt_kind": ("Kind of figure", "نوع رقم"),
    "bt_count": ("Rows", "ردیف‌ها"),
    "bt_median_abs_error": ("Median |error|", "میانهٔ |خطا|"),
    "bt_all": ("All", "همه"),
    "bt_family_transit": ("Transit time", "زمان حمل"),
    "bt_family_border": ("Border dwell", "توقف مرزی"),
    "bt_family_speed": ("Speed", "سرعت"),
    "bt_family_distance": ("Distance", "مسافت"),
    "bt_family_price": ("Price", "قیمت"),
    "cal_title": ("Calibration: costing parameters fitted to published figures", "واسنجی: پارامترهای هزینه برازش‌شده بر ارقام منتشرشده"),
    "cal_subtitle": (
        "{rows} rows of {source} ({left_out} left out); {parameters} free parameters; objective {start} → {cost}; {rounds} rounds",
        "{rows} ردیف از {source} ({left_out} کنار گذاشته)؛ {parameters} پارامتر آزاد؛ تابع هدف {start} ← {cost}؛ {rounds} دور",
    ),
    "cal_parameters": ("Fitted parameters", "پارامترهای برازش‌شده"),
    "cal_parameter": ("Parameter", "پارامتر"),
    "cal_unit": ("Unit", "یکا"),
    "cal_source_value": ("Sourced", "مقدار مستند"),
    "cal_fitted": ("Fitted", "برازش‌شده"),
    "cal_change": ("Change", "تغییر"),
    "cal_bounds": ("Bounds", "کران‌ها"),
    "cal_at_bound": ("At bound", "روی کران"),
    "cal_at_low": ("low", "پایین"),
    "cal_at_high": ("high", "بالا"),
    "cal_sourced": ("Sourced values", "مقادیر مستند"),
    "cal_in_sample": ("In sample", "درون‌نمونه"),
    "cal_cross_validated": ("Cross-validated", "اعتبارسنجی متقابل"),
    "cal_in_sample_plot": ("In sample: fitted model against published (log–log)", "درون‌نمونه: مدل برازش‌شده در برابر ارقام منتشرشده (لگاریتمی–لگاریتمی)"),
    "cal_cv_plot": (
        "Cross-validated: each corridor predicted by a fit without it (log–log)",
        "اعتبارسنجی متقابل: پیش‌بینی هر کریدور با برازشی بدون آن (لگاریتمی–لگاریتمی)",
    ),
    "cal_cv_note": (
        "Leave one corridor out: for each corridor (its rows' corridor in the baseline back-test; corridors with fewer than 3 rows together as 'other') the parameters are fitted on all other rows and that corridor's rows are predicted.",
        "کنار گذاشتن یک کریدور: برای هر کریدور (کریدور ردیف‌ها در آزمون پس‌نگر پایه؛ کریدورهای کمتر از ۳ ردیف با هم «دیگر») پارامترها بر همهٔ ردیف‌های دیگر برازش و ردیف‌های آن کریدور پیش‌بینی می‌شوند.",
    ),
    "cal_summary": ("Median |error| and share in band, {by}", "میانهٔ |خطا| و سهم در بازه، {by}"),
    "cal_group": ("Group", "گروه"),
    "cal_by_all": ("overall", "کل"),
    "cal_by_family": ("by metric family", "به تفکیک خانوادهٔ شاخص"),
    "cal_by_evidence": ("claims apart", "ادعاها جدا"),
    "cal_by_family_evidence": ("by family, claims apart", "به تفکیک خانواده، ادعاها جدا"),
    "cal_by_corridor": ("by corridor", "به تفکیک کریدور"),
    "cal_all": ("all rows", "همهٔ ردیف‌ها"),
    "cal_time": ("time", "زمان"),
    "cal_price": ("price", "قیمت"),
    "cal_claims": ("claims", "ادعاها"),
    "cal_observations": ("observations, schedules, prices", "مشاهدات، برنامه‌ها، قیمت‌ها"),
    "cal_other": ("other", "دیگر"),
    "cal_left_out": ("Rows left out (not runnable)", "ردیف‌های کنار گذاشته (اجراناپذیر)"),
    "cal_worst": ("Largest remaining errors (in sample)", "بزرگ‌ترین خطاهای باقی‌مانده (درون‌نمونه)"),
    "cal_written": ("Fitted costing written to {path}", "هزینه‌گذاری برازش‌شده در {path} نوشته شد"),
    "cal_not_written": ("Not written (give --out FILE to write the fitted costing).", "نوشته نشد (برای نوشتن هزینه‌گذاری برازش‌شده --out FILE بدهید)."),
    "cal_report": ("Report: {path}", "گزارش: {path}"),
    "cal_progress": ("cross-validation", "اعتبارسنجی متقابل"),
    "map": ("Map", "نقشه"),
    # dated network state (dalan.network.history)
    "as_of": ("As of {date}", "به تاریخ {date}"),
    "as_of_events": (
        "Dated events in force on this corridor ({count})",
        "رویدادهای تاریخ‌دار در جریان در این کریدور ({count})",
    ),
    "demo_events": (
        "{count} dated events in force on the network (see: dalan network history)",
        "{count} رویداد تاریخ‌دار در شبکه در جریان است (نگاه کنید به: dalan network history)",
    ),
    "no_route": ("no route", "بدون مسیر"),
    "rule_in_force": ("Sanction rule in force for this cargo", "قاعدهٔ تحریم نافذ برای این محموله"),
    "as_of_none": ("No dated event in force touches this route.", "هیچ رویداد تاریخ‌داری در جریان به این مسیر مربوط نیست."),
    "history_title": ("Network history: {what} ({count} events)", "تاریخچهٔ شبکه: {what} ({count} رویداد)"),
    "history_all": ("all elements", "همهٔ اجزا"),
    "date": ("Date", "تاریخ"),
    "element": ("Element", "جزء شبکه"),
    "action": ("Action", "اقدام"),
    "note": ("Note", "توضیح"),
    "source": ("Source", "منبع"),
    "on_route": ("On route", "روی مسیر"),
    "on_this_route": ("this route", "این مسیر"),
    "on_undated_route": ("route without dates", "مسیر بدون تاریخ"),
    "action_close": ("closed", "بسته"),
    "action_reopen": ("reopened", "بازگشایی"),
    "action_restrict": ("restricted", "محدود"),
    "action_surcharge": ("surcharge", "هزینهٔ اضافی"),
    "delay_h": ("+{hours} h", "+{hours} ساعت"),
    "surcharge_teu": ("+{usd} USD/TEU", "+{usd} دلار به ازای هر TEU"),
    "chokepoint_hormuz": ("Strait of Hormuz", "تنگهٔ هرمز"),
    "chokepoint_bab_el_mandeb_suez": ("Bab-el-Mandeb / Suez", "باب‌المندب / سوئز"),
    "chokepoint_bosphorus": ("Bosphorus", "بسفر"),
    "chokepoint_cape_of_good_hope": ("Cape of Good Hope", "دماغهٔ امید نیک"),
    "border_pair": ("border {pair}", "مرز {pair}"),
    "corridor_tag": ("corridor {tag}", "کریدور {tag}"),
    "modes_only": ("{modes} only", "فقط {modes}"),
    "legend": ("Legend", "راهنما"),
    "network": ("Network", "شبکه"),
    "generated": ("Prepared on", "تاریخ تهیه"),
    "map_credits": (
        "Map: Leaflet (BSD-2-Clause). Country outlines: Natural Earth (public domain).",
        "نقشه: Leaflet (BSD-2-Clause). مرز کشورها: Natural Earth (مالکیت عمومی).",
    ),
    # --- simulation report ----------------------------------------------------------------------
    "sim.title": ("Corridor operations simulation", "شبیه‌سازی عملیات کریدور"),
    "sim.subtitle": (
        "{scenario}: {days} days after {warmup} days of warm-up, {reps} replications, seed {seed}",
        "{scenario}: {days} روز پس از {warmup} روز گرم‌شدن، {reps} تکرار، بذر {seed}",
    ),
    "sim.flows": ("Transit time by origin–destination (days; mean and 95 % interval)", "زمان حمل هر مبدأ–مقصد (روز؛ میانگین و بازهٔ ۹۵٪)"),
    "sim.facilities": ("Busiest facilities", "پرکارترین تأسیسات"),
    "sim.queues": ("Queue length over time (mean over replications)", "طول صف در طول زمان (میانگین تکرارها)"),
    "sim.histograms": ("Transit-time distribution", "توزیع زمان حمل"),
    "sim.link_use": ("Shipments per day on links", "محموله در روز روی پیوندها"),
    "sim.place_use": ("Utilisation of places", "ضریب بهره‌برداری مکان‌ها"),
    "sim.routing": ("Routing", "مسیریابی"),
    "sim.mean": ("Mean", "میانگین"),
    "sim.low": ("95 % low", "کران پایین ۹۵٪"),
    "sim.high": ("95 % high", "کران بالای ۹۵٪"),
    "sim.class": ("Class", "نوع بار"),
    "sim.kind": ("Kind", "نوع"),
    "sim.utilisation": ("Utilisation", "ضریب بهره‌برداری"),
    "sim.per_day": ("per day", "در روز"),
    "sim.wait_h": ("Mean wait (h)", "میانگین انتظار (ساعت)"),
    "sim.queue": ("Mean queue", "میانگین صف"),
    "sim.day": ("day", "روز"),
    "sim.shipments": ("shipments", "محموله"),
    "sim.kind_terminal": ("Terminal", "پایانه"),
    "sim.kind_rail_border": ("Rail border", "مرز ریلی"),
    "sim.kind_road_border": ("Road border", "مرز جاده‌ای"),
    "sim.kind_sea_border": ("Port border", "مرز بندری"),
    "sim.kind_gauge_change": ("Gauge change", "تغییر عرض خط"),
    "sim.kind_formation": ("Train formation", "تشکیل قطار"),
    "sim.kind_line": ("Rail line", "خط ریلی"),
    "sim.kind_sailing": ("Sailings", "سفرهای دریایی"),
    "sim.kind_road": ("Road", "جاده"),
    # --- corridors (tags of CORRIDOR_FACTS.md) ---------------------------------------------------
    "corridor.INSTC": ("INSTC (Iranian trunk)", "کریدور شمال–جنوب (مسیر اصلی ایران)"),
    "corridor.INSTC-W": ("INSTC West", "کریدور شمال–جنوب (غربی)"),
    "corridor.INSTC-E": ("INSTC East", "کریدور شمال–جنوب (شرقی)"),
    "corridor.CASPIAN": ("Trans-Caspian sea", "دریای خزر"),
    "corridor.MC": ("Middle Corridor", "کریدور میانی"),
    "corridor.MC-EU": ("Middle Corridor (Europe)", "کریدور میانی (اروپا)"),
    "corridor.MC-ROAD": ("Middle Corridor (road)", "کریدور میانی (جاده‌ای)"),
    "corridor.PGBS": ("Persian Gulf – Black Sea", "خلیج فارس – دریای سیاه"),
    "corridor.IRTR": ("Iran – Türkiye rail", "ریلی ایران–ترکیه"),
    "corridor.ITI": ("Istanbul – Tehran – Islamabad", "استانبول–تهران–اسلام‌آباد"),
    "corridor.ITI-ROAD": ("Istanbul – Tehran – Islamabad (road)", "استانبول–تهران–اسلام‌آباد (جاده‌ای)"),
    "corridor.NS-ROAD": ("North–South (road)", "شمال–جنوب (جاده‌ای)"),
    "corridor.SEA": ("All sea", "تمام دریایی"),
    "corridor.CER": ("China – Europe rail", "ریلی چین–اروپا"),
    "corridor.TSR": ("Trans-Siberian", "راه‌آهن سراسری سیبری"),
    "corridor.UZ": ("Uzbekistan link", "مسیر ازبکستان"),
    "corridor.AF": ("Afghanistan link", "مسیر افغانستان"),
    # --- web server: access, ownership, users, time limits (dalan.web.messages) ------------------
    # access (401)
    "web.auth_needed": (
        "this server needs an API key or token",
        "این سرور کلید API یا توکن می‌خواهد",
    ),
    "web.auth_needed.hint": (
        "send 'Authorization: Bearer KEY' (the server's admin creates keys with: dalan users add NAME)",
        "سرآیند 'Authorization: Bearer KEY' را بفرستید (مدیر سرور کلید را با dalan users add NAME می‌سازد)",
    ),
    "web.auth_wrong": (
        "the API key or token is unknown or revoked",
        "کلید API یا توکن ناشناخته است یا باطل شده است",
    ),
    "web.auth_wrong.hint": (
        "check the key; ask the server's admin for a new one",
        "کلید را بررسی کنید یا از مدیر سرور کلید تازه بخواهید",
    ),
    # scenarios (403, 404)
    "web.scenario_unknown": ("unknown scenario {name!r}", "سناریوی «{name}» پیدا نشد"),
    "web.scenario_unknown.hint": ("known: {names}", "سناریوهای موجود: {names}"),
    "web.scenario_shipped": (
        "scenario {name!r} is shipped with dalan and read-only",
        "سناریوی «{name}» همراه برنامه است و فقط‌خواندنی است",
    ),
    "web.scenario_shipped.hint": (
        "create a scenario based on it",
        "سناریوی تازه‌ای بر پایهٔ آن بسازید",
    ),
    "web.scenario_shared": (
        "scenario {name!r} belongs to {owner} and is shared read-only",
        "سناریوی «{name}» از آنِ {owner} است و فقط برای خواندن هم‌رسانی شده است",
    ),
    "web.scenario_shared.hint": (
        "save a copy under a new name (base = {name!r})",
        "نسخه‌ای با نام تازه ذخیره کنید (base = «{name}»)",
    ),
    "web.scenario_admin": (
        "scenario {name!r} belongs to the server's admin and is read-only for users",
        "سناریوی «{name}» از آنِ مدیر سرور است و برای کاربران فقط‌خواندنی است",
    ),
    "web.scenario_admin.hint": (
        "save a copy under a new name (base = {name!r})",
        "نسخه‌ای با نام تازه ذخیره کنید (base = «{name}»)",
    ),
    "web.scenario_taken": (
        "scenario name {name!r} is taken",
        "نام سناریوی «{name}» پیش‌تر گرفته شده است",
    ),
    "web.scenario_taken.hint": (
        "PUT /api/scenarios/{name} to change your own, or choose another name",
        "برای تغییر سناریوی خودتان PUT /api/scenarios/{name} را بفرستید یا نام دیگری برگزینید",
    ),
    # jobs (404)
    "web.job_unknown": ("unknown job {id!r}", "کار «{id}» پیدا نشد"),
    "web.job_unknown.hint": (
        "POST /api/jobs returns the id of your job",
        "شناسهٔ کار شما را POST /api/jobs برمی‌گرداند",
    ),
    # time limits (503)
    "web.timeout": (
        "the computation took longer than {limit_s} s and was stopped",
        "محاسبه بیش از {limit_s} ثانیه طول کشید و متوقف شد",
    ),
    "web.timeout.hint": (
        "ask for fewer alternatives, no Pareto set or fewer via places; or run it as a job",
        "مسیرهای جایگزین یا نقاط میانی کمتری بخواهید یا مجموعهٔ پارتو را بردارید؛ یا آن را به‌صورت کار پس‌زمینه اجرا کنید",
    ),
    "web.busy": (
        "every route worker was busy for {limit_s} s",
        "همهٔ پردازش‌گرهای مسیریابی {limit_s} ثانیه مشغول بودند",
    ),
    "web.busy.hint": ("try again in a moment", "چند لحظهٔ دیگر دوباره بکوشید"),
    # users (CLI)
    "web.user_name": ("invalid user name {name!r}", "نام کاربری «{name}» نامعتبر است"),
    "web.user_name.hint": (
        "use 1–64 lower-case letters, digits, '.', '-' or '_', starting with a letter or digit",
        "از ۱ تا ۶۴ حرف کوچک لاتین، رقم، '.'، '-' یا '_' استفاده کنید که با حرف یا رقم آغاز شود",
    ),
    "web.user_exists": ("user {name!r} exists", "کاربر «{name}» وجود دارد"),
    "web.user_exists.hint": (
        "choose another name, or revoke it first (dalan users revoke {name}) and add it again for a new key",
        "نام دیگری برگزینید یا نخست آن را باطل کنید (dalan users revoke {name}) و برای کلید تازه دوباره بیفزایید",
    ),
    "web.user_unknown": ("unknown user {name!r}", "کاربر «{name}» پیدا نشد"),
    "web.user_unknown.hint": (
        "dalan users list shows the users",
        "فهرست کاربران را dalan users list نشان می‌دهد",
    ),
    "web.user_added": (
        "user {name!r} added. Their API key (shown only now; dalan keeps only its hash):",
        "کاربر «{name}» افزوده شد. کلید API او (تنها همین بار نمایش داده می‌شود؛ دالان فقط درهم‌شدهٔ آن را نگه می‌دارد):",
    ),
    "web.user_revoked": (
        "user {name!r} revoked: their key no longer works",
        "کاربر «{name}» باطل شد: کلیدش دیگر کار نمی‌کند",
    ),
    "web.no_users": (
        "no users yet: dalan users add NAME",
        "هنوز کاربری نیست: dalan users add NAME",
    ),
    "web.user": ("User", "کاربر"),
    "web.created": ("Created", "ساخته‌شده"),
    "web.revoked": ("Revoked", "باطل‌شده"),
    "web.active": ("active", "فعال"),
    "web.job_not_done": ("job {id!r} is {state}: only a finished job can be downloaded", "کار «{id}» {state} است: فقط کار پایان‌یافته دریافت می‌شود"),
    "web.job_not_done.hint": ("wait until its status is done", "صبر کنید تا وضعیت آن «انجام شد» شود"),
    "web.export_unavailable": ("a {kind} job has no {format} download", "کار {kind} دریافت {format} ندارد"),
    "web.export_unavailable.hint": ("ask for one of: {formats}", "یکی از این‌ها را بخواهید: {formats}"),
    "web.export_table_unknown": ("a {kind} job has no table {table!r}", "کار {kind} جدولی به نام «{table}» ندارد"),
    "web.export_table_unknown.hint": ("ask for one of: {tables}", "یکی از این‌ها را بخواهید: {tables}"),
    # --- shipped scenarios -----------------------------------------------------------------------
    "scenario.embedded": ("embedded network", "شبکهٔ همراه برنامه"),
    "scenario.baseline": ("Baseline", "وضع موجود"),
    "scenario.rasht-astara": ("Rasht–Astara railway", "راه‌آهن رشت–آستارا"),
    "scenario.astara-fast-border": ("Astara border, best-practice dwell", "توقف مرز آستارا هم‌تراز بهترین مرزها"),
    "scenario.azerbaijan-iran-border-closed": ("Azerbaijan–Iran border closed", "بسته‌شدن مرز جمهوری آذربایجان و ایران"),
    "scenario.black-sea-war-risk": ("Black Sea war-risk premium", "حق بیمهٔ خطر جنگ در دریای سیاه"),
    "scenario.caspian-low-water": ("Low Caspian Sea level", "پایین‌رفتن تراز آب خزر"),
    "scenario.chabahar-zahedan": ("Chabahar–Zahedan railway", "راه‌آهن چابهار–زاهدان"),
    "scenario.chornomorsk-batumi-ferry": ("Chornomorsk–Batumi rail ferry", "فِری ریلی چورنومورسک–باتومی"),
    "scenario.hormuz-closure-2026": ("Strait of Hormuz closed (2026)", "بسته‌شدن تنگهٔ هرمز (۱۴۰۴)"),
    "scenario.red-sea-diversion": ("Red Sea diversion", "دور زدن دریای سرخ"),
}


def check_lang(lang: str) -> str:
    """``lang`` if it is a supported language; ValueError otherwise (callers turn it into InputError)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; use one of: {', '.join(LANGUAGES)}")
    return lang


def text(message_id: str, lang: str = "en") -> str:
    """The raw template of ``message_id`` in ``lang``; KeyError for an unknown id."""
    en, fa = MESSAGES[message_id]
    return fa if check_lang(lang) == "fa" else en


def display_name(prefix: str, code: str, lang: str = "en") -> str:
    """The display name of a coded thing (``corridor``, ``scenario``) — the code itself when unnamed."""
    key = f"{prefix}.{code}"
    return text(key, lang) if key in MESSAGES else code


def localize(value: object, lang: str) -> object:
    """A parameter shown in ``lang``: :class:`Text` picks its language, sequences are joined with
    the language's comma, numbers get Persian digits in Persian."""
    if isinstance(value, Text):
        return value.in_lang(lang)
    if isinstance(value, (list, tuple)):
        return text("comma", lang).join(str(localize(v, lang)) for v in value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and lang == "fa":
        return str(value).translate(_PERSIAN_DIGITS)
    return value


def render(message_id: str, lang: str = "en", /, **params: object) -> str:
    """The message ``message_id`` in ``lang`` with its placeholders filled."""
    return text(message_id, lang).format(**{k: localize(v, lang) for k, v in params.items()})


def placeholders(template: str) -> set[str]:
    """The named placeholders of a template (``{query!r}`` counts as ``query``)."""
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


__all__ = ["LANGUAGES", "MESSAGES", "Text", "display_name", "localize", "placeholders", "render", "text"]
