#!/usr/bin/env python3
# Generates src/catalog/data/sdk.tsv.z, the table of AWS SDK integrations
# (arn:aws:states:::aws-sdk:<service>:<action>), from the service models in a
# pinned botocore wheel. Run `python3 scripts/gen-sdk.py` to refresh the table;
# bump BOTOCORE_VERSION and BOTOCORE_SHA256 to pick up new AWS APIs.
#
# Standard library only. The wheel is fetched once with pip into
# target/sdk-gen/ and read as a zip archive: botocore is never imported.
#
# Table format (UTF-8 text, one record per line, fields separated by tabs;
# stored with each service's lines compressed on their own, see `pack`):
#   #  comment (the header: source and version)
#   S  <step functions name> <error prefix> <botocore name> <full name>
#      (botocore name "-": a retired service, known by name only)
#   X  <the service's exception names separated by ",">
#   E  <enum id> <values separated by \x1f>        (ids count from 0 in each service)
#   A  <action, camelCase> <doc> <its exceptions: indexes into X, separated by ","> <flags: d = deprecated>
#   P  <member> <type> <flags: r = required> <enum id or empty> <doc>
# S opens a service, A an action of the last service, P a member of the last
# action. Services, actions and members are sorted by name.

import argparse
import gzip
import hashlib
import html
import json
import os
import re
import subprocess
import sys
import zipfile
import zlib

BOTOCORE_VERSION = "1.44.8"
BOTOCORE_SHA256 = "76342a76c338701db80dcb8afe1c9bd079283d6fffbb9d881442abb02a215043"
WHEEL = f"botocore-{BOTOCORE_VERSION}-py3-none-any.whl"

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUT = os.path.join(ROOT, "src", "catalog", "data", "sdk.tsv.z")
DEFAULT_CACHE = os.path.join(ROOT, "target", "sdk-gen")

ACTION_DOC_LIMIT = 200
MEMBER_DOC_LIMIT = 120
ENUM_SEPARATOR = "\x1f"

# Actions that Step Functions' page "Supported AWS SDK service integrations"
# lists as unsupported, keyed by the Step Functions service name. Actions with
# an event stream in their input or output are left out as well (see
# `has_event_stream`), which covers the streaming ones the page names
# (s3:SelectObjectContent, kinesis:SubscribeToShard, bedrockruntime:ConverseStream,
# cloudwatchlogs:StartLiveTail, ...).
UNSUPPORTED = {
    "comprehendmedical": {"DetectEntities"},
    "efs": {"CreateTags"},
    "elastictranscoder": {"TestRole"},
    "emr": {"DescribeJobFlows"},
    "iotdeviceadvisor": {"ListTestCases"},
    "lambda": {"InvokeAsync", "InvokeWithResponseStream"},
    "mediapackage": {"RotateChannelCredentials"},
    "rdsdata": {"ExecuteSql"},
    "s3": {"SelectObjectContent"},
    "s3control": {"SelectObjectContent"},
    "shield": {"DeleteSubscription"},
    "bedrockruntime": {"InvokeModelWithResponseStream", "ConverseStream"},
    "cloudwatchlogs": {"StartLiveTail"},
}

# Services Step Functions listed as integrations whose models botocore has
# since dropped, mostly because AWS retired them. Definitions that still name
# them are left alone: the table keeps the name, with no actions.
RETIRED = {
    "alexaforbusiness": "AlexaForBusiness",
    "codestar": "CodeStar",
    "elasticinference": "ElasticInference",
    "elastictranscoder": "ElasticTranscoder",
    "evidently": "Evidently",
    "honeycode": "Honeycode",
    "iot1clickprojects": "Iot1ClickProjects",
    "iotanalytics": "IoTAnalytics",
    "iotevents": "IotEvents",
    "ioteventsdata": "IotEventsData",
    "iotfleethub": "IoTFleetHub",
    "lookoutvision": "LookoutVision",
    "opsworks": "OpsWorks",
    "opsworkscm": "OpsWorksCm",
    "panorama": "Panorama",
    "qldb": "Qldb",
    "qldbsession": "QldbSession",
    "robomaker": "RoboMaker",
    "sms": "Sms",
}

# Member names Step Functions spells differently from the service model: a
# member called `Equals` clashes with a method of the Java SDK that runs the
# call, so Step Functions names it `EqualsValue`.
RENAMED_MEMBERS = {"Equals": "EqualsValue"}

SCALARS = {"string", "integer", "long", "double", "float", "boolean", "timestamp", "blob", "document", "bigdecimal", "biginteger", "byte", "short"}


def fetch_wheel(cache):
    """The pinned wheel, downloaded with pip into `cache` when it is not there yet."""
    path = os.path.join(cache, WHEEL)
    if not os.path.exists(path):
        os.makedirs(cache, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
             "--dest", cache, f"botocore=={BOTOCORE_VERSION}"],
            check=True,
        )
    with open(path, "rb") as wheel:
        digest = hashlib.sha256(wheel.read()).hexdigest()
    if digest != BOTOCORE_SHA256:
        sys.exit(f"gen-sdk: {path} has sha256 {digest}, expected {BOTOCORE_SHA256}")
    return path


def split_words(text):
    """Word boundaries the way the AWS SDK for Java 2.x splits a service id."""
    text = re.sub(r"[^A-Za-z0-9]+", " ", text)
    text = re.sub(r"([^a-z]{2,})v([0-9]+)", r"\1 v\2 ", text)
    text = re.sub(r"([^A-Z]{2,})V([0-9]+)", r"\1 V\2 ", text)
    text = " ".join(re.split(r"(?<=[a-z])(?=[A-Z][a-zA-Z0-9])", text))
    text = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", text)
    text = re.sub(r"([0-9])([a-zA-Z])", r"\1 \2", text)
    return text.split()


def strip_affix(name, affix, leading):
    if leading and name.lower().startswith(affix.lower()) and len(name) > len(affix):
        return name[len(affix):]
    if not leading and name.lower().endswith(affix.lower()) and len(name) > len(affix):
        return name[: -len(affix)]
    return name


def error_prefix(service_id):
    """The Java SDK's client name for a service id: Step Functions' error prefix
    (`CloudWatch Logs` -> `CloudWatchLogs`, `ACM PCA` -> `AcmPca`, `DynamoDB` -> `DynamoDb`);
    lower-cased, it is the service's name in the resource ARN."""
    name = "".join(word[:1].upper() + word[1:].lower() for word in split_words(service_id))
    name = strip_affix(name, "Amazon", True)
    name = strip_affix(name, "Aws", True)
    name = strip_affix(name, "Service", False)
    return name


def clean_doc(raw, limit, paragraph):
    """Plain text of the first sentence (or the first paragraph when `paragraph`) of
    an HTML doc string, cut at a word boundary to at most `limit` characters."""
    if not raw:
        return ""
    if paragraph:
        match = re.search(r"<p>(.*?)</p>", raw, re.S)
        if match and match.group(1).strip():
            raw = match.group(1)
    text = re.sub(r"<[^>]*>", " ", raw)
    text = html.unescape(text)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r" ([.,;:)])", r"\1", text).replace("( ", "(")
    if not paragraph:
        match = re.match(r"(.+?[.!?])(\s|$)", text)
        if match:
            text = match.group(1)
    if len(text) > limit:
        cut = text[: limit - 1]
        sentence = max(cut.rfind(". "), cut.rfind("? "), cut.rfind("! "))
        if sentence >= limit // 2:
            text = cut[: sentence + 1]
        else:
            space = cut.rfind(" ")
            text = (cut[:space] if space > limit // 2 else cut).rstrip(",;: ") + "…"
    return text


def type_name(shapes, name, depth=0):
    shape = shapes[name]
    kind = shape["type"]
    if kind in SCALARS:
        return kind
    if kind == "list" and depth < 2:
        return f"list<{type_name(shapes, shape['member']['shape'], depth + 1)}>"
    if kind == "map" and depth < 2:
        return f"map<{type_name(shapes, shape['key']['shape'], depth + 1)},{type_name(shapes, shape['value']['shape'], depth + 1)}>"
    if kind in ("list", "map"):
        return kind
    return name


def enum_of(shapes, name):
    """The enum values of a string member, or of the items of a list member."""
    shape = shapes[name]
    if shape["type"] == "list":
        shape = shapes[shape["member"]["shape"]]
    values = shape.get("enum")
    return list(values) if shape["type"] == "string" and values else None


def has_event_stream(shapes, ref):
    if not ref:
        return False
    shape = shapes[ref["shape"]]
    if shape.get("eventstream"):
        return True
    return any(shapes[member["shape"]].get("eventstream") for member in shape.get("members", {}).values())


def camel(name):
    return name[:1].lower() + name[1:]


def check_field(text, what):
    if "\t" in text or "\n" in text:
        sys.exit(f"gen-sdk: {what} contains a tab or a newline: {text!r}")
    return text


def load_models(wheel):
    """The newest model of every service in the wheel: {botocore name: model}."""
    latest = {}
    with zipfile.ZipFile(wheel) as archive:
        for path in archive.namelist():
            parts = path.split("/")
            if len(parts) == 5 and parts[:2] == ["botocore", "data"] and parts[4] in ("service-2.json", "service-2.json.gz"):
                if parts[2] not in latest or parts[3] > latest[parts[2]][0]:
                    latest[parts[2]] = (parts[3], path)
        models = {}
        for name, (_, path) in latest.items():
            data = archive.read(path)
            if path.endswith(".gz"):
                data = gzip.decompress(data)
            models[name] = json.loads(data)
    return models


def service_lines(sfn_name, prefix, botocore_name, model):
    shapes = model["shapes"]
    metadata = model["metadata"]
    full_name = check_field(metadata.get("serviceFullName", botocore_name), "a service name")
    unsupported = UNSUPPORTED.get(sfn_name, set())
    enums = {}
    exceptions = {}
    body = []
    for op_name in sorted(model["operations"], key=camel):
        op = model["operations"][op_name]
        if op_name in unsupported:
            continue
        if has_event_stream(shapes, op.get("input")) or has_event_stream(shapes, op.get("output")):
            continue
        errors = []
        for error in op.get("errors", []):
            error_name = error["shape"]
            if not error_name.endswith("Exception"):
                error_name += "Exception"
            if error_name not in exceptions:
                exceptions[error_name] = len(exceptions)
            if str(exceptions[error_name]) not in errors:
                errors.append(str(exceptions[error_name]))
        doc = check_field(clean_doc(op.get("documentation", ""), ACTION_DOC_LIMIT, True), "a doc")
        flags = "d" if op.get("deprecated") else ""
        body.append(f"A\t{camel(op_name)}\t{doc}\t{','.join(errors)}\t{flags}")
        input_ref = op.get("input")
        if not input_ref:
            continue
        input_shape = shapes[input_ref["shape"]]
        required = set(input_shape.get("required", []))
        members = input_shape.get("members", {})
        rows = []
        for member_name, ref in members.items():
            target = ref["shape"]
            shown = RENAMED_MEMBERS.get(member_name, member_name)
            shown = check_field(shown[:1].upper() + shown[1:], "a member name")
            is_required = member_name in required and not ref.get("idempotencyToken")
            values = enum_of(shapes, target)
            enum_id = ""
            if values:
                for value in values:
                    if ENUM_SEPARATOR in value:
                        sys.exit(f"gen-sdk: enum value {value!r} contains the separator")
                    check_field(value, "an enum value")
                key = tuple(values)
                if key not in enums:
                    enums[key] = len(enums)
                enum_id = str(enums[key])
            member_doc = ref.get("documentation") or shapes[target].get("documentation", "")
            member_doc = check_field(clean_doc(member_doc, MEMBER_DOC_LIMIT, False), "a doc")
            rows.append(f"P\t{shown}\t{type_name(shapes, target)}\t{'r' if is_required else ''}\t{enum_id}\t{member_doc}")
        body.extend(sorted(rows))
    header = [f"S\t{sfn_name}\t{prefix}\t{botocore_name}\t{full_name}"]
    header.append("X\t" + ",".join(check_field(name, "an exception") for name in exceptions))
    header.extend(f"E\t{index}\t{ENUM_SEPARATOR.join(values)}" for values, index in enums.items())
    return header + body


def generate(wheel):
    models = load_models(wheel)
    by_sfn_name = {}
    for botocore_name, model in models.items():
        service_id = model["metadata"].get("serviceId") or botocore_name
        prefix = error_prefix(service_id)
        sfn_name = prefix.lower()
        if sfn_name in by_sfn_name:
            # Two directories for one service (`sms-voice` is an older copy of
            # `pinpoint-sms-voice`): keep the one named like the service.
            other = by_sfn_name[sfn_name][1]
            if (botocore_name.replace("-", "") == sfn_name) == (other.replace("-", "") == sfn_name):
                sys.exit(f"gen-sdk: {botocore_name} and {other} both map to {sfn_name}")
            if other.replace("-", "") == sfn_name:
                continue
        by_sfn_name[sfn_name] = (prefix, botocore_name, model)
    for sfn_name, prefix in RETIRED.items():
        by_sfn_name.setdefault(sfn_name, (prefix, "-", None))
    lines = [f"# AWS SDK integrations of Step Functions, generated by scripts/gen-sdk.py from botocore {BOTOCORE_VERSION}"]
    for sfn_name in sorted(by_sfn_name):
        prefix, botocore_name, model = by_sfn_name[sfn_name]
        if model is None:
            lines.append(f"S\t{sfn_name}\t{prefix}\t-\t")
            continue
        lines.extend(service_lines(sfn_name, prefix, botocore_name, model))
    return "\n".join(lines) + "\n"


def pack(text):
    """The stored form: the comment and S lines, each S line followed by a tab and
    the length of its service's compressed body, then an empty line, then the
    bodies (every line up to the next S line), each compressed on its own so
    that a lookup inflates only the services it needs."""
    header = []
    bodies = []
    for line in text.splitlines(keepends=True):
        if line.startswith("S\t"):
            header.append(line.rstrip("\n"))
            bodies.append([])
        elif bodies:
            bodies[-1].append(line)
        else:
            header.append(line.rstrip("\n"))
    blocks = [zlib.compress("".join(body).encode("utf-8"), 9) if body else b"" for body in bodies]
    lengths = iter(blocks)
    lines = [f"{line}\t{len(next(lengths))}" if line.startswith("S\t") else line for line in header]
    return ("\n".join(lines) + "\n\n").encode("utf-8") + b"".join(blocks)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=DEFAULT_OUT, help="where to write the compressed table")
    parser.add_argument("--cache", default=DEFAULT_CACHE, help="where the botocore wheel is kept")
    parser.add_argument("--text", action="store_true", help="write the table uncompressed")
    args = parser.parse_args()
    text = generate(fetch_wheel(args.cache))
    table = text.encode("utf-8")
    data = table if args.text else pack(text)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "wb") as out:
        out.write(data)
    print(f"gen-sdk: wrote {args.out} ({len(table)} bytes of text, {len(data)} written)", file=sys.stderr)


if __name__ == "__main__":
    main()
