using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace MiniApiServer.IntegrationTests.HighAvailability;

/// <summary>
/// PostgreSQL restarts under a steady stream of creates through three replicas: while it is down every write
/// is answered promptly with a 5xx Status (no request hangs), afterwards every replica is ready again without a
/// restart and writes through each succeed, and every create that was acknowledged is served by every replica.
/// </summary>
public sealed class ReplicaPostgresRestartTests(ITestOutputHelper output)
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private const int Writers = 6;
    // Longer than any answer a replica should take with its database gone; a request that outlives it hung.
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task PostgresRestartsUnderWrites_EveryReplicaRecoversByItself_AndEveryAcknowledgedWriteIsServedEverywhere()
    {
        using var postgres = new PostgresServer();
        using var replicas = await ReplicaSet.StartAsync(postgres.NewDatabase(), 3, RequestTimeout);
        var log = new WriteLog();
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(() => WriteAsync(replicas.Http[w % 3], $"w{w}", log, stop.Token))).ToList();
        try
        {
            await Eventually.True(() => Task.FromResult(log.Acknowledged.Count >= 30), TimeSpan.FromSeconds(30), "writes acknowledged before the outage");

            postgres.Stop();
            var refusedBefore = log.Refused;
            await Eventually.True(() => Task.FromResult(log.Refused >= refusedBefore + 3 * Writers), TimeSpan.FromSeconds(20), "writes refused during the outage");
            foreach (var http in replicas.Http)
            {
                await Eventually.True(async () => (await http.GetAsync("/readyz")).StatusCode != HttpStatusCode.OK, TimeSpan.FromSeconds(20), $"{http.BaseAddress} not ready");
            }

            postgres.Start();
            var restartedAt = DateTime.UtcNow;
            foreach (var http in replicas.Http)
            {
                await Eventually.True(async () => (await http.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30), $"{http.BaseAddress} ready again");
            }
            output.WriteLine($"all replicas ready {(DateTime.UtcNow - restartedAt).TotalSeconds:0.0} s after PostgreSQL started again");
            var ackedAtRecovery = log.Acknowledged.Count;
            await Eventually.True(() => Task.FromResult(Enumerable.Range(0, Writers).All(w => log.AcknowledgedAfter($"w{w}", ackedAtRecovery))),
                TimeSpan.FromSeconds(30), "writes acknowledged again through every replica");
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }

        output.WriteLine(log.ToString());
        Assert.True(log.Failures.IsEmpty, string.Join("\n", log.Failures.Take(10)));
        var missing = new ConcurrentBag<string>();
        foreach (var http in replicas.Http)
        {
            await Parallel.ForEachAsync(log.Acknowledged, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (ack, ct) =>
            {
                using var response = await http.GetAsync($"{ConfigMaps}/{ack.Name}", ct);
                var uid = response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!.Str("metadata", "uid") : null;
                if (uid != ack.Uid)
                {
                    missing.Add($"{ack.Name} (uid {ack.Uid}) on {http.BaseAddress}: {(int)response.StatusCode}, uid {uid}");
                }
            });
        }
        Assert.True(missing.IsEmpty, $"{missing.Count} acknowledged writes not served: {string.Join("; ", missing.Take(10))}");
    }

    /// <summary>Creates a new ConfigMap after another until stopped; every answer must be a 201 or a 5xx Status.</summary>
    private static async Task WriteAsync(HttpClient http, string writer, WriteLog log, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var name = $"{writer}-{i.ToString(CultureInfo.InvariantCulture)}";
            var body = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = new JsonObject { ["name"] = name } };
            try
            {
                using var response = await http.PostAsync(ConfigMaps, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), stop);
                var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(stop));
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    log.Acknowledge(writer, name, answer.Str("metadata", "uid")!);
                }
                else if ((int)response.StatusCode is 500 or 503 && answer.Str("kind") == "Status" && answer?["code"]?.GetValue<int>() == (int)response.StatusCode)
                {
                    log.Refuse();
                }
                else
                {
                    log.Fail($"{name} through {http.BaseAddress}: {(int)response.StatusCode} {answer?.ToJsonString()}");
                }
            }
            catch (TaskCanceledException) when (!stop.IsCancellationRequested)
            {
                log.Fail($"{name} through {http.BaseAddress}: no answer within {RequestTimeout.TotalSeconds} s");
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>What the writers were told, across threads.</summary>
    private sealed class WriteLog
    {
        private int _refused;

        public ConcurrentQueue<(string Writer, string Name, string Uid)> Acknowledged { get; } = new();

        public ConcurrentQueue<string> Failures { get; } = new();

        public int Refused => Volatile.Read(ref _refused);

        public void Acknowledge(string writer, string name, string uid) => Acknowledged.Enqueue((writer, name, uid));

        public void Refuse() => Interlocked.Increment(ref _refused);

        public void Fail(string failure) => Failures.Enqueue(failure);

        /// <summary>Whether this writer had a create acknowledged after the first <paramref name="skip"/> acknowledgements.</summary>
        public bool AcknowledgedAfter(string writer, int skip) => Acknowledged.Skip(skip).Any(a => a.Writer == writer);

        public override string ToString() => $"{Acknowledged.Count} creates acknowledged, {Refused} refused with a 5xx Status, {Failures.Count} failures";
    }
}
