using System.Text;
using static MiniApiServer.IntegrationTests.Hostile.HostileCorpus;

namespace MiniApiServer.IntegrationTests.Hostile;

/// <summary>Bodies that are not a decodable object: syntax, encoding, bombs, nesting, size, wrong types.</summary>
internal static class HostileBodies
{
    private const int Deep = 100_000;
    private const string Cm = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"evil"}""";

    private static readonly string[] MalformedJson =
    [
        "{", "}", "[", "]", "{\"metadata\":}", "{\"metadata\":{\"name\":\"x\"},}", "{'metadata':{'name':'x'}}",
        "{\"metadata\":{\"name\":\"x\"}}}", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":1,,\"b\":2}", "{\"a\" 1}",
        "/* c */ {\"metadata\":{\"name\":\"x\"}}", "{\"metadata\":{\"name\":\"x\"}} // c", "{\"a\":\"\u0001\"}",
        "{\"a\":\"unterminated}", "{\"a\":tru}", "{\"a\":0x10}", "{\"a\":01}", "{\"a\":-}", "{\"a\":1.}", "{\"a\":.5}",
        "null", "\"a string\"", "42", "true", "[]", "[{\"metadata\":{\"name\":\"x\"}}]", " ", "\n\t", "",
        "{\"metadata\":{\"name\":\"x\"}}{\"metadata\":{\"name\":\"y\"}}", "\"\\ud800\"", "{\"a\":\"\\uZZZZ\"}",
    ];

    private static readonly byte[][] NotUtf8 =
    [
        [0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00],
        [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d],
        [0x7b, 0x22, 0xc0, 0xaf, 0x22, 0x3a, 0x31, 0x7d],
        [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d],
        [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xf8, 0x88, 0x80, 0x80, 0x80, 0x22, 0x7d],
        [0xfe, 0xff, 0x00, 0x7b, 0x00, 0x7d],
        [0x80, 0x81, 0x82],
        [0x7b, 0x7d, 0xff],
    ];

    public static IEnumerable<HostileCase> Cases()
    {
        for (var i = 0; i < MalformedJson.Length; i++)
        {
            var body = Utf8(MalformedJson[i]);
            yield return new($"json-malformed-{i:00}-post", "POST", ConfigMaps, "application/json", body);
            yield return new($"json-malformed-{i:00}-put", "PUT", ConfigMap, "application/json", body);
        }
        for (var i = 0; i < NotUtf8.Length; i++)
        {
            yield return new($"not-utf8-{i}-post-json", "POST", ConfigMaps, "application/json", NotUtf8[i]);
            yield return new($"not-utf8-{i}-post-yaml", "POST", ConfigMaps, "application/yaml", NotUtf8[i]);
            yield return new($"not-utf8-{i}-patch-merge", "PATCH", ConfigMap, "application/merge-patch+json", NotUtf8[i]);
        }
        foreach (var c in YamlCases())
        {
            yield return c;
        }
        foreach (var c in NestingCases())
        {
            yield return c;
        }
        foreach (var c in OversizeCases())
        {
            yield return c;
        }
        foreach (var c in WrongTypeCases())
        {
            yield return c;
        }
    }

    private static IEnumerable<HostileCase> YamlCases()
    {
        const string laughs = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ni: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";
        string[] yamls =
        [
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\n" + laughs,
            // An alias is a copy of its anchor (data: *m is a fine ConfigMap upstream); one of no anchor is go-yaml's "unknown anchor".
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata: *m\n",
            "base: &base {name: bomb}\nmetadata:\n  <<: *base\n",
            "metadata: {name: x\n",
            "metadata:\n  name: x\n   bad: indent\n",
            "metadata:\n\tname: tab\n",
            "---\nmetadata: {name: a}\n---\nmetadata: {name: b}\n",
            // (A repeated key is no hostile input: upstream keeps the last value and warns; see DuplicateFieldTests.)
            "? [a, b]\n: complex-key\n",
            "!!binary aGVsbG8=\n",
            "metadata:\n  name: !!python/object:os.system x\n",
            "- just\n- a list\n",
            "%YAML 9.9\n---\na: b\n",
            "metadata: {name: \"\\xff\"}\n",
            "*undefined\n",
        ];
        for (var i = 0; i < yamls.Length; i++)
        {
            yield return new($"yaml-{i:00}-post", "POST", ConfigMaps, "application/yaml", Utf8(yamls[i]));
            yield return new($"yaml-{i:00}-apply", "PATCH", ConfigMap + "?fieldManager=evil", "application/apply-patch+yaml", Utf8(yamls[i]));
        }
    }

    private static IEnumerable<HostileCase> NestingCases()
    {
        var arrays = new string('[', Deep) + new string(']', Deep);
        var objects = string.Concat(Enumerable.Repeat("{\"a\":", Deep)) + "1" + new string('}', Deep);
        var inLabels = Cm.TrimEnd('}') + ",\"labels\":" + objects + "}}";
        var yamlFlow = new string('[', Deep) + new string(']', Deep);
        var yamlMaps = string.Concat(Enumerable.Repeat("{a: ", Deep)) + "1" + new string('}', Deep);
        var yamlBlock = new StringBuilder();
        for (var i = 0; i < 2000; i++)
        {
            yamlBlock.Append(' ', i).Append("a:\n");
        }
        yield return new("nest-json-arrays-post", "POST", ConfigMaps, "application/json", Utf8(arrays));
        yield return new("nest-json-objects-post", "POST", ConfigMaps, "application/json", Utf8(objects));
        yield return new("nest-json-in-labels-post", "POST", ConfigMaps, "application/json", Utf8(inLabels));
        yield return new("nest-json-put", "PUT", ConfigMap, "application/json", Utf8(objects));
        yield return new("nest-yaml-flow-post", "POST", ConfigMaps, "application/yaml", Utf8(yamlFlow));
        yield return new("nest-yaml-maps-post", "POST", ConfigMaps, "application/yaml", Utf8(yamlMaps));
        yield return new("nest-yaml-block-post", "POST", ConfigMaps, "application/yaml", Utf8(yamlBlock.ToString()));
        yield return new("nest-yaml-apply", "PATCH", ConfigMap + "?fieldManager=evil", "application/apply-patch+yaml", Utf8(yamlMaps));
        yield return new("nest-yaml-flow-apply", "PATCH", ConfigMap + "?fieldManager=evil", "application/apply-patch+yaml", Utf8(yamlFlow));
        yield return new("nest-merge-patch", "PATCH", ConfigMap, "application/merge-patch+json", Utf8(objects));
        yield return new("nest-strategic-patch", "PATCH", DaemonSet, "application/strategic-merge-patch+json", Utf8(objects));
        yield return new("nest-json-patch", "PATCH", ConfigMap, "application/json-patch+json", Utf8(arrays));
        yield return new("nest-json-patch-value", "PATCH", ConfigMap, "application/json-patch+json",
            Utf8("[{\"op\":\"add\",\"path\":\"/data/x\",\"value\":" + objects + "}]"));
        var shallowButDeepForModel = string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200);
        yield return new("nest-200-in-spec-post", "POST", HostileCorpus.DaemonSets, "application/json",
            Utf8("{\"metadata\":{\"name\":\"deep\"},\"spec\":" + shallowButDeepForModel + "}"));
        // (A merge or strategic patch that puts it under spec.template is no hostile input: "a" is an unknown field there,
        // which kube-apiserver drops with a warning however deep it nests; see DuplicateFieldTests.)
        yield return new("nest-200-apply", "PATCH", DaemonSet + "?fieldManager=evil", "application/apply-patch+yaml",
            Utf8("{\"apiVersion\":\"apps/v1\",\"kind\":\"DaemonSet\",\"spec\":{\"template\":" + shallowButDeepForModel + "}}"));
    }

    private static IEnumerable<HostileCase> OversizeCases()
    {
        var big = Utf8(Cm + ",\"data\":{\"big\":\"" + new string('x', 3 * 1024 * 1024) + "\"}}");
        yield return new("oversize-post", "POST", ConfigMaps, "application/json", big, 413);
        yield return new("oversize-put", "PUT", ConfigMap, "application/json", big, 413);
        yield return new("oversize-patch", "PATCH", ConfigMap, "application/merge-patch+json", big, 413);
        yield return new("oversize-yaml", "POST", ConfigMaps, "application/yaml", big, 413);
        yield return new("oversize-chunked-post", "POST", ConfigMaps, "application/json", big, 413) { Chunked = true };
        yield return new("oversize-chunked-patch", "PATCH", ConfigMap, "application/merge-patch+json", big, 413) { Chunked = true };
        yield return new("oversize-delete-options", "DELETE", ConfigMap, "application/json", big, 413);
    }

    private static IEnumerable<HostileCase> WrongTypeCases()
    {
        string[] configMaps =
        [
            """{"metadata":"x"}""", """{"metadata":{"name":42}}""", """{"metadata":{"name":["x"]}}""", """{"metadata":{"name":"x","labels":["a"]}}""",
            """{"metadata":{"name":"x","labels":{"a":1}}}""", """{"metadata":{"name":"x"},"data":[]}""", """{"metadata":{"name":"x"},"data":{"a":1}}""",
            """{"metadata":{"name":"x"},"data":{"a":null,"b":{"c":"d"}}}""", """{"metadata":{"name":"x"},"binaryData":{"a":"not base64!"}}""",
            """{"metadata":{"name":"x"},"immutable":"yes"}""", """{"metadata":{"name":"x","generation":1e400}}""",
            """{"metadata":{"name":"x","generation":99999999999999999999999}}""", """{"metadata":{"name":"x","deletionGracePeriodSeconds":1.5}}""",
            """{"metadata":{"name":"x","creationTimestamp":"yesterday"}}""", """{"metadata":{"name":"x","ownerReferences":{"a":"b"}}}""",
            """{"metadata":{"name":"x","finalizers":"f"}}""", """{"kind":42,"metadata":{"name":"x"}}""", """{"apiVersion":["v1"],"metadata":{"name":"x"}}""",
        ];
        for (var i = 0; i < configMaps.Length; i++)
        {
            yield return new($"type-configmap-{i:00}", "POST", ConfigMaps, "application/json", Utf8(configMaps[i]));
        }
        const string pod = """{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"i"$EXTRA}]$SPEC}}""";
        string[] podExtras =
        [
            ",\"resources\":{\"requests\":{\"cpu\":\"abc\"}}", ",\"resources\":{\"requests\":{\"memory\":\"1.5.5Gi\"}}", ",\"resources\":{\"limits\":{\"cpu\":\"10Qi\"}}",
            ",\"resources\":{\"requests\":{\"cpu\":\"-1\"}}", ",\"resources\":{\"requests\":{\"cpu\":\"1e999999\"}}", ",\"resources\":{\"requests\":{\"cpu\":[]}}",
            ",\"ports\":[{\"containerPort\":99999999999}]", ",\"ports\":[{\"containerPort\":\"eighty\"}]", ",\"ports\":[{\"containerPort\":-1}]",
            ",\"env\":\"x\"", ",\"command\":\"ls\"", ",\"name\":\"Bad_Name\"",
        ];
        for (var i = 0; i < podExtras.Length; i++)
        {
            yield return new($"type-pod-container-{i:00}", "POST", Pods, "application/json", Utf8(pod.Replace("$EXTRA", podExtras[i]).Replace("$SPEC", "")));
        }
        string[] podSpecs =
        [
            ",\"terminationGracePeriodSeconds\":99999999999999999999", ",\"terminationGracePeriodSeconds\":\"30\"", ",\"activeDeadlineSeconds\":-5",
            ",\"restartPolicy\":\"Sometimes\"", ",\"nodeSelector\":[\"a\"]", ",\"tolerations\":{}", ",\"priority\":2147483648",
        ];
        for (var i = 0; i < podSpecs.Length; i++)
        {
            yield return new($"type-pod-spec-{i:00}", "POST", Pods, "application/json", Utf8(pod.Replace("$EXTRA", "").Replace("$SPEC", podSpecs[i])));
        }
        string[] daemonSets =
        [
            """{"metadata":{"name":"d"},"spec":"x"}""", """{"metadata":{"name":"d"},"spec":{"selector":{"matchLabels":{"a":"b"}},"template":"t"}}""",
            """{"metadata":{"name":"d"},"spec":{"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"c"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}}""",
            """{"metadata":{"name":"d"},"spec":{"selector":{"matchExpressions":[{"key":"a","operator":"Bogus"}]},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}}""",
            """{"metadata":{"name":"d"},"spec":{"selector":{"matchLabels":{"a":"b"}},"revisionHistoryLimit":4294967296,"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}}""",
            """{"metadata":{"name":"d"},"spec":{"selector":{"matchLabels":{"a":"b"}},"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"150%"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}}""",
            """{"metadata":{"name":"d"},"spec":{"selector":{"matchLabels":{"a":"b"}},"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"abc"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}}""",
            """{"metadata":{"name":"d"},"spec":{"selector":{"matchLabels":{"a":"b"}},"updateStrategy":{"type":"Sometimes"},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}}""",
            """{"metadata":{"name":"d"},"spec":{"selector":{"matchLabels":{"a":"b"}},"minReadySeconds":-1,"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}}""",
            """{"metadata":{"name":"d"},"spec":{"selector":{},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[]}}}}""",
        ];
        for (var i = 0; i < daemonSets.Length; i++)
        {
            yield return new($"type-daemonset-{i:00}", "POST", HostileCorpus.DaemonSets, "application/json", Utf8(daemonSets[i]));
        }
    }
}
