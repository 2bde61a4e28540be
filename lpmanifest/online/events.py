"""The sample notifications `--send-test-events` posts, and how LivePerson signs them.

The bodies follow the examples of LivePerson's webhooks pages ("Webhooks examples": a
consumer's text message, an agent typing, a message read, a conversation opened); a rich
content event, which those pages never show, is a content event with a structured-content
body. Each is marked as a test: the conversation id, the message text and a top-level
`lpmanifestTest` say so, and the user agent names lpmanifest.

The signature is LivePerson's (Notification Protocol): `sha1=` and the Base64 of the
HMAC-SHA1 of the body's bytes exactly as sent, keyed with the client secret.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

TEST_CONVERSATION = "00000000-0000-4000-8000-00000000test"
TEST_MARK = {"lpmanifestTest": True, "note": "a sample notification from lpmanifest"}
_MESSAGING = "ms.MessagingEventNotification"
_CONVERSATION = "cqm.ExConversationChangeNotification"


def sample_body(event: str, now_ms: int | None = None) -> bytes:
    """The body of one sample notification for the webhook key `event`, as sent."""
    stamp = int(time.time() * 1000) if now_ms is None else now_ms
    kind = event.rsplit(".", 1)[-1]
    payload: dict[str, Any]
    if kind == "ExConversationChangeNotification":
        payload = _conversation_change(stamp)
    else:
        payload = _messaging_event(kind, stamp)
    return json.dumps({**payload, **TEST_MARK}, separators=(",", ":")).encode("utf-8")


def _conversation_change(stamp: int) -> dict[str, Any]:
    consumer = {"id": "lpmanifest-test-consumer", "role": "CONSUMER"}
    return {
        "kind": "notification",
        "body": {
            "changes": [
                {
                    "type": "UPSERT",
                    "result": {
                        "convId": TEST_CONVERSATION,
                        "conversationDetails": {
                            "participants": [consumer],
                            "brandId": "lpmanifest-test",
                            "state": "OPEN",
                            "startTs": stamp,
                            "metaDataLastUpdateTs": stamp,
                            "ttr": {"ttrType": "PRIORITIZED", "value": 600},
                        },
                    },
                }
            ]
        },
        "type": _CONVERSATION,
    }


def _messaging_event(kind: str, stamp: int) -> dict[str, Any]:
    change: dict[str, Any] = {
        "originatorId": "lpmanifest-test-consumer",
        "originatorMetadata": {"id": "lpmanifest-test-consumer", "role": "CONSUMER"},
        "conversationId": TEST_CONVERSATION,
        "dialogId": TEST_CONVERSATION,
    }
    if kind == "ChatStateEvent":
        change["event"] = {"type": "ChatStateEvent", "chatState": "COMPOSING"}
    elif kind == "AcceptStatusEvent":
        change.update(sequence=0, serverTimestamp=stamp)
        change["event"] = {"type": "AcceptStatusEvent", "status": "READ", "sequenceList": [0]}
    elif kind == "RichContentEvent":
        change.update(sequence=0, serverTimestamp=stamp)
        content = {"type": "vertical", "elements": [{"type": "text", "text": "lpmanifest test"}]}
        change["event"] = {"type": "RichContentEvent", "content": content}
    else:  # ContentEvent, and any other message event
        change.update(sequence=0, serverTimestamp=stamp)
        change["event"] = {
            "type": "ContentEvent",
            "message": "lpmanifest test event: please ignore",
            "contentType": "text/plain",
        }
    return {"kind": "notification", "body": {"changes": [change]}, "type": _MESSAGING}


def signature(secret: str, body: bytes) -> str:
    """LivePerson's `x-liveperson-signature` for `body`, keyed with the client secret."""
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha1).digest()
    return "sha1=" + base64.b64encode(digest).decode("ascii")
