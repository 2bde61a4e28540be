"""Which certificates `--online` trusts: the system's store, plus `SSL_CERT_FILE` and
`SSL_CERT_DIR` when they are set (a corporate CA, a test CA). Verification is always on, and
nothing older than TLS 1.2 is offered, since LivePerson offers nothing older."""

from __future__ import annotations

import os
import ssl

from lpmanifest.errors import UsageError
from lpmanifest.findings.wording import inert


def tls_context() -> ssl.SSLContext:
    """A client context that verifies certificates and host names, TLS 1.2 or newer.

    OpenSSL reads `SSL_CERT_FILE`/`SSL_CERT_DIR` instead of its own store; loading the
    store's compiled-in paths as well makes them an addition, as a user who trusts a
    corporate CA expects. A variable that names nothing readable is a usage error, said in
    words, rather than every host failing to verify.
    """
    context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.check_hostname = True
    context.verify_mode = ssl.CERT_REQUIRED
    paths = ssl.get_default_verify_paths()
    cert_file = os.environ.get(paths.openssl_cafile_env)
    cert_dir = os.environ.get(paths.openssl_capath_env)
    if cert_file:
        if not os.path.isfile(cert_file):
            raise UsageError(
                f"{paths.openssl_cafile_env} names {inert(cert_file)}, which is not a readable "
                "file of certificates"
            )
        try:
            context.load_verify_locations(cafile=cert_file)
        except (OSError, ssl.SSLError) as error:
            raise UsageError(
                f"{paths.openssl_cafile_env} names {inert(cert_file)}, which holds no "
                f"certificate that can be read ({inert(str(error))})"
            ) from None
    if cert_dir:
        if not os.path.isdir(cert_dir):
            raise UsageError(
                f"{paths.openssl_capath_env} names {inert(cert_dir)}, which is not a directory"
            )
        context.load_verify_locations(capath=cert_dir)
    if cert_file or cert_dir:
        # The system's store too (the variables replaced it in OpenSSL's default paths).
        if paths.openssl_cafile and os.path.isfile(paths.openssl_cafile):
            context.load_verify_locations(cafile=paths.openssl_cafile)
        if paths.openssl_capath and os.path.isdir(paths.openssl_capath):
            context.load_verify_locations(capath=paths.openssl_capath)
    return context
