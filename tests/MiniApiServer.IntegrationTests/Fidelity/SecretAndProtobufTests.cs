using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Fidelity;

/// <summary>Secrets read back as on a real cluster (stringData folded into data, type Opaque), and protobuf bodies store no empty strings.</summary>
public sealed class SecretAndProtobufTests : ServerTest
{
    private const string Secrets = "/api/v1/namespaces/default/secrets";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    [Fact]
    public async Task Create_MergesStringDataIntoData_DefaultsTypeOpaque_AndDoesNotStoreStringData()
    {
        var created = await Server.Http.CreateAsync(Secrets,
            $$$"""{"metadata":{"name":"s"},"data":{"kept":"{{{B64("old")}}}","both":"{{{B64("from-data")}}}"},"stringData":{"both":"from-stringData","plain":"pw"}}""");
        var stored = (await Server.Http.GetJsonAsync($"{Secrets}/s"))!;
        foreach (var obj in new[] { created, stored })
        {
            Assert.Equal("Opaque", obj.Str("type"));
            Assert.Null(obj["stringData"]);
            Assert.Equal(B64("old"), obj.Str("data", "kept"));
            Assert.Equal(B64("from-stringData"), obj.Str("data", "both"));
            Assert.Equal(B64("pw"), obj.Str("data", "plain"));
        }
    }

    /// <summary>
    /// A null in a map of bytes reads back as "" on a real cluster: Go decodes it to a nil []byte, the generated
    /// protobuf marshaller stores an entry without a value and the unmarshaller reads []byte{} back from etcd.
    /// </summary>
    [Fact]
    public async Task NullBytesValues_ReadBackEmpty_InSecretDataAndConfigMapBinaryData()
    {
        var secret = await Server.Http.CreateAsync(Secrets, """{"metadata":{"name":"nulls"},"data":{"k":null,"v":"dg=="}}""");
        var cm = await Server.Http.CreateAsync("/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"nulls"},"binaryData":{"b":null}}""");
        var storedSecret = (await Server.Http.GetJsonAsync($"{Secrets}/nulls"))!;
        var storedCm = (await Server.Http.GetJsonAsync("/api/v1/namespaces/default/configmaps/nulls"))!;
        foreach (var obj in new[] { secret, storedSecret })
        {
            Assert.Equal("", obj.Str("data", "k"));
            Assert.Equal("dg==", obj.Str("data", "v"));
        }
        foreach (var obj in new[] { cm, storedCm })
        {
            Assert.Equal("", obj.Str("binaryData", "b"));
        }
    }

    [Fact]
    public async Task UpdateAndPatch_MergeStringData_AndTypeStaysImmutable()
    {
        await Server.Http.CreateAsync(Secrets, """{"metadata":{"name":"s"},"type":"Opaque"}""");
        var current = (await Server.Http.GetJsonAsync($"{Secrets}/s"))!;
        current["stringData"] = new JsonObject { ["put"] = "1" };
        using (var put = await Server.Http.PutAsync($"{Secrets}/s", new StringContent(current.ToJsonString(), Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }
        var patched = await Server.Http.MergePatchAsync($"{Secrets}/s", """{"stringData":{"patch":"2"}}""");
        Assert.Null(patched["stringData"]);
        Assert.Equal(B64("1"), patched.Str("data", "put"));
        Assert.Equal(B64("2"), patched.Str("data", "patch"));

        var request = new HttpRequestMessage(HttpMethod.Patch, $"{Secrets}/s")
        {
            Content = new StringContent("""{"type":"kubernetes.io/tls"}""", Encoding.UTF8, "application/merge-patch+json"),
        };
        using var changeType = await Server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, changeType.StatusCode);
        Assert.Contains("type: Invalid value: \"kubernetes.io/tls\": field is immutable",
            JsonNode.Parse(await changeType.Content.ReadAsStringAsync())!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [KubectlFact]
    public async Task KubectlCreate_SendsProtobufWithEmptyStrings_StoredAsAbsent()
    {
        // kubectl's typed clients marshal every ObjectMeta string, empty ones included, and send no Secret type by default.
        await Kubectl.OkAsync("create", "secret", "generic", "sec", "--from-literal=pw=hunter2");
        await Kubectl.OkAsync("create", "configmap", "cfg", "--from-literal=a=b");
        var secret = (await Server.Http.GetJsonAsync($"{Secrets}/sec"))!;
        Assert.Equal("Opaque", secret.Str("type"));
        Assert.Equal("Opaque", await Kubectl.OkAsync("get", "secret", "sec", "-o", "jsonpath={.type}"));
        foreach (var obj in new[] { secret, (await Server.Http.GetJsonAsync("/api/v1/namespaces/default/configmaps/cfg"))! })
        {
            var meta = obj["metadata"]!.AsObject();
            Assert.False(meta.ContainsKey("generateName"), meta.ToJsonString());
            var managed = meta["managedFields"]!.ToJsonString();
            Assert.Contains("kubectl-create", managed, StringComparison.Ordinal);
            Assert.DoesNotContain("generateName", managed, StringComparison.Ordinal);
        }
    }
}
