"""Streamlit sessions without a browser: many wall screens for figure 4 on a 2-core machine.

Thirty Chromium renderers redrawing the wall took 115-130% of this machine's CPU and starved the
server they were meant to load, even at nice 19. A wall screen's load on the server is its
websocket: the page request, then a `rerun_script` message whenever one of its fragments'
`run_every` timers fires. `WsScreen` sends exactly what Chromium sends (captured from the real
frontend: the sign-in and XSRF cookies on the handshake, the `streamlit, <xsrf>` subprotocol, a
first `rerun_script` with the context info, then one `rerun_script` per fragment timer tick with
the page's hash and `is_auto_rerun`) and keeps every frame in a `bench.browser.WsRecorder`, so
the figure reads its runs as it reads a browser's. It draws nothing: the server does the same work
for it as for a TV.
"""
from __future__ import annotations

import asyncio
import threading
import time
import urllib.request
from http.cookies import SimpleCookie

from bench.browser import Frame, WsRecorder


class WsScreen:
    """One wall session over Streamlit's websocket protocol (timestamps: time.monotonic())."""

    def __init__(self, base_url: str, cookies: dict[str, str], *, locale: str = "ko-KR"):
        self.base_url, self.cookies, self.locale = base_url, dict(cookies), locale
        self.recorder = WsRecorder()
        self.page_hash = ""
        self.shown = False  # a panel (a metric element) has arrived
        self._ws = None
        self._timers: dict[str, asyncio.Task] = {}

    def _xsrf(self) -> str:
        """Streamlit sets its XSRF cookie on the health check the frontend makes before it connects."""
        with urllib.request.urlopen(self.base_url + "/_stcore/health", timeout=60) as response:
            for header in response.headers.get_all("Set-Cookie") or []:
                cookie = SimpleCookie(header)
                if "_streamlit_xsrf" in cookie:
                    return cookie["_streamlit_xsrf"].value
        return ""

    def _rerun(self, fragment_id: str = ""):
        from streamlit.proto.BackMsg_pb2 import BackMsg

        msg = BackMsg()
        rerun = msg.rerun_script
        rerun.widget_states.SetInParent()
        if fragment_id:
            rerun.page_script_hash = self.page_hash
            rerun.fragment_id = fragment_id
            rerun.is_auto_rerun = True
        info = rerun.context_info
        info.timezone, info.timezone_offset, info.locale = "Asia/Seoul", -540, self.locale
        info.url, info.is_embedded, info.color_scheme = self.base_url + "/", False, "light"
        return msg.SerializeToString()

    async def _tick(self, fragment_id: str, every: float) -> None:
        while True:
            await asyncio.sleep(every)
            self.recorder.frames.append(Frame(time.monotonic(), True, "rerun", (fragment_id,)))
            await self._ws.send(self._rerun(fragment_id))

    async def run(self) -> None:
        import websockets
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        xsrf = await asyncio.to_thread(self._xsrf)
        cookies = {**self.cookies, "_streamlit_xsrf": xsrf}
        url = self.base_url.replace("http://", "ws://") + "/_stcore/stream"
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()), "Origin": self.base_url}
        async with websockets.connect(url, subprotocols=["streamlit", xsrf], additional_headers=headers,
                                      max_size=None, compression=None) as ws:
            self._ws = ws
            await ws.send(self._rerun())
            try:
                async for data in ws:
                    if isinstance(data, str):
                        continue
                    now = time.monotonic()
                    self.recorder.bytes_received += len(data)
                    msg = ForwardMsg.FromString(data)
                    kind = msg.WhichOneof("type")
                    if kind == "new_session":
                        self.page_hash = msg.new_session.page_script_hash or self.page_hash
                        run = msg.metadata.run
                        self.recorder.frames.append(Frame(now, False, "new_session", tuple(run.fragment_ids),
                                                          run.script_run_id))
                    elif kind == "script_finished":
                        run = msg.metadata.run
                        self.recorder.frames.append(Frame(now, False, "finished", tuple(run.fragment_ids),
                                                          run.script_run_id, status=int(msg.script_finished)))
                    elif kind == "auto_rerun":
                        fid, every = msg.auto_rerun.fragment_id, float(msg.auto_rerun.interval)
                        self.recorder.frames.append(Frame(now, False, "auto_rerun", (fid,), interval=every))
                        if fid not in self._timers:
                            self._timers[fid] = asyncio.create_task(self._tick(fid, every))
                    elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                        self.shown = self.shown or msg.delta.new_element.WhichOneof("type") == "metric"
            finally:
                for task in self._timers.values():
                    task.cancel()


class WsScreens:
    """Many WsScreens on one asyncio loop in a background thread; `close()` disconnects them all."""

    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="ws-screens", daemon=True)
        self.thread.start()
        self.screens: list[WsScreen] = []
        self._tasks: list = []

    def open(self, base_url: str, cookies: dict[str, str]) -> WsScreen:
        screen = WsScreen(base_url, cookies)
        self.screens.append(screen)
        self._tasks.append(asyncio.run_coroutine_threadsafe(screen.run(), self.loop))
        return screen

    def errors(self) -> list[str]:
        return [repr(t.exception()) for t in self._tasks if t.done() and not t.cancelled() and t.exception()]

    def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        time.sleep(0.5)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
