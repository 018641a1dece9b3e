"""Each YAML file named on the command line loads under PyYAML's safe_load (YAML 1.1) to exactly
the JSON file beside it (same name, .json). Exits 1 on the first difference."""

import json
import pathlib
import sys

import yaml

failed = False
for name in sys.argv[1:]:
    path = pathlib.Path(name)
    from_yaml = yaml.safe_load(path.read_text(encoding="utf-8"))
    from_json = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    if from_yaml == from_json and json.dumps(from_yaml) == json.dumps(from_json):
        print(f"{path}: equals its JSON under PyYAML {yaml.__version__}")
    else:
        print(f"{path}: differs from its JSON under PyYAML", file=sys.stderr)
        failed = True
sys.exit(1 if failed else 0)
