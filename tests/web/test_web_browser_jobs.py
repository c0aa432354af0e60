"""'My jobs' on the page, in a real browser (Chromium): status, queue position, progress, cancel
and the result link, in English and in Persian (right to left). Screenshots: out/test-artifacts/."""

from __future__ import annotations

import time

from test_web_browser import TIMEOUT_MS, open_page, shot
from web_support import ARTIFACTS, LIVE

SLOW = {"kind": "simulate", "params": {"scenario": "baseline", "days": 3650, "warmup_days": 30, "replications": 1000}}
QUICK = {"kind": "compare", "params": {"a": "baseline", "b": "rasht-astara", "od_pairs": [["Moscow", "Tehran"]]}}


def wait_job(base: str, job_id: str, statuses: tuple[str, ...], timeout_s: float = 60) -> dict:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        job = LIVE.get(f"{base}/api/jobs/{job_id}").json()
        if job["status"] in statuses:
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} not {statuses}: {job}")


def shot_jobs(page, name: str) -> None:
    """The page, and the 'My jobs' box scrolled into view (the panel scrolls on its own)."""
    section = page.locator("#my-jobs")
    section.scroll_into_view_if_needed()
    shot(page, name)
    section.screenshot(path=str(ARTIFACTS / f"{name}_box.png"))


def row(page, job_id: str):
    return page.locator(f"#jobs-table tr[data-job-id='{job_id}']")


def test_my_jobs_list_cancel_and_result_in_both_languages(page, live_server):
    done = LIVE.post(f"{live_server}/api/jobs", json=QUICK).json()["id"]
    wait_job(live_server, done, ("done",))
    running = LIVE.post(f"{live_server}/api/jobs", json=SLOW).json()["id"]
    queued = LIVE.post(f"{live_server}/api/jobs", json=SLOW).json()["id"]
    try:
        wait_job(live_server, running, ("running",))
        open_page(page, live_server + "/")
        row(page, queued).wait_for(timeout=TIMEOUT_MS)
        assert "queued · position 1" in row(page, queued).inner_text()
        assert "running" in row(page, running).inner_text()
        assert row(page, running).locator("button.job-cancel").is_visible()
        assert row(page, running).locator("progress").count() == 1
        assert row(page, done).locator("a.job-result").inner_text() == "Result"
        shot_jobs(page, "my_jobs_en")

        row(page, queued).locator("button.job-cancel").click()
        page.wait_for_selector(f"#jobs-table tr[data-job-id='{queued}'][data-status=cancelled]", timeout=TIMEOUT_MS)
        assert LIVE.get(f"{live_server}/api/jobs/{queued}").json()["status"] == "cancelled"
        row(page, done).locator("a.job-result").click()
        page.wait_for_selector("#compare-result table", timeout=TIMEOUT_MS)

        open_page(page, live_server + "/?lang=fa")
        row(page, running).wait_for(timeout=TIMEOUT_MS)
        assert page.get_attribute("html", "dir") == "rtl"
        assert page.inner_text("#my-jobs h2") == "کارهای من"
        assert "در حال اجرا" in row(page, running).inner_text() and row(page, running).locator("button").inner_text() == "لغو"
        assert "لغو شد" in row(page, queued).inner_text()
        assert row(page, done).locator("a.job-result").inner_text() == "نتیجه"
        assert "مقایسه" in row(page, done).inner_text()
        box, panel = page.locator("#my-jobs").bounding_box(), page.locator(".app-main").bounding_box()
        assert box["x"] > panel["x"]  # the panel with the jobs is on the right in Persian
        shot_jobs(page, "my_jobs_fa")
        row(page, running).locator("button.job-cancel").click()
        page.wait_for_selector(f"#jobs-table tr[data-job-id='{running}'][data-status=cancelled]", timeout=TIMEOUT_MS)
        assert page.script_errors == [] and page.external_requests == []
    finally:
        for job_id in (running, queued):
            LIVE.delete(f"{live_server}/api/jobs/{job_id}")
