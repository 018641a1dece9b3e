"""Generates pydantic v2 models from a credsum JSON Schema with datamodel-code-generator in the
strict mode README documents, then checks them on example bodies: every file of each folder after
--valid must load (and dump back to the same JSON, null apart from absent), every file of each
folder after --invalid must be rejected. Exits 1 on the first wrong verdict."""

import argparse
import importlib.util
import json
import pathlib
import subprocess
import sys
import tempfile

from pydantic import ValidationError

# The flags README's "Using the export" gives: strict scalar types, constraints kept as Field
# arguments, unknown properties rejected, and pydantic's MISSING sentinel so that a property left
# out stays apart from one sent as null.
FLAGS = [
    "--input-file-type", "jsonschema",
    "--output-model-type", "pydantic_v2.BaseModel",
    "--strict-types", "str", "int", "bool",
    "--field-constraints",
    "--use-annotated",
    "--snake-case-field",
    "--extra-fields", "forbid",
    "--use-missing-sentinel",
    "--formatters", "black",
    "--disable-timestamp",
]


def generate(schema: pathlib.Path, folder: pathlib.Path):
    """The generated model class of `schema`."""
    module = folder / "credsum_model.py"
    subprocess.run(
        ["datamodel-codegen", "--input", str(schema), "--output", str(module), *FLAGS],
        check=True,
    )
    spec = importlib.util.spec_from_file_location("credsum_model", module)
    loaded = importlib.util.module_from_spec(spec)
    sys.modules["credsum_model"] = loaded  # its postponed annotations resolve through it
    spec.loader.exec_module(loaded)
    return loaded.CredentialUserRegistrationsSummary


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("schema", type=pathlib.Path)
    parser.add_argument("--valid", type=pathlib.Path, nargs="+", default=[])
    parser.add_argument("--invalid", type=pathlib.Path, nargs="+", default=[])
    args = parser.parse_args()
    failures = 0
    with tempfile.TemporaryDirectory() as folder:
        model = generate(args.schema, pathlib.Path(folder))
        for path in sorted(p for d in args.valid for p in d.glob("*.json")):
            text = path.read_text(encoding="utf-8")
            try:
                body = model.model_validate_json(text)
            except ValidationError as error:
                print(f"{path}: rejected, expected valid:\n{error}", file=sys.stderr)
                failures += 1
                continue
            dumped = json.loads(body.model_dump_json(by_alias=True))
            original = json.loads(text)
            if dumped.keys() != original.keys():
                print(f"{path}: dumps {sorted(dumped)}, read {sorted(original)}", file=sys.stderr)
                failures += 1
            else:
                print(f"{path}: accepted, dumps the same properties")
        for path in sorted(p for d in args.invalid for p in d.glob("*.json")):
            try:
                model.model_validate_json(path.read_text(encoding="utf-8"))
            except ValidationError:
                print(f"{path}: rejected")
            else:
                print(f"{path}: accepted, expected invalid", file=sys.stderr)
                failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
