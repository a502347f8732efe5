"""Device identities, enrolment cards and sealed sync bundles (PyNaCl and the standard library).

This is the envelope layer only: what goes into a bundle and how it is applied to the database
are built on top of it, elsewhere.
"""

from visitdesk.sync.cards import Card, CardError, CardProblem
from visitdesk.sync.envelope import (
    FORMAT_VERSION,
    MAX_BUNDLE_SIZE,
    MAX_PAYLOAD_SIZE,
    RESERVED_MANIFEST_KEYS,
    BundleError,
    BundleProblem,
    Opened,
    check_relayed,
    open_sealed,
    open_sealed_file,
    seal,
)
from visitdesk.sync.identity import DeviceIdentity

__all__ = [
    "FORMAT_VERSION",
    "MAX_BUNDLE_SIZE",
    "MAX_PAYLOAD_SIZE",
    "RESERVED_MANIFEST_KEYS",
    "BundleError",
    "BundleProblem",
    "Card",
    "CardError",
    "CardProblem",
    "DeviceIdentity",
    "Opened",
    "check_relayed",
    "open_sealed",
    "open_sealed_file",
    "seal",
]
