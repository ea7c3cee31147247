using System.Net;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.StatefulSets;

/// <summary>
/// SetDefaults_StatefulSet (pkg/apis/apps/v1/defaults.go), ValidateStatefulSet / ValidateStatefulSetUpdate
/// (pkg/apis/apps/validation/validation.go, 1.32) and pkg/registry/apps/statefulset/strategy.go over HTTP.
/// </summary>
public sealed class StatefulSetValidationTests : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [Fact]
    public async Task Create_AppliesUpstreamDefaults_AndResetsStatus()
    {
        var manifest = StatefulSetKit.StatefulSet("defaults").Replace("\"spec\":{\"replicas\":1,", "\"status\":{\"replicas\":7},\"spec\":{", StringComparison.Ordinal);

        var created = await Server.Http.CreateAsync(StatefulSetKit.Collection, manifest);

        var spec = created["spec"]!;
        Assert.Equal(1, StatefulSetKit.Int(spec, "replicas"));
        Assert.Equal("OrderedReady", spec.Str("podManagementPolicy"));
        Assert.Equal("RollingUpdate", spec.Str("updateStrategy", "type"));
        Assert.Equal(0, StatefulSetKit.Int(spec, "updateStrategy", "rollingUpdate", "partition"));
        Assert.NotNull(spec["updateStrategy"]!["rollingUpdate"]!["partition"]);
        Assert.Equal(10, StatefulSetKit.Int(spec, "revisionHistoryLimit"));
        Assert.Equal("Retain", spec.Str("persistentVolumeClaimRetentionPolicy", "whenDeleted"));
        Assert.Equal("Retain", spec.Str("persistentVolumeClaimRetentionPolicy", "whenScaled"));
        Assert.Equal("Always", spec.Str("template", "spec", "restartPolicy"));
        Assert.Equal("ClusterFirst", spec.Str("template", "spec", "dnsPolicy"));
        Assert.Equal(1, StatefulSetKit.Int(created, "metadata", "generation"));
        Assert.Equal(0, StatefulSetKit.Int(created, "status", "replicas"));
    }

    [Theory]
    [InlineData("{\"matchLabels\":{\"app\":\"other\"}}", "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"sel\"}: `selector` does not match template `labels`")]
    public async Task BadSelector_Is422_WithUpstreamsMessage(string selector, string cause)
    {
        var manifest = StatefulSetKit.StatefulSet("sel").Replace("\"selector\":{\"matchLabels\":{\"app\":\"sel\"}}", "\"selector\":" + selector, StringComparison.Ordinal);

        var message = await Server.Http.InvalidMessageAsync(HttpMethod.Post, StatefulSetKit.Collection, manifest);

        Assert.Equal($"StatefulSet.apps \"sel\" is invalid: {cause}", message);
    }

    [Fact]
    public async Task MissingSelector_Is422()
    {
        var manifest = StatefulSetKit.StatefulSet("nosel").Replace("\"selector\":{\"matchLabels\":{\"app\":\"nosel\"}},", "", StringComparison.Ordinal);

        var message = await Server.Http.InvalidMessageAsync(HttpMethod.Post, StatefulSetKit.Collection, manifest);

        Assert.Equal("StatefulSet.apps \"nosel\" is invalid: spec.selector: Required value", message);
    }

    [Theory]
    [InlineData("pmp", ",\"podManagementPolicy\":\"Sometimes\"", "spec.podManagementPolicy: Invalid value: \"Sometimes\": must be 'OrderedReady' or 'Parallel'")]
    [InlineData("partition", ",\"updateStrategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"partition\":-1}}", "spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0")]
    [InlineData("retention", ",\"persistentVolumeClaimRetentionPolicy\":{\"whenDeleted\":\"Keep\"}", "spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: \"Keep\": supported values: \"Delete\", \"Retain\"")]
    [InlineData("ordinals", ",\"ordinals\":{\"start\":-2}", "spec.ordinals.start: Invalid value: -2: must be greater than or equal to 0")]
    [InlineData("minready", ",\"minReadySeconds\":-1", "spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0")]
    public async Task InvalidSpec_Is422_WithUpstreamsMessage(string name, string extraSpec, string cause)
    {
        var message = await Server.Http.InvalidMessageAsync(HttpMethod.Post, StatefulSetKit.Collection, StatefulSetKit.StatefulSet(name, extraSpec: extraSpec));

        Assert.Equal($"StatefulSet.apps \"{name}\" is invalid: {cause}", message);
    }

    [Fact]
    public async Task NameThatIsNotADnsLabel_Is422()
    {
        var message = await Server.Http.InvalidMessageAsync(HttpMethod.Post, StatefulSetKit.Collection, StatefulSetKit.StatefulSet("web.v1"));

        Assert.Equal("StatefulSet.apps \"web.v1\" is invalid: metadata.name: Invalid value: \"web.v1\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')", message);
    }

    [Fact]
    public async Task UpdateOfAnImmutableField_IsForbidden_WithUpstreamsMessage()
    {
        await Server.Http.CreateAsync(StatefulSetKit.Collection, StatefulSetKit.StatefulSet("frozen"));

        var message = await Server.Http.InvalidMessageAsync(HttpMethod.Patch, $"{StatefulSetKit.Collection}/frozen", """{"spec":{"serviceName":"other"}}""", "application/merge-patch+json");

        Assert.Equal("StatefulSet.apps \"frozen\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden", message);
    }

    [Fact]
    public async Task UpdateOfTheMutableFields_IsAccepted_AndBumpsGeneration()
    {
        await Server.Http.CreateAsync(StatefulSetKit.Collection, StatefulSetKit.StatefulSet("mutable"));

        var patched = await Server.Http.MergePatchAsync($"{StatefulSetKit.Collection}/mutable",
            """{"spec":{"replicas":0,"minReadySeconds":3,"revisionHistoryLimit":2,"ordinals":{"start":5},"updateStrategy":{"type":"OnDelete","rollingUpdate":null},"persistentVolumeClaimRetentionPolicy":{"whenScaled":"Delete"}}}""");

        Assert.Equal(2, StatefulSetKit.Int(patched, "metadata", "generation"));
        Assert.Equal("OnDelete", patched["spec"].Str("updateStrategy", "type"));
    }

    [Fact]
    public async Task StatusWrite_ChangesOnlyStatus()
    {
        await Server.Http.CreateAsync(StatefulSetKit.Collection, StatefulSetKit.StatefulSet("status"));

        var (code, body) = await Server.Http.SendJsonAsync(HttpMethod.Patch, $"{StatefulSetKit.Collection}/status/status",
            """{"spec":{"replicas":9},"status":{"replicas":2,"readyReplicas":1,"availableReplicas":1}}""", "application/merge-patch+json");

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal(1, StatefulSetKit.Int(body, "spec", "replicas"));
        Assert.Equal(2, StatefulSetKit.Int(body, "status", "replicas"));
        Assert.Equal(1, StatefulSetKit.Int(body, "metadata", "generation"));
        var message = await Server.Http.InvalidMessageAsync(HttpMethod.Patch, $"{StatefulSetKit.Collection}/status/status",
            """{"status":{"readyReplicas":5}}""", "application/merge-patch+json");
        Assert.Equal("StatefulSet.apps \"status\" is invalid: status.readyReplicas: Invalid value: 5: cannot be greater than status.replicas", message);
    }
}
