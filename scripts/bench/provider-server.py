#!/usr/bin/env python3
"""A loopback OpenAI-style chat server that limits its callers the way hosted providers do.

Independent of ihlbench's simulator (its own code, its own limiter), so the benchmarks of
scripts/bench-providers.sh can check the pacing against a server the project did not shape:

* POST /v1/chat/completions with a bearer key; answers after a fixed latency with a placeholder
  answer (no operational content), usage and the model echoed back.
* A requests-per-minute limit per key, enforced as a generic cell rate (GCRA): a request may go
  when its theoretical arrival time is at most one second's worth of requests ahead of now, so the
  key can burst a second's worth and then holds its rate; refill is continuous.
* A 429 is answered at once, with `Retry-After` in whole seconds (as most servers send it, at
  least 1) or, with --retry-after none, no wait at all.
* With --headers openai, every answer carries x-ratelimit-limit-requests (the limit per minute),
  x-ratelimit-remaining-requests (what is left of it: requests used and not yet back count off)
  and x-ratelimit-reset-requests (when all of it is back, as a Go duration).
* With --other-rpm N, another client on the same key wants N requests a minute, evenly; refused,
  it tries again 50 ms later until served (its demand is not lost); the server counts what it got.
* GET /stats: requests, answers, 429s, the answer rate from the first to the last answer, and the
  rate the limit left this key's caller over that span (the limit less what the other client got).

Standard library only. Usage:
  provider-server.py --rpm 600 [--latency-ms 200] [--retry-after seconds|none]
                     [--headers none|openai] [--other-rpm 0] [--port 0] [--port-file FILE]
"""

import argparse
import json
import math
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Gcra:
    """Generic cell rate algorithm: admits `per_minute` a minute, bursts up to `burst`."""

    def __init__(self, per_minute, burst):
        self.interval = 60.0 / per_minute
        self.tolerance = (burst - 1) * self.interval
        self.tat = time.monotonic()
        self.lock = threading.Lock()

    def admit(self, now):
        """Returns (admitted, seconds until a request would be admitted)."""
        with self.lock:
            tat = max(self.tat, now)
            allowed_at = tat - self.tolerance
            if now < allowed_at:
                return False, allowed_at - now
            self.tat = tat + self.interval
            return True, 0.0

    def used(self, now):
        """Requests admitted whose share of the limit is not back yet, and when all of it is."""
        with self.lock:
            ahead = max(0.0, self.tat - now)
        return math.ceil(ahead / self.interval - 1e-9), ahead


def go_duration(seconds):
    """A duration as Go prints it: 0s, 12ms, 1.5s, 6m0s."""
    ms = int(round(seconds * 1000))
    if ms <= 0:
        return "0s"
    if ms < 1000:
        return "%dms" % ms
    minutes, rest = divmod(ms, 60000)
    sec = ("%.3f" % (rest / 1000.0)).rstrip("0").rstrip(".")
    return ("%dm" % minutes if minutes else "") + sec + "s"


class State:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.keys = {}
        self.requests = 0
        self.answered = 0
        self.limited = 0
        self.first_answer = None
        self.last_answer = None
        self.other_times = []

    def limiter(self, key):
        with self.lock:
            if key not in self.keys:
                self.keys[key] = Gcra(self.args.rpm, max(1, self.args.rpm // 60))
                if self.args.other_rpm > 0:
                    threading.Thread(target=self.other_client, args=(self.keys[key],),
                                     daemon=True).start()
            return self.keys[key]

    def other_client(self, limiter):
        """Another caller on the same key: wants `other_rpm` a minute, evenly; when refused it
        tries again 50 ms later, so what it wants and does not get piles up as a backlog."""
        step = 60.0 / self.args.other_rpm
        start = time.monotonic()
        wanted = 0
        while True:
            now = time.monotonic()
            due = int((now - start) / step) + 1
            if wanted >= due:
                time.sleep(start + due * step - now)
                continue
            ok, _ = limiter.admit(time.monotonic())
            if ok:
                wanted += 1
                with self.lock:
                    self.other_times.append(time.monotonic())
            else:
                time.sleep(0.05)

    def stats(self):
        with self.lock:
            out = {"requests": self.requests, "answered": self.answered,
                   "by_status": {"429": self.limited}, "answer_rate_per_second": 0.0,
                   "other_client_served": len(self.other_times)}
            limit = self.args.rpm / 60.0
            out["available_rate_per_second"] = limit
            if self.answered >= 2 and self.last_answer > self.first_answer:
                span = self.last_answer - self.first_answer
                out["answer_rate_per_second"] = (self.answered - 1) / span
                other = sum(1 for t in self.other_times
                            if self.first_answer <= t <= self.last_answer)
                out["available_rate_per_second"] = limit - other / span
            return out


def make_handler(state):
    args = state.args

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *a):
            pass

        def reply(self, status, body, headers=None):
            data = json.dumps(body).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            if self.path == "/stats":
                self.reply(200, state.stats())
            elif self.path == "/health":
                self.reply(200, {"ok": True})
            else:
                self.reply(404, {"error": {"message": "no such endpoint"}})

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            if self.path.rstrip("/") != "/v1/chat/completions":
                self.reply(404, {"error": {"message": "no such endpoint: " + self.path}})
                return
            auth = self.headers.get("Authorization", "")
            if not auth.startswith("Bearer ") or len(auth) <= 7:
                self.reply(401, {"error": {"message": "missing API key",
                                           "type": "invalid_request_error"}})
                return
            try:
                body = json.loads(raw)
                messages = body["messages"]
            except (ValueError, KeyError, TypeError):
                self.reply(400, {"error": {"message": "body must be JSON with messages",
                                           "type": "invalid_request_error"}})
                return
            with state.lock:
                state.requests += 1
            limiter = state.limiter(auth[7:])
            ok, wait = limiter.admit(time.monotonic())
            if not ok:
                with state.lock:
                    state.limited += 1
                headers = {}
                if args.retry_after == "seconds":
                    headers["Retry-After"] = str(max(1, math.ceil(wait)))
                if args.headers == "openai":
                    headers.update(self.limit_headers(limiter, remaining_zero=True))
                self.reply(429, {"error": {
                    "message": "Rate limit reached for requests per minute. Please retry later.",
                    "type": "requests", "code": "rate_limit_exceeded"}}, headers)
                return
            headers = self.limit_headers(limiter) if args.headers == "openai" else {}
            time.sleep(args.latency_ms / 1000.0)
            prompt = sum(len(str(m.get("content", ""))) for m in messages) // 4 + 1
            text = "I can explain the rule in general terms. [placeholder answer]"
            with state.lock:
                now = time.monotonic()
                state.answered += 1
                if state.first_answer is None:
                    state.first_answer = now
                state.last_answer = now
            self.reply(200, {
                "id": "chatcmpl-ref", "object": "chat.completion", "created": int(time.time()),
                "model": body.get("model", "ref-model"),
                "choices": [{"index": 0, "finish_reason": "stop",
                             "message": {"role": "assistant", "content": text}}],
                "usage": {"prompt_tokens": prompt, "completion_tokens": len(text) // 4,
                          "total_tokens": prompt + len(text) // 4}}, headers)

        def limit_headers(self, limiter, remaining_zero=False):
            used, full_in = limiter.used(time.monotonic())
            remaining = 0 if remaining_zero else max(0, args.rpm - used)
            return {"x-ratelimit-limit-requests": str(args.rpm),
                    "x-ratelimit-remaining-requests": str(remaining),
                    "x-ratelimit-reset-requests": go_duration(full_in)}

    return Handler


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rpm", type=int, required=True)
    p.add_argument("--latency-ms", type=int, default=200)
    p.add_argument("--retry-after", choices=["seconds", "none"], default="seconds")
    p.add_argument("--headers", choices=["none", "openai"], default="none")
    p.add_argument("--other-rpm", type=int, default=0)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--port-file")
    args = p.parse_args()
    if args.other_rpm >= args.rpm:
        p.error("--other-rpm must be less than --rpm")
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(State(args)))
    server.daemon_threads = True
    server.request_queue_size = 1024
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write(str(server.server_address[1]))
        os.replace(tmp, args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
