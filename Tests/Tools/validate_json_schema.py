import json, sys, glob, os
from jsonschema import Draft202012Validator, FormatChecker
root = sys.argv[1]
bad = 0
for schema_path in sorted(glob.glob(os.path.join(root, "schemas", "*.schema.json"))):
    name = os.path.basename(schema_path)[:-len(".schema.json")]
    schema = json.load(open(schema_path, encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    data = json.load(open(os.path.join(root, name + ".json"), encoding="utf-8"))
    errors = list(Draft202012Validator(schema, format_checker=FormatChecker()).iter_errors(data))
    for e in errors[:5]:
        print(f"{name}.json: {list(e.absolute_path)}: {e.message}")
    bad += len(errors)
print("json-schema errors:", bad)
sys.exit(1 if bad else 0)
