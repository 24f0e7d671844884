"""Run a coroutine from a test even when the browser tests' Playwright (sync API) left an event loop running in this
thread: asyncio.run() refuses that, so the coroutine gets a fresh loop in a worker thread."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor


def run_async(coro):
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()
