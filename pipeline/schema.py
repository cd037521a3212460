"""The JSON Schema of notulen's per-document output, derived from the record dataclasses.

The published copy is ``pipeline/schema/minutes.schema.json``; a test keeps it equal to
:func:`json_schema`, and every golden output is validated against it.
"""
from __future__ import annotations

import dataclasses
import json
import types
import typing
from pathlib import Path

from . import records

SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "minutes.schema.json"
SCHEMA_ID = "https://notulen.invalid/schema/minutes.schema.json"

_DESCRIPTIONS = {
    "span": "[start, end) character offsets into the document text: text == document_text[start:end]",
    "rule": "id of the rule that produced the value (rules/*.yaml, or a lexicon entry)",
    "text": "verbatim text from the document",
    "date": "the meeting's own date, ISO 8601 (YYYY-MM-DD)",
    "timezone": "WIB, WITA or WIT, only as written in the text",
    "side": "host, or visiting (a visiting delegation); null when the minutes name no delegation",
}


def _type_schema(tp, defs: dict) -> dict:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        options = [_type_schema(a, defs) for a in args if a is not type(None)]
        schema = options[0] if len(options) == 1 else {"anyOf": options}
        if type(None) in args:
            schema = {"anyOf": [schema, {"type": "null"}]}
        return schema
    if origin is list:
        item = args[0] if args else typing.Any
        if item is int:
            return {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2}
        return {"type": "array", "items": _type_schema(item, defs)}
    if dataclasses.is_dataclass(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}
            defs[name] = _dataclass_schema(tp, defs)
        return {"$ref": f"#/$defs/{name}"}
    return {str: {"type": "string"}, int: {"type": "integer"}, bool: {"type": "boolean"},
            float: {"type": "number"}}.get(tp, {})


def _dataclass_schema(cls, defs: dict) -> dict:
    hints = typing.get_type_hints(cls)
    props = {}
    for f in dataclasses.fields(cls):
        prop = _type_schema(hints[f.name], defs)
        if f.name in _DESCRIPTIONS:
            prop = {**prop, "description": _DESCRIPTIONS[f.name]}
        props[f.name] = prop
    doc = (cls.__doc__ or "").strip().splitlines()
    schema = {"type": "object", "properties": props, "required": [f.name for f in dataclasses.fields(cls)],
              "additionalProperties": False}
    if doc:
        schema = {"description": doc[0], **schema}
    return schema


def json_schema() -> dict:
    """The JSON Schema (draft 2020-12) of one document's output."""
    defs: dict = {}
    root = _dataclass_schema(records.MinutesRecord, defs)
    root["properties"]["schema_version"] = {"const": records.SCHEMA_VERSION}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID,
            "title": "notulen minutes record", **root, "$defs": dict(sorted(defs.items()))}


def schema_text() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":  # python -m pipeline.schema > pipeline/schema/minutes.schema.json
    print(schema_text(), end="")
