using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Fidelity;

/// <summary>
/// pkg/apis/core/validation ValidateConfigMap(Update) and ValidateSecret(Update): keys that are file names, one bag per
/// key, 1 MiB of values, the keys each built-in Secret type needs, and immutable objects that stay as they are.
/// The expected messages are upstream's, written out here.
/// </summary>
public sealed class ConfigMapAndSecretValidationTests : ServerTest
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private const string Secrets = "/api/v1/namespaces/default/secrets";
    private const string Immutable = "field is immutable when `immutable` is set";
    private const string KeyRule =
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private Task<(HttpStatusCode Code, JsonObject Body)> SendAsync(HttpMethod method, string path, string json) => Server.Http.SendJsonAsync(method, path, json);

    private Task<string> RefusedAsync(HttpMethod method, string path, string json, string type = "application/json") =>
        Server.Http.InvalidMessageAsync(method, path, json, type);

    private Task<string> PatchRefusedAsync(string path, string json) => RefusedAsync(HttpMethod.Patch, path, json, "application/merge-patch+json");

    [Fact]
    public async Task ConfigMapKeys_MustBeFileNames_InOneBag_AndNothingIsStored()
    {
        Assert.Equal($"ConfigMap \"k\" is invalid: data[bad key]: Invalid value: \"bad key\": {KeyRule}",
            await RefusedAsync(HttpMethod.Post, ConfigMaps, """{"metadata":{"name":"k"},"data":{"bad key":"v"}}"""));
        Assert.Equal("ConfigMap \"k\" is invalid: binaryData[..hidden]: Invalid value: \"..hidden\": must not start with '..'",
            await RefusedAsync(HttpMethod.Post, ConfigMaps, """{"metadata":{"name":"k"},"binaryData":{"..hidden":"AA=="}}"""));
        Assert.Equal("ConfigMap \"k\" is invalid: data[a]: Invalid value: \"a\": duplicate of key present in binaryData",
            await RefusedAsync(HttpMethod.Post, ConfigMaps, """{"metadata":{"name":"k"},"data":{"a":"1"},"binaryData":{"a":"AA=="}}"""));
        Assert.Null(await Server.Http.GetJsonAsync($"{ConfigMaps}/k"));

        var fine = await Server.Http.CreateAsync(ConfigMaps, """{"metadata":{"name":"k"},"data":{"app.conf":"x","KEY_NAME":"y","key-name":"z"},"binaryData":{"b.bin":"AAE="}}""");
        Assert.Equal("AAE=", fine.Str("binaryData", "b.bin"));
    }

    [Fact]
    public async Task ConfigMapOverOneMebibyte_IsRefusedAsAWhole_ByCreateAndByPatch()
    {
        var half = new string('x', 512 * 1024);
        Assert.Equal("ConfigMap \"big\" is invalid: Too long: may not be more than 1048576 bytes",
            await RefusedAsync(HttpMethod.Post, ConfigMaps, $$$"""{"metadata":{"name":"big"},"data":{"a":"{{{half}}}","b":"{{{half}}}x"}}"""));

        await Server.Http.CreateAsync(ConfigMaps, $$$"""{"metadata":{"name":"big"},"data":{"a":"{{{half}}}","b":"{{{half}}}"}}""");
        Assert.Contains("Too long: may not be more than 1048576 bytes", await PatchRefusedAsync($"{ConfigMaps}/big", """{"data":{"c":"1"}}"""));
        Assert.Equal(2, (await Server.Http.GetJsonAsync($"{ConfigMaps}/big"))!["data"]!.AsObject().Count);
    }

    [Fact]
    public async Task ImmutableConfigMap_KeepsItsDataAndFlag_WhileMetadataMayChange()
    {
        var created = await Server.Http.CreateAsync(ConfigMaps, """{"metadata":{"name":"frozen"},"immutable":true,"data":{"a":"1"},"binaryData":{"b":"AA=="}}""");

        Assert.Equal($"ConfigMap \"frozen\" is invalid: data: Forbidden: {Immutable}", await PatchRefusedAsync($"{ConfigMaps}/frozen", """{"data":{"a":"2"}}"""));
        Assert.Equal($"ConfigMap \"frozen\" is invalid: binaryData: Forbidden: {Immutable}", await PatchRefusedAsync($"{ConfigMaps}/frozen", """{"binaryData":null}"""));
        Assert.Equal($"ConfigMap \"frozen\" is invalid: immutable: Forbidden: {Immutable}", await PatchRefusedAsync($"{ConfigMaps}/frozen", """{"immutable":false}"""));
        Assert.Equal($"ConfigMap \"frozen\" is invalid: [immutable: Forbidden: {Immutable}, data: Forbidden: {Immutable}]",
            await PatchRefusedAsync($"{ConfigMaps}/frozen", """{"immutable":null,"data":{"a":"3"}}"""));

        var labelled = await Server.Http.MergePatchAsync($"{ConfigMaps}/frozen", """{"metadata":{"labels":{"team":"a"}}}""");
        Assert.Equal("a", labelled.Str("metadata", "labels", "team"));
        // What a client read and sends back unchanged is not a change.
        var (code, put) = await SendAsync(HttpMethod.Put, $"{ConfigMaps}/frozen", labelled.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("1", put.Str("data", "a"));
        Assert.Equal(created.Str("metadata", "uid"), put.Str("metadata", "uid"));

        // A mutable one may still be changed, and made immutable.
        await Server.Http.CreateAsync(ConfigMaps, """{"metadata":{"name":"thaw"},"data":{"a":"1"}}""");
        Assert.Equal("2", (await Server.Http.MergePatchAsync($"{ConfigMaps}/thaw", """{"data":{"a":"2"},"immutable":true}""")).Str("data", "a"));
        Assert.Contains($"data: Forbidden: {Immutable}", await PatchRefusedAsync($"{ConfigMaps}/thaw", """{"data":{"a":"3"}}"""));
        Assert.Equal("2", (await Server.Http.GetJsonAsync($"{ConfigMaps}/thaw")).Str("data", "a"));
    }

    [Fact]
    public async Task ImmutableSecret_RefusesDataChanges_ThroughDataOrStringData()
    {
        await Server.Http.CreateAsync(Secrets, """{"metadata":{"name":"frozen"},"immutable":true,"stringData":{"password":"s3cret"}}""");

        Assert.Equal($"Secret \"frozen\" is invalid: data: Forbidden: {Immutable}", await PatchRefusedAsync($"{Secrets}/frozen", """{"stringData":{"password":"other"}}"""));
        Assert.Equal($"Secret \"frozen\" is invalid: data: Forbidden: {Immutable}", await PatchRefusedAsync($"{Secrets}/frozen", """{"data":{"extra":"AA=="}}"""));
        Assert.Equal($"Secret \"frozen\" is invalid: immutable: Forbidden: {Immutable}", await PatchRefusedAsync($"{Secrets}/frozen", """{"immutable":false}"""));
        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes("s3cret")), (await Server.Http.GetJsonAsync($"{Secrets}/frozen")).Str("data", "password"));

        // The same value again through stringData is no change.
        var same = await Server.Http.MergePatchAsync($"{Secrets}/frozen", """{"stringData":{"password":"s3cret"},"metadata":{"labels":{"x":"y"}}}""");
        Assert.Equal("y", same.Str("metadata", "labels", "x"));
        Assert.Null(same["stringData"]);
    }

    [Fact]
    public async Task SecretTypes_NeedTheirKeys_AndKeysMustBeFileNames()
    {
        Assert.Equal("Secret \"tls\" is invalid: [data[tls.crt]: Required value, data[tls.key]: Required value]",
            await RefusedAsync(HttpMethod.Post, Secrets, """{"metadata":{"name":"tls"},"type":"kubernetes.io/tls","data":{}}"""));
        Assert.Equal("Secret \"ba\" is invalid: [data[username]: Required value, data[password]: Required value]",
            await RefusedAsync(HttpMethod.Post, Secrets, """{"metadata":{"name":"ba"},"type":"kubernetes.io/basic-auth"}"""));
        Assert.Equal("Secret \"ssh\" is invalid: data[ssh-privatekey]: Required value",
            await RefusedAsync(HttpMethod.Post, Secrets, """{"metadata":{"name":"ssh"},"type":"kubernetes.io/ssh-auth","data":{"ssh-privatekey":""}}"""));
        Assert.Equal("Secret \"sa\" is invalid: metadata.annotations[kubernetes.io/service-account.name]: Required value",
            await RefusedAsync(HttpMethod.Post, Secrets, """{"metadata":{"name":"sa"},"type":"kubernetes.io/service-account-token"}"""));
        Assert.Equal("Secret \"reg\" is invalid: data[.dockerconfigjson]: Required value",
            await RefusedAsync(HttpMethod.Post, Secrets, """{"metadata":{"name":"reg"},"type":"kubernetes.io/dockerconfigjson","stringData":{"config":"{}"}}"""));
        Assert.Equal("Secret \"reg\" is invalid: data[.dockerconfigjson]: Invalid value: \"<secret contents redacted>\": json: cannot unmarshal array into Go value of type map[string]interface {}",
            await RefusedAsync(HttpMethod.Post, Secrets, """{"metadata":{"name":"reg"},"type":"kubernetes.io/dockerconfigjson","stringData":{".dockerconfigjson":"[1]"}}"""));
        Assert.Equal("Secret \"reg\" is invalid: data[.dockerconfigjson]: Invalid value: \"<secret contents redacted>\": unexpected end of JSON input",
            await RefusedAsync(HttpMethod.Post, Secrets, """{"metadata":{"name":"reg"},"type":"kubernetes.io/dockerconfigjson","stringData":{".dockerconfigjson":"{\"auths\":"}}"""));
        Assert.Equal($"Secret \"k\" is invalid: data[a b]: Invalid value: \"a b\": {KeyRule}",
            await RefusedAsync(HttpMethod.Post, Secrets, """{"metadata":{"name":"k"},"stringData":{"a b":"v"}}"""));
        foreach (var name in new[] { "tls", "ba", "ssh", "sa", "reg", "k" })
        {
            Assert.Null(await Server.Http.GetJsonAsync($"{Secrets}/{name}"));
        }

        var tls = await Server.Http.CreateAsync(Secrets, """{"metadata":{"name":"tls"},"type":"kubernetes.io/tls","stringData":{"tls.crt":"c","tls.key":"k"}}""");
        Assert.Equal("kubernetes.io/tls", tls.Str("type"));
        var reg = await Server.Http.CreateAsync(Secrets, """{"metadata":{"name":"reg"},"type":"kubernetes.io/dockerconfigjson","stringData":{".dockerconfigjson":"{\"auths\":{}}"}}""");
        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"auths":{}}""")), reg.Str("data", ".dockerconfigjson"));
        var basic = await Server.Http.CreateAsync(Secrets, """{"metadata":{"name":"ba"},"type":"kubernetes.io/basic-auth","stringData":{"password":""}}""");
        Assert.Equal("", basic.Str("data", "password"));
        // A valid secret of a known type stays valid only with its keys.
        Assert.Equal("Secret \"tls\" is invalid: data[tls.key]: Required value", await PatchRefusedAsync($"{Secrets}/tls", """{"data":{"tls.key":null}}"""));
    }

    [KubectlFact]
    public async Task Kubectl_EditingAnImmutableConfigMap_ShowsUpstreamsError()
    {
        Assert.Equal("configmap/settings created\n", await Kubectl.OkAsync("create", "configmap", "settings", "--from-literal=mode=fast"));
        await Kubectl.OkAsync("patch", "configmap", "settings", "--type=merge", "-p", """{"immutable":true}""");

        var (exit, _, stderr) = await Kubectl.RunAsync("patch", "configmap", "settings", "--type=merge", "-p", """{"data":{"mode":"slow"}}""");

        Assert.NotEqual(0, exit);
        Assert.Equal($"The ConfigMap \"settings\" is invalid: data: Forbidden: {Immutable}\n", stderr);
        Assert.Equal("fast", await Kubectl.OkAsync("get", "configmap", "settings", "-o", "jsonpath={.data.mode}"));
    }
}
