"""English and Persian texts of the server's access, ownership, user and time-limit messages.

One entry per message: ``key -> (English, Persian)``, with ``{name}``-style fields filled by
:func:`text`; a hint is the entry ``key + ".hint"``. :class:`dalan.web.errors.ApiError.of` builds
an error with both languages from a key, so a JSON error carries ``error``/``hint`` in English and
``error_fa``/``hint_fa`` in Persian.
"""

from __future__ import annotations

from dalan.reports.i18n import check_lang, to_persian_digits

_MESSAGES: dict[str, tuple[str, str]] = {
    # access (401)
    "auth_needed": (
        "this server needs an API key or token",
        "این سرور کلید API یا توکن می‌خواهد",
    ),
    "auth_needed.hint": (
        "send 'Authorization: Bearer KEY' (the server's admin creates keys with: dalan users add NAME)",
        "سرآیند 'Authorization: Bearer KEY' را بفرستید (مدیر سرور کلید را با dalan users add NAME می‌سازد)",
    ),
    "auth_wrong": (
        "the API key or token is unknown or revoked",
        "کلید API یا توکن ناشناخته است یا باطل شده است",
    ),
    "auth_wrong.hint": (
        "check the key; ask the server's admin for a new one",
        "کلید را بررسی کنید یا از مدیر سرور کلید تازه بخواهید",
    ),
    # scenarios (403, 404)
    "scenario_unknown": ("unknown scenario {name!r}", "سناریوی «{name}» پیدا نشد"),
    "scenario_unknown.hint": ("known: {names}", "سناریوهای موجود: {names}"),
    "scenario_shipped": (
        "scenario {name!r} is shipped with dalan and read-only",
        "سناریوی «{name}» همراه برنامه است و فقط‌خواندنی است",
    ),
    "scenario_shipped.hint": (
        "create a scenario based on it",
        "سناریوی تازه‌ای بر پایهٔ آن بسازید",
    ),
    "scenario_shared": (
        "scenario {name!r} belongs to {owner} and is shared read-only",
        "سناریوی «{name}» از آنِ {owner} است و فقط برای خواندن هم‌رسانی شده است",
    ),
    "scenario_shared.hint": (
        "save a copy under a new name (base = {name!r})",
        "نسخه‌ای با نام تازه ذخیره کنید (base = «{name}»)",
    ),
    "scenario_admin": (
        "scenario {name!r} belongs to the server's admin and is read-only for users",
        "سناریوی «{name}» از آنِ مدیر سرور است و برای کاربران فقط‌خواندنی است",
    ),
    "scenario_admin.hint": (
        "save a copy under a new name (base = {name!r})",
        "نسخه‌ای با نام تازه ذخیره کنید (base = «{name}»)",
    ),
    "scenario_taken": (
        "scenario name {name!r} is taken",
        "نام سناریوی «{name}» پیش‌تر گرفته شده است",
    ),
    "scenario_taken.hint": (
        "PUT /api/scenarios/{name} to change your own, or choose another name",
        "برای تغییر سناریوی خودتان PUT /api/scenarios/{name} را بفرستید یا نام دیگری برگزینید",
    ),
    # jobs (404)
    "job_unknown": ("unknown job {id!r}", "کار «{id}» پیدا نشد"),
    "job_unknown.hint": (
        "POST /api/jobs returns the id of your job",
        "شناسهٔ کار شما را POST /api/jobs برمی‌گرداند",
    ),
    # downloads (409, 422)
    "job_not_done": ("job {id!r} is {state}: only a finished job can be downloaded", "کار «{id}» {state} است: فقط کار پایان‌یافته دریافت می‌شود"),
    "job_not_done.hint": ("wait until its status is done", "صبر کنید تا وضعیت آن «انجام شد» شود"),
    "export_unavailable": ("a {kind} job has no {format} download", "کار {kind} دریافت {format} ندارد"),
    "export_unavailable.hint": ("ask for one of: {formats}", "یکی از این‌ها را بخواهید: {formats}"),
    "export_table_unknown": ("a {kind} job has no table {table!r}", "کار {kind} جدولی به نام «{table}» ندارد"),
    "export_table_unknown.hint": ("ask for one of: {tables}", "یکی از این‌ها را بخواهید: {tables}"),
    # time limits (503)
    "timeout": (
        "the computation took longer than {limit_s} s and was stopped",
        "محاسبه بیش از {limit_s} ثانیه طول کشید و متوقف شد",
    ),
    "timeout.hint": (
        "ask for fewer alternatives, no Pareto set or fewer via places; or run it as a job",
        "مسیرهای جایگزین یا نقاط میانی کمتری بخواهید یا مجموعهٔ پارتو را بردارید؛ یا آن را به‌صورت کار پس‌زمینه اجرا کنید",
    ),
    "busy": (
        "every route worker was busy for {limit_s} s",
        "همهٔ پردازش‌گرهای مسیریابی {limit_s} ثانیه مشغول بودند",
    ),
    "busy.hint": ("try again in a moment", "چند لحظهٔ دیگر دوباره بکوشید"),
    # users (CLI)
    "user_name": ("invalid user name {name!r}", "نام کاربری «{name}» نامعتبر است"),
    "user_name.hint": (
        "use 1–64 lower-case letters, digits, '.', '-' or '_', starting with a letter or digit",
        "از ۱ تا ۶۴ حرف کوچک لاتین، رقم، '.'، '-' یا '_' استفاده کنید که با حرف یا رقم آغاز شود",
    ),
    "user_exists": ("user {name!r} exists", "کاربر «{name}» وجود دارد"),
    "user_exists.hint": (
        "choose another name, or revoke it first (dalan users revoke {name}) and add it again for a new key",
        "نام دیگری برگزینید یا نخست آن را باطل کنید (dalan users revoke {name}) و برای کلید تازه دوباره بیفزایید",
    ),
    "user_unknown": ("unknown user {name!r}", "کاربر «{name}» پیدا نشد"),
    "user_unknown.hint": (
        "dalan users list shows the users",
        "فهرست کاربران را dalan users list نشان می‌دهد",
    ),
    "user_added": (
        "user {name!r} added. Their API key (shown only now; dalan keeps only its hash):",
        "کاربر «{name}» افزوده شد. کلید API او (تنها همین بار نمایش داده می‌شود؛ دالان فقط درهم‌شدهٔ آن را نگه می‌دارد):",
    ),
    "user_revoked": (
        "user {name!r} revoked: their key no longer works",
        "کاربر «{name}» باطل شد: کلیدش دیگر کار نمی‌کند",
    ),
    "no_users": (
        "no users yet: dalan users add NAME",
        "هنوز کاربری نیست: dalan users add NAME",
    ),
    "user": ("User", "کاربر"),
    "created": ("Created", "ساخته‌شده"),
    "revoked": ("Revoked", "باطل‌شده"),
    "active": ("active", "فعال"),
}


def _field(value: object, fa: bool) -> object:
    """Numbers as ``30`` or ``0.5`` (Persian digits in Persian); names and other text unchanged."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    shown = format(value, "g")
    return to_persian_digits(shown) if fa else shown


def text(key: str, lang: str = "en", **fields: object) -> str:
    """The message ``key`` in ``lang`` with ``fields`` filled in (numbers in Persian digits in
    Persian; names are left as they are)."""
    en, fa = _MESSAGES[key]
    persian = check_lang(lang) == "fa"
    return (fa if persian else en).format(
        **{name: _field(value, persian) for name, value in fields.items()}
    )


def both(key: str, **fields: object) -> tuple[str, str]:
    """The message ``key`` in English and Persian."""
    return text(key, "en", **fields), text(key, "fa", **fields)


def has(key: str) -> bool:
    return key in _MESSAGES
