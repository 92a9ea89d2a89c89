"""schemathesis hooks for the store (loaded through SCHEMATHESIS_HOOKS by scripts/api-conformance.sh)."""
import json

import schemathesis


@schemathesis.serializer("application/x-ndjson")
def ndjson(ctx, value):
    """The batch route takes NDJSON: the document describes it as an array of CIM messages,
    sent one compact JSON document per line."""
    if isinstance(value, bytes):
        return value
    items = value if isinstance(value, list) else [value]
    return "".join(json.dumps(item, ensure_ascii=False, separators=(",", ":")) + "\n" for item in items).encode("utf-8")
