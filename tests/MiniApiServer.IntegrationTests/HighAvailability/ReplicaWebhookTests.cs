using System.Globalization;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;
using MiniApiServer.IntegrationTests.Webhooks;
using static MiniApiServer.IntegrationTests.Webhooks.WebhookKit;

namespace MiniApiServer.IntegrationTests.HighAvailability;

/// <summary>
/// Webhook configurations on PostgreSQL replicas: each replica reads them from its own cache, as each upstream
/// apiserver reads them from its informer, so a configuration written through one replica guards the writes of every
/// replica once that replica has caught up, and its removal frees them the same way.
/// </summary>
public sealed class ReplicaWebhookTests(ThreeReplicas cluster) : IClassFixture<ThreeReplicas>
{
    [Fact]
    public async Task AConfigurationWrittenThroughOneReplica_GuardsEveryReplicasWrites()
    {
        await using var webhook = await WebhookServer.StartAsync((_, request) => Task.FromResult<JsonObject?>(
            new JsonObject { ["allowed"] = false, ["status"] = new JsonObject { ["message"] = "replica test" } }));
        var config = Config("ValidatingWebhookConfiguration", "replica-guard", "guard.replicas.example.com", webhook.Url("/v"), webhook.CaBundle,
            """[{"operations":["CREATE"],"apiGroups":[""],"apiVersions":["v1"],"resources":["configmaps"]}]""");
        await cluster.Http[0].CreateAsync(Validating, config);

        for (var i = 0; i < 3; i++)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            var message = await Eventually.Get(async () => (await cluster.Http[i].SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps",
                    "{\"metadata\":{\"name\":\"guarded-" + n + "\"}}")).Body.Str("message"),
                m => m is not null && m.StartsWith("admission webhook", StringComparison.Ordinal), what: $"replica {n} calling the webhook");
            Assert.Equal("admission webhook \"guard.replicas.example.com\" denied the request: replica test", message);
        }

        await cluster.Http[1].DeleteJsonAsync(Validating + "/replica-guard");
        for (var i = 0; i < 3; i++)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            await Eventually.Get(async () => (await cluster.Http[i].SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps",
                    "{\"metadata\":{\"name\":\"freed-" + n + "\"}}")).Code, c => c == System.Net.HttpStatusCode.Created, what: $"replica {n} without the webhook");
        }
    }
}
