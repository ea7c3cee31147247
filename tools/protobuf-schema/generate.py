#!/usr/bin/env python3
"""Writes the protobuf field table the server decodes and encodes Kubernetes objects with.

Input: checkouts of k8s.io/api and k8s.io/apimachinery at the release the server speaks (v0.32.x), e.g.
    git -C api worktree add /tmp/api v0.32.9; git -C apimachinery worktree add /tmp/am v0.32.9
    python3 tools/protobuf-schema/generate.py /tmp/api /tmp/am > src/MiniApiServer.Application/Serialization/Protobuf/schema.json

Output: {"full.message.Name": {"number": [jsonName, type, flags]}}; type is "string", "bool", "int32", "int64",
"double", "bytes", a message name, "[]T" for repeated and "map:K:V" for maps. The JSON name and the flags come
from the Go struct tags in the same checkouts (types.go): "i" marks an embedded struct that JSON inlines
(Volume's VolumeSource), "z" a non-pointer scalar with omitempty, whose zero value Go's JSON leaves out although
its protobuf always carries it.
"""
import json, os, re, sys

api_root, machinery_root = sys.argv[1], sys.argv[2]
groups = ["core/v1", "apps/v1", "batch/v1", "policy/v1", "autoscaling/v1", "autoscaling/v2", "rbac/v1", "coordination/v1",
          "events/v1", "discovery/v1", "networking/v1", "scheduling/v1", "authentication/v1", "authorization/v1",
          "storage/v1", "node/v1", "certificates/v1", "admissionregistration/v1", "flowcontrol/v1"]
files = [os.path.join(api_root, g, "generated.proto") for g in groups] + [
    os.path.join(machinery_root, p, "generated.proto")
    for p in ["pkg/apis/meta/v1", "pkg/runtime", "pkg/runtime/schema", "pkg/util/intstr", "pkg/api/resource"]]

go_dirs = {f"k8s.io.api.{g.replace('/', '.')}": os.path.join(api_root, g) for g in groups}
go_dirs.update({f"k8s.io.apimachinery.{p.replace('/', '.')}": os.path.join(machinery_root, p)
                for p in ["pkg/apis/meta/v1", "pkg/runtime", "pkg/runtime/schema", "pkg/util/intstr", "pkg/api/resource"]})
go_field_re = re.compile(r'^\s*(?:(\w+)\s+)?([*\[\]\w.]+)\s+`([^`]*)`')


def go_tags(directory):
    """(struct, field number) -> (json name, inline, omit zero) from the Go sources of one package."""
    tags = {}
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".go") or name.endswith("_test.go") or "generated" in name:
            continue
        struct = None
        for line in open(os.path.join(directory, name)):
            m = re.match(r"^type (\w+) struct \{", line)
            if m:
                struct = m.group(1)
                continue
            if line.startswith("}"):
                struct = None
                continue
            m = struct and go_field_re.match(line)
            if not m:
                continue
            go_name, go_type, tag = m.groups()
            proto = re.search(r'protobuf:"\w+,(\d+),', tag)
            js = re.search(r'json:"([^"]*)"', tag)
            if not proto or not js:
                continue
            json_name, *options = js.group(1).split(",")
            inline = "inline" in options
            scalar = not go_type.startswith(("*", "[]", "map["))
            tags[(struct, proto.group(1))] = (json_name, inline, "omitempty" in options and scalar)
    return tags


scalars = {"string", "bool", "int32", "int64", "double", "bytes", "float", "uint32", "uint64", "sint32", "sint64", "fixed64", "fixed32"}
field_re = re.compile(r"^\s*(optional|repeated)?\s*(map<\s*(\S+)\s*,\s*(\S+)\s*>|\S+)\s+(\w+)\s*=\s*(\d+)\s*;")
schema = {}
for path in files:
    text = open(path).read()
    package = re.search(r"^package\s+([\w.]+);", text, re.M).group(1)
    tags = go_tags(go_dirs[package])
    messages = set(re.findall(r"^message\s+(\w+)\s*\{", text, re.M))

    def qualify(t):
        if t in scalars:
            return t
        if t.startswith("."):
            return t[1:]
        return f"{package}.{t}" if t in messages else t

    current, depth = None, 0
    for line in text.splitlines():
        stripped = line.split("//")[0]
        if depth == 0:
            m = re.match(r"^message\s+(\w+)\s*\{", stripped)
            if m:
                current = f"{package}.{m.group(1)}"
                schema[current] = {}
                depth = 1
            continue
        depth += stripped.count("{") - stripped.count("}")
        if depth == 0:
            current = None
            continue
        if depth != 1:
            raise SystemExit(f"nested message in {current}: not expected in generated.proto")
        m = field_re.match(stripped)
        if not m:
            continue
        label, typ, key, value, name, number = m.groups()
        if key:
            kind = f"map:{qualify(key)}:{qualify(value)}"
        else:
            kind = ("[]" if label == "repeated" else "") + qualify(typ)
        json_name, inline, omit_zero = tags.get((current.rsplit(".", 1)[1], number), (name, False, False))
        flags = ("i" if inline else "") + ("z" if omit_zero and kind in scalars else "")
        schema[current][number] = [name if json_name in ("", "-") else json_name, kind, flags]

json.dump(schema, sys.stdout, separators=(",", ":"), sort_keys=True)
