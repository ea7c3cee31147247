using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Operations;

/// <summary>--audit-log-format legacy: k8s.io/apiserver/pkg/audit/format.go EventString's one text line per event.</summary>
public sealed class AuditLogLegacyFormatTests : AuditServerTest
{
    protected override string Policy => """
        apiVersion: audit.k8s.io/v1
        kind: Policy
        omitStages: ["RequestReceived"]
        rules:
        - level: Metadata
          resources:
          - group: ""
            resources: ["configmaps"]
        """;

    protected override ApiServerHost StartServer() => StartAudited(new Dictionary<string, string> { ["audit-log-format"] = "legacy" });

    [Fact]
    public async Task EachEvent_IsOneTextLine()
    {
        await Server.Http.CreateAsync("/api/v1/namespaces/default/configmaps", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"legacy"}}""");

        var lines = await Eventually.Get(ReadLinesAsync, l => l.Any(IsCreate), TimeSpan.FromSeconds(20), "the create audited");

        // RFC3339Nano time; groups %q of the %q-quoted groups joined; as and asgroups for a request that impersonates no one.
        Assert.Matches("""
            ^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z AUDIT: id="[0-9a-f-]{36}" stage="ResponseComplete" ip="127\.0\.0\.1" method="create" user="system:unsecured" groups="\\"system:masters\\",\\"system:authenticated\\"" as="<self>" asgroups="<lookup>" user-agent="[^"]*" namespace="default" uri="/api/v1/namespaces/default/configmaps" response="201"$
            """, lines.Single(IsCreate));
    }

    private static bool IsCreate(string line) => line.Contains("method=\"create\" user=\"system:unsecured\"", StringComparison.Ordinal);

    private async Task<List<string>> ReadLinesAsync()
    {
        if (!File.Exists(LogPath))
        {
            return [];
        }
        await using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return [.. (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }
}
