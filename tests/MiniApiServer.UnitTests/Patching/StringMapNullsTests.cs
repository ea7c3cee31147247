using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Patching;

namespace MiniApiServer.UnitTests.Patching;

/// <summary>Go's decode of {"k":null} into a map[string]string stores "k":""; nothing else changes.</summary>
public class StringMapNullsTests
{
    [Fact]
    public void NullsInStringMaps_BecomeEmpty_AtAnyDepth_AndOtherNullsStay()
    {
        var ds = JsonNode.Parse("""
            {"metadata":{"name":"d","labels":{"a":null,"b":"1"},"annotations":{"n":null}},
             "spec":{"selector":{"matchLabels":{"a":null}},
                     "template":{"metadata":{"labels":{"t":null}},
                                 "spec":{"nodeSelector":{"zone":null},
                                         "containers":[{"name":"c","image":null,"resources":{"limits":{"cpu":null}}}]}}},
             "status":null}
            """)!.AsObject();

        StringMapNulls.ToEmpty(ds, typeof(V1DaemonSet));

        Assert.Equal("""
            {"metadata":{"name":"d","labels":{"a":"","b":"1"},"annotations":{"n":""}},"spec":{"selector":{"matchLabels":{"a":""}},"template":{"metadata":{"labels":{"t":""}},"spec":{"nodeSelector":{"zone":""},"containers":[{"name":"c","image":null,"resources":{"limits":{"cpu":null}}}]}}},"status":null}
            """.Trim(), ds.ToJsonString());
    }

    [Fact]
    public void AConfigMapsData_AndAnUntypedObject()
    {
        var cm = JsonNode.Parse("""{"data":{"k":null},"binaryData":{"b":null}}""")!.AsObject();
        StringMapNulls.ToEmpty(cm, typeof(V1ConfigMap));
        Assert.Equal("""{"data":{"k":""},"binaryData":{"b":""}}""", cm.ToJsonString());

        var secret = JsonNode.Parse("""{"data":{"k":null},"stringData":{"s":null},"type":null}""")!.AsObject();
        StringMapNulls.ToEmpty(secret, typeof(V1Secret));
        Assert.Equal("""{"data":{"k":""},"stringData":{"s":""},"type":null}""", secret.ToJsonString());

        var untyped = JsonNode.Parse("""{"labels":{"k":null}}""")!.AsObject();
        StringMapNulls.ToEmpty(untyped, null);
        Assert.Equal("""{"labels":{"k":null}}""", untyped.ToJsonString());
    }
}
