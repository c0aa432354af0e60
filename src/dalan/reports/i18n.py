"""Report labels in English and Persian, Persian digits and numbers, Jalali dates."""

from __future__ import annotations

import datetime as dt
import math
import numbers

from dalan.errors import InputError

LANGUAGES = ("en", "fa")

# key -> (English, Persian)
_CATALOGUE: dict[str, tuple[str, str]] = {
    "route": ("Route", "مسیر"),
    "comma": (", ", "، "),
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
}

_MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_MONTHS_FA = (
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
)  # fmt: skip

# ASCII and Arabic-Indic digits -> Extended Arabic-Indic (Persian) digits.
_TO_PERSIAN = str.maketrans("0123456789٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹" * 2)
_FA_DECIMAL = "\u066b"  # ٫ Arabic decimal separator
_FA_THOUSANDS = "\u066c"  # ٬ Arabic thousands separator
_FA_MINUS = "\u200e\u2212"  # LRM + minus sign, as in CLDR's fa locale
MISSING = "–"


#: First-strong isolate … pop directional isolate: a mixed-direction run keeps its own order.
FSI, PDI = "\u2068", "\u2069"


def isolate(text: str, lang: str) -> str:
    """``text`` bidi-isolated inside Persian text (unchanged in English)."""
    return f"{FSI}{text}{PDI}" if lang == "fa" else text


def check_lang(lang: str) -> str:
    """Return ``lang`` if supported, else raise :class:`InputError`."""
    if lang not in LANGUAGES:
        raise InputError(f"unsupported language {lang!r}; use one of: {', '.join(LANGUAGES)}")
    return lang


def t(key: str, lang: str = "en") -> str:
    """The label ``key`` in ``lang``; raises ``KeyError`` for an unknown key."""
    en, fa = _CATALOGUE[key]
    return fa if check_lang(lang) == "fa" else en


def direction(lang: str) -> str:
    """Text direction of ``lang``: ``"rtl"`` or ``"ltr"``."""
    return "rtl" if check_lang(lang) == "fa" else "ltr"


def to_persian_digits(text: str) -> str:
    """Replace ASCII and Arabic-Indic digits in ``text`` with Persian digits."""
    return text.translate(_TO_PERSIAN)


def format_number(x: object, lang: str = "en", decimals: int = 0) -> str:
    """Format a number with thousands separators and ``decimals`` decimals.

    Persian uses Persian digits, ``٬`` for thousands, ``٫`` for decimals and an LRM-led minus.
    Missing values (None, NaN) give ``"–"``.
    """
    check_lang(lang)
    if x is None or not isinstance(x, numbers.Real):
        if x is None:
            return MISSING
        raise InputError(f"cannot format {x!r} as a number")
    if isinstance(x, numbers.Integral) and decimals == 0:
        negative, body = int(x) < 0, f"{abs(int(x)):,d}"
    else:
        value = float(x)
        if math.isnan(value):
            return MISSING
        if math.isinf(value):
            negative, body = value < 0, "∞"
        else:
            body = f"{abs(value):,.{decimals}f}"
            negative = value < 0 and any(c not in "0.," for c in body)
    if lang == "en":
        return ("-" if negative else "") + body
    body = body.replace(",", "\0").replace(".", _FA_DECIMAL).replace("\0", _FA_THOUSANDS)
    return (_FA_MINUS if negative else "") + to_persian_digits(body)


def format_percent(share: float | None, lang: str = "en", decimals: int = 1, *, signed: bool = False) -> str:
    """A share (0.034) as a percentage: ``3.4 %`` in English, «۳٫۴٪» in Persian; ``signed`` adds ``+``."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return MISSING
    if math.isinf(share):
        return "∞" if share > 0 else "−∞"
    sign = "+" if signed and share > 0 else ""
    body = format_number(100 * share, lang, decimals)
    return sign + (body + "٪" if check_lang(lang) == "fa" else body + " %")


def format_date(date: dt.date, lang: str = "en") -> str:
    """``27 November 2026`` in English; the Jalali date, e.g. ``۶ آذر ۱۴۰۵``, in Persian."""
    if isinstance(date, dt.datetime):
        date = date.date()
    if check_lang(lang) == "en":
        return f"{date.day} {_MONTHS_EN[date.month - 1]} {date.year}"
    import jdatetime  # lazy: only Persian reports need it

    jdate = jdatetime.date.fromgregorian(date=date)
    return to_persian_digits(f"{jdate.day} {_MONTHS_FA[jdate.month - 1]} {jdate.year}")


def format_value(value: object, lang: str = "en", decimals: int = 1) -> str:
    """Display text of a table or tooltip value: numbers, dates and text, in ``lang``.

    Integers get no decimals, other numbers ``decimals``; Persian text gets Persian digits.
    """
    if value is None or isinstance(value, bool):
        return MISSING if value is None else str(value)
    if isinstance(value, numbers.Integral):
        return format_number(value, lang, 0)
    if isinstance(value, numbers.Real):
        return format_number(value, lang, decimals)
    if isinstance(value, dt.date):
        return format_date(value, lang)
    return to_persian_digits(str(value)) if check_lang(lang) == "fa" else str(value)
