"""Labels of the web page in English and Persian; report labels come from :func:`dalan.reports.t`."""

from __future__ import annotations

from dalan.reports.i18n import check_lang, t

# key -> (English, Persian)
_UI: dict[str, tuple[str, str]] = {
    "app_title": ("dalan — freight corridors", "دالان — کریدورهای حمل بار"),
    "app_subtitle": (
        "Routes, scenarios and comparisons on the corridors joining Europe and Russia to Iran and the Persian Gulf",
        "مسیرها، سناریوها و مقایسه‌ها در کریدورهای پیوند اروپا و روسیه با ایران و خلیج فارس",
    ),
    "other_language": ("فارسی", "English"),
    "date": ("Date", "تاریخ"),
    "place_placeholder": ("Place name, English or Persian", "نام مکان، فارسی یا انگلیسی"),
    "find_route": ("Find route", "مسیریابی"),
    "optimise": ("Optimise", "بهینه‌سازی بر پایهٔ"),
    "by_time": ("Time", "زمان"),
    "by_cost": ("Cost", "هزینه"),
    "by_co2": ("CO₂e", "انتشار CO₂e"),
    "by_generalized": ("Generalised cost", "هزینهٔ تعمیم‌یافته"),
    "cargo": ("Cargo", "نوع بار"),
    "container": ("Container (TEU)", "کانتینر (TEU)"),
    "bulk": ("Bulk (tonnes)", "فله (تن)"),
    "vehicle": ("Vehicles (cars)", "خودرو"),
    "quantity": ("Quantity", "مقدار"),
    "modes": ("Modes", "شیوه‌های حمل"),
    "alternatives": ("Alternatives", "مسیرهای جایگزین"),
    "pareto": ("Pareto set (time, cost, CO₂e)", "مجموعهٔ پارتو (زمان، هزینه، انتشار)"),
    "include_planned": ("Include planned links", "با پیوندهای برنامه‌ریزی‌شده"),
    "scenarios": ("Scenarios", "سناریوها"),
    "shipped": ("shipped", "همراه برنامه"),
    "stored": ("stored", "ذخیره‌شده"),
    "edit_toml": ("Scenario (TOML)", "سناریو (TOML)"),
    "new_from": ("New scenario from this one", "سناریوی تازه بر پایهٔ این"),
    "save": ("Save", "ذخیره"),
    "delete": ("Delete", "حذف"),
    "saved": ("Saved", "ذخیره شد"),
    "deleted": ("Deleted", "حذف شد"),
    "read_only": (
        "Shipped scenarios are read-only: save a copy under a new name.",
        "سناریوهای همراه برنامه فقط‌خواندنی‌اند: نسخه‌ای با نام تازه ذخیره کنید.",
    ),
    "run_compare": ("Compare", "مقایسه کن"),
    "flows_ops": ("Flows and operations", "جریان‌ها و بهره‌برداری"),
    "run_assign": ("Yearly flows", "جریان سالانه"),
    "run_simulate": ("Simulate 90 days (5 runs)", "شبیه‌سازی ۹۰ روز (۵ اجرا)"),
    "progress": ("Progress", "پیشرفت"),
    "working": ("Working…", "در حال محاسبه…"),
    "error": ("Error", "خطا"),
    "queued": ("Waiting in the queue, position", "در صف، نوبت"),
    "token_prompt": ("This server needs your API key (or the admin token):", "این سرور کلید API شما (یا توکن مدیر) را می‌خواهد:"),
    "share_read_only": ("Shared read-only with other users", "هم‌رسانی فقط‌خواندنی با کاربران دیگر"),
    "not_yours": ("read-only: it is not yours", "فقط‌خواندنی: از آنِ شما نیست"),
    "my_jobs": ("My jobs", "کارهای من"),
    "no_jobs": ("No jobs yet.", "هنوز کاری نیست."),
    "job": ("Job", "کار"),
    "status": ("Status", "وضعیت"),
    "queue_position": ("position", "نوبت"),
    "cancel": ("Cancel", "لغو"),
    "result": ("Result", "نتیجه"),
    "status_queued": ("queued", "در صف"),
    "status_running": ("running", "در حال اجرا"),
    "status_done": ("done", "انجام شد"),
    "status_failed": ("failed", "ناموفق"),
    "status_cancelled": ("cancelled", "لغو شد"),
    "kind_compare": ("Comparison", "مقایسه"),
    "kind_assign": ("Yearly flows", "جریان سالانه"),
    "kind_simulate": ("Simulation", "شبیه‌سازی"),
    "planned_dashed": ("planned or under construction (dashed)", "برنامه‌ریزی‌شده یا در دست ساخت (خط‌چین)"),
    "mean": ("mean", "میانگین"),
    "p95": ("95th percentile", "صدک ۹۵"),
    "pareto_chart": ("Pareto set: days against USD, colour = t CO₂e", "مجموعهٔ پارتو: روز در برابر دلار، رنگ = تن CO₂e"),
}

#: Report labels the page also uses (from :mod:`dalan.reports.i18n`).
_REPORT_KEYS = (
    "origin", "destination", "route", "routes", "legs", "scenario", "comparison", "legend", "network", "rail",
    "road", "sea", "ferry", "map_credits", "days", "usd", "t_co2e", "km", "total",
)  # fmt: skip


def labels(lang: str) -> dict[str, str]:
    """Every label of the page in ``lang``."""
    fa = check_lang(lang) == "fa"
    return {key: pair[1] if fa else pair[0] for key, pair in _UI.items()} | {key: t(key, lang) for key in _REPORT_KEYS}
