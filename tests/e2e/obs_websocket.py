"""A small obs-websocket 5 client: identify, requests, vendor requests, events.

Written from the documented protocol (op 0 Hello, 1 Identify, 2 Identified,
5 Event, 6 Request, 7 RequestResponse); no authentication (the harness turns
it off in the scratch profile).
SPDX-License-Identifier: GPL-2.0-or-later
"""
import itertools
import json
import queue
import socket
import threading

import websocket  # Debian: python3-websocket

OP_HELLO, OP_IDENTIFY, OP_IDENTIFIED, OP_EVENT, OP_REQUEST, OP_RESPONSE = 0, 1, 2, 5, 6, 7
EVENT_SUB_ALL = 0x7FF        # every non-high-volume category
EVENT_SUB_VENDORS = 1 << 9
EVENT_SUB_INPUT_VOLUME_METERS = 1 << 16  # high-volume: every 50 ms


class RequestFailed(Exception):
    def __init__(self, request_type, status):
        super().__init__(f"{request_type} failed: {status}")
        self.status = status


class ObsWebSocket:
    def __init__(self, url, timeout=10.0, event_subscriptions=EVENT_SUB_ALL):
        self._ws = websocket.create_connection(url, timeout=timeout)
        hello = json.loads(self._ws.recv())
        if hello.get("op") != OP_HELLO:
            raise RuntimeError(f"expected Hello, got {hello}")
        self.hello = hello["d"]
        self._ws.send(json.dumps({"op": OP_IDENTIFY,
                                  "d": {"rpcVersion": 1,
                                        "eventSubscriptions": event_subscriptions}}))
        identified = json.loads(self._ws.recv())
        if identified.get("op") != OP_IDENTIFIED:
            raise RuntimeError(f"expected Identified, got {identified}")
        # From here on the reader blocks in recv() without a timeout: a timeout
        # that fires in the middle of a frame leaves websocket-client out of step
        # with the stream (the bytes already read are lost), and every later
        # answer is then missed; close() unblocks the reader instead.
        self._ws.settimeout(None)
        self._ids = itertools.count(1)
        self._pending = {}
        self._lock = threading.Lock()
        self.events = queue.Queue()
        self._closed = False
        self._reader = threading.Thread(target=self._read_loop, daemon=True)
        self._reader.start()

    def _read_loop(self):
        while not self._closed:
            try:
                message = json.loads(self._ws.recv())
            except Exception:  # closed by OBS or by us
                break
            if message.get("op") == OP_RESPONSE:
                with self._lock:
                    slot = self._pending.pop(message["d"]["requestId"], None)
                if slot is not None:
                    slot.put(message["d"])
            elif message.get("op") == OP_EVENT:
                self.events.put(message["d"])
        with self._lock:
            for slot in self._pending.values():
                slot.put(None)
            self._pending.clear()

    def call(self, request_type, data=None, timeout=30.0):
        """Sends a request and returns responseData; raises RequestFailed on failure."""
        request_id = str(next(self._ids))
        slot = queue.Queue(maxsize=1)
        with self._lock:
            self._pending[request_id] = slot
        payload = {"requestType": request_type, "requestId": request_id}
        if data is not None:
            payload["requestData"] = data
        self._ws.send(json.dumps({"op": OP_REQUEST, "d": payload}))
        response = slot.get(timeout=timeout)
        if response is None:
            raise ConnectionError(f"connection closed during {request_type}")
        status = response["requestStatus"]
        if not status.get("result"):
            raise RequestFailed(request_type, status)
        return response.get("responseData", {})

    def vendor(self, vendor_name, request_type, data=None, timeout=30.0):
        """CallVendorRequest; returns the vendor's responseData."""
        request = {"vendorName": vendor_name, "requestType": request_type}
        if data:  # obs-websocket refuses an empty requestData (403); it is optional
            request["requestData"] = data
        answer = self.call("CallVendorRequest", request, timeout)
        return answer.get("responseData", {})

    def wait_event(self, predicate, timeout):
        """Returns the first event (d) for which predicate(d) is true, or None."""
        import time
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            try:
                event = self.events.get(timeout=remaining)
            except queue.Empty:
                return None
            if predicate(event):
                return event

    def close(self):
        self._closed = True
        try:
            self._ws.send_close()  # status 1000, as before
        except Exception:
            pass
        try:
            self._ws.sock.shutdown(socket.SHUT_RDWR)  # wakes the reader's recv()
        except Exception:
            pass
        self._reader.join(timeout=5)
        try:
            self._ws.shutdown()
        except Exception:
            pass
