"""The findings of `validate --online` (LPM5xx): what only the live endpoints can say.

Each kind is here with its code, name, severity, summary and documentation, like the load
and schema kinds; `lpmanifest.online` contacts the URLs, says where and builds the message.
They are selected, ignored, suppressed and given severities like every other rule.
"""

from __future__ import annotations

from lpmanifest.findings.model import RuleInfo, Severity

_PROTOCOL = (
    "LivePerson's webhooks notification protocol "
    "(https://developers.liveperson.com/connector-api-webhooks-notification-protocol.html)"
)

ENDPOINT_UNREACHABLE = RuleInfo(
    "LPM501",
    "endpoint-unreachable",
    Severity.ERROR,
    "A URL whose host does not resolve, refuses the connection or does not speak TLS.",
    f"""## What it does
With `--online`, looks up the host of every URL in the manifest (webhook endpoints,
`logo_uri`, `entry_uri`, `redirect_uris`) and connects to it: a name that does not resolve,
a connection refused or reset, a server that does not answer in TLS, or redirects that never
end are reported at the URL's line.

## Why is this bad?
LivePerson delivers webhooks only over HTTPS to a host it can reach ({_PROTOCOL}); an
endpoint it cannot connect to loses every notification, and a `logo_uri` or `entry_uri` it
cannot reach shows a broken image or an app that never opens. Account Management finds
this days after the manifest is sent.

## Example
```json
{{"capabilities": {{"webhooks": {{"ms.MessagingEventNotification.ContentEvent":
  {{"endpoint": "https://hooks.acme-typo.com/liveperson"}}}}}}}}
```

## Use instead
```json
{{"capabilities": {{"webhooks": {{"ms.MessagingEventNotification.ContentEvent":
  {{"endpoint": "https://hooks.acme.com/liveperson"}}}}}}}}
```
""",
)

ENDPOINT_TIMEOUT = RuleInfo(
    "LPM502",
    "endpoint-timeout",
    Severity.ERROR,
    "A URL that does not connect, or does not answer, within LivePerson's 5 s timeouts.",
    f"""## What it does
With `--online`, reports a URL whose host takes more than 5 seconds to accept the
connection or to complete the TLS handshake, and, with `--send-test-events`, an endpoint
that takes more than 5 seconds to answer a sample notification.

## Why is this bad?
{_PROTOCOL} says: "Connection attempts time out after 5 seconds. A response delay of over
5 seconds will lead to a read timeout. Both timeouts are a failure triggering the retry
mechanism." Every notification to such an endpoint fails.

## Example
An endpoint behind a firewall that drops LivePerson's connections, or a handler that
processes the notification before it answers.

## Use instead
Answer at once with 200 and process the notification afterwards (a queue, a background
task).
""",
)

TLS_CERTIFICATE_INVALID = RuleInfo(
    "LPM503",
    "tls-certificate-invalid",
    Severity.ERROR,
    "A certificate that does not verify: expired, self-signed, untrusted or for another host.",
    f"""## What it does
With `--online`, verifies each HTTPS host's certificate against the system's trust store
(and `SSL_CERT_FILE`/`SSL_CERT_DIR`): a certificate that has expired, is self-signed, is
issued by a CA the store does not trust, or names another host is reported, in OpenSSL's
words.

## Why is this bad?
{_PROTOCOL} requires "a valid server side SSL certificate". LivePerson refuses the
connection, so no notification arrives.

## Example
An endpoint still serving the development certificate (`CN=localhost`), or one whose
certificate expired last week.

## Use instead
A certificate from a public CA for the endpoint's host name, renewed before it expires.
""",
)

TLS_VERSION_TOO_OLD = RuleInfo(
    "LPM504",
    "tls-version-too-old",
    Severity.ERROR,
    "A host that speaks only TLS older than 1.2.",
    f"""## What it does
With `--online`, connects with TLS 1.2 or newer only and reports a host that cannot
complete such a handshake because it offers TLS 1.1, 1.0 or SSL alone.

## Why is this bad?
{_PROTOCOL} requires an endpoint "supporting at least TLS version 1.2". LivePerson cannot
connect to an older server.

## Example
A load balancer with a legacy TLS policy that allows TLS 1.0 and 1.1 only.

## Use instead
Enable TLS 1.2 and TLS 1.3 on the server or the load balancer.
""",
)

TLS_CERTIFICATE_EXPIRING = RuleInfo(
    "LPM505",
    "tls-certificate-expiring",
    Severity.WARNING,
    "A certificate that expires within 30 days.",
    """## What it does
With `--online`, reports a host whose certificate verifies today but expires within 30
days, with the date.

## Why is this bad?
On that day LivePerson stops delivering to the endpoint (`tls-certificate-invalid`), and
nobody is warned: the notifications simply stop.

## Example
A certificate renewed by hand once a year, due next week.

## Use instead
Renew it now, and automate the renewal (ACME, the cloud provider's managed certificates).
""",
)

ENDPOINT_REJECTED_TEST_EVENT = RuleInfo(
    "LPM506",
    "endpoint-rejected-test-event",
    Severity.ERROR,
    "An endpoint that answers a sample notification with anything but 200 or 201.",
    f"""## What it does
With `--online --send-test-events`, posts one sample notification of each configured event
type to its endpoint, shaped like LivePerson's and signed as LivePerson signs it, and
reports any answer other than 200 or 201 (a redirect included), with its status.

## Why is this bad?
{_PROTOCOL}: "An endpoint is expected to respond with either a 200 or 201 response code to
a notification request. Any other response code will be considered as a notification
request failure which triggers the retry mechanism." An endpoint that answers 500, 401 or
a redirect loses the notifications.

## Example
A handler that answers 204, or 401 because it checks the signature with the wrong secret.

## Use instead
Answer 200 (or 201) to every notification you accept.
""",
)

ENDPOINT_SLOW = RuleInfo(
    "LPM507",
    "endpoint-slow",
    Severity.WARNING,
    "An endpoint that takes over 2.5 s to answer a sample notification.",
    f"""## What it does
With `--online --send-test-events`, measures how long each endpoint takes to answer its
sample notification and reports an answer slower than 2.5 seconds (over 5 seconds is
`endpoint-timeout`).

## Why is this bad?
{_PROTOCOL}: "Apps with at least one endpoint responding slower than 2.5 seconds over 2
minutes may be disabled at any time without prior warning."

## Example
A handler that calls a CRM before it answers.

## Use instead
Answer at once and do the work afterwards.
""",
)

LOGO_NOT_70X70 = RuleInfo(
    "LPM508",
    "logo-not-70x70",
    Severity.ERROR,
    "A logo_uri image that is not exactly 70x70 pixels.",
    """## What it does
With `--online`, fetches `logo_uri` (up to a size cap), reads the image's dimensions from
its header with Pillow, without decoding it, and reports an image that is not 70x70 pixels.
An image whose header declares a huge size (a decompression bomb) is refused unread.

## Why is this bad?
LivePerson's manifest parameter table says the logo "must be exactly 70x70 pixels". Its own
custom-connector example points at a 64-pixel icon; Account Management sends such a
manifest back.

## Example
```json
{"logo_uri": "https://acme.com/icons/icon-64.png"}
```

## Use instead
```json
{"logo_uri": "https://acme.com/icons/liveperson-70x70.png"}
```
""",
)

LOGO_NOT_AN_IMAGE = RuleInfo(
    "LPM509",
    "logo-not-an-image",
    Severity.ERROR,
    "A logo_uri that does not answer with an image.",
    """## What it does
With `--online`, reports a `logo_uri` that answers with an HTTP error, with something that
is not an image Pillow can identify (an HTML page, a redirect to a login form), or with a
body larger than the cap.

## Why is this bad?
The application's tile in Conversational Cloud shows a broken image.

## Example
```json
{"logo_uri": "https://acme.com/logo"}
```
(an HTML page: the site's 404 page, answered with status 200).

## Use instead
```json
{"logo_uri": "https://acme.com/static/liveperson-70x70.png"}
```
""",
)

ONLINE_RULES: tuple[RuleInfo, ...] = (
    ENDPOINT_UNREACHABLE,
    ENDPOINT_TIMEOUT,
    TLS_CERTIFICATE_INVALID,
    TLS_VERSION_TOO_OLD,
    TLS_CERTIFICATE_EXPIRING,
    ENDPOINT_REJECTED_TEST_EVENT,
    ENDPOINT_SLOW,
    LOGO_NOT_70X70,
    LOGO_NOT_AN_IMAGE,
)
