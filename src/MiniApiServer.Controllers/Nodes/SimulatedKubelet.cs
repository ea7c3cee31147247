using System.Threading.Channels;
using k8s.Models;
using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.Nodes;

/// <summary>
/// A KWOK-style stand-in for every kubelet: registers node-1..node-N, heartbeats (Lease + Node status) for
/// every node annotated <c>kwok.x-k8s.io/node: fake</c>, and runs the pods bound to them. One periodic loop
/// serves all nodes (renewals in bounded parallel batches), so thousands of nodes cost no timers or threads.
/// A node annotated <c>miniapiserver.dev/heartbeat: paused</c> is treated as a dead kubelet (see <see cref="KwokNode"/>).
/// </summary>
public sealed class SimulatedKubelet : IControlLoop
{
    // A real kubelet has a goroutine per pod; status writes are commit-latency bound, so the pool must be wide
    // enough for group commit to batch them (with 4, a 5,000-pod rollout waited on ~2,500 sequential commits).
    private const int PodWorkers = 32;
    private const int HeartbeatConcurrency = 32;

    private readonly SharedInformers _informers;
    private readonly ResourceService _service;
    private readonly ObjectClient _client;
    private readonly ControllerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SimulatedKubelet> _logger;
    private readonly ControllerHost<string> _host;
    private readonly WorkQueue<string> _queue;
    private readonly AddressPool _nodeAddresses = new("10.0");
    private readonly AddressPool _podAddresses = new("10.244");
    private readonly SimulatedPodReconciler _pods;

    // KWOK patches a new node's status as soon as its watch sees it; waiting for the next heartbeat tick
    // (a quarter of the interval, 2.5 s by default) would hold the not-ready taint, and so its daemon pods, that long.
    private readonly Channel<string> _arrivals = Channel.CreateUnbounded<string>(new() { SingleReader = true });

    public SimulatedKubelet(SharedInformers informers, ResourceService service, Mediator.ISender sender, ControllerOptions options, TimeProvider time, ILogger<SimulatedKubelet> logger)
    {
        _informers = informers;
        _service = service;
        _client = new ObjectClient(sender, service.Registry, "system:nodes");
        _options = options;
        _time = time;
        _logger = logger;
        _pods = new SimulatedPodReconciler(informers, service, _client, options, time, _podAddresses);
        _host = new ControllerHost<string>(_pods, PodWorkers, time, logger);
        _queue = _host.Queue;
        var events = new SimulatedKubeletEvents(_queue, informers, OnNodeNeedsStatus);
        informers.Pods.AddHandler(events);
        informers.Nodes.AddHandler(events);
    }

    private static readonly Prometheus.Gauge SimulatedNodes = Prometheus.Metrics.CreateGauge(
        "miniapiserver_simulated_nodes", "Nodes whose heartbeats the simulated kubelet is sending.");

    public string Name => "simulated-kubelet";

    string IControlLoop.LeaderLease => LeaderElection.Components.SimulatedKubelet;

    public async Task RunAsync(CancellationToken ct)
    {
        ReserveAddresses();
        await RegisterNodesAsync(ct).ConfigureAwait(false);
        // Handlers were attached before the informers listed; this covers pods that were already bound.
        foreach (var pod in _informers.Pods.List().Where(p => !string.IsNullOrEmpty(p.Spec?.NodeName)))
        {
            _queue.Add(PodKey.Of(pod));
        }
        await Task.WhenAll(_host.RunAsync(ct), HeartbeatLoopAsync(ct), ArrivalsLoopAsync(ct)).ConfigureAwait(false);
    }

    private void OnNodeNeedsStatus(V1Node node)
    {
        if (KubeletNodeStatus.NeedsUpdate(node, _time.GetUtcNow()))
        {
            _arrivals.Writer.TryWrite(node.Metadata.Name);
        }
    }

    /// <summary>First heartbeat for nodes that arrived (or came back) without a Ready status; the tick does the rest.</summary>
    private async Task ArrivalsLoopAsync(CancellationToken ct)
    {
        var tick = HeartbeatTick();
        await foreach (var name in _arrivals.Reader.ReadAllAsync(ct).ConfigureAwait(false))
        {
            var node = _informers.Nodes.Get("", name);
            if (!KwokNode.IsLive(node))
            {
                continue;
            }
            try
            {
                await HeartbeatAsync(node!, _time.GetUtcNow(), tick).ConfigureAwait(false);
            }
            catch (ApiException ex)
            {
                _logger.LogDebug("first heartbeat for node {Node} failed: {Message}", name, ex.Message);
            }
        }
    }

    /// <summary>A lease another write created first (registration and the first heartbeat can race) is left as it is.</summary>
    private static async Task CreateLeaseAsync(ObjectClient client, V1Node node, DateTimeOffset now)
    {
        try
        {
            await client.CreateAsync(NodeLease.Build(node, now)).ConfigureAwait(false);
        }
        catch (ApiException ex) when (ex.Code == 409)
        {
        }
    }

    private TimeSpan HeartbeatTick() =>
        TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(50).Ticks, _options.HeartbeatInterval.Ticks / 4));

    private void ReserveAddresses()
    {
        foreach (var node in _informers.Nodes.List())
        {
            _nodeAddresses.Reserve(KwokNode.InternalIp(node));
        }
        foreach (var pod in _informers.Pods.List())
        {
            _podAddresses.Reserve(pod.Status?.PodIP);
        }
    }

    private async Task RegisterNodesAsync(CancellationToken ct)
    {
        var names = Enumerable.Range(1, Math.Max(0, _options.Nodes)).Select(SimulatedNodeTemplate.Name)
            .Where(n => _service.TryGet(_service.Registry.Nodes, "", n) is null).ToList();
        var registered = 0;
        var step = Math.Max(500, names.Count / 10);
        await Parallel.ForEachAsync(names, Bounded(ct), async (name, _) =>
        {
            // Large fleets take a few seconds; progress lines show the start-up is moving.
            if (Interlocked.Increment(ref registered) % step == 0)
            {
                _logger.LogInformation("registering simulated nodes: {Done}/{Total}", registered, names.Count);
            }
            var ip = _nodeAddresses.Allocate(SimulatedNodeTemplate.IndexOf(name));
            var node = SimulatedNodeTemplate.Build(name, ip, _time.GetUtcNow());
            V1Node created;
            try
            {
                // A node create keeps its status (no status strategy on create), so it registers Ready in one write.
                created = await _client.As(NodeUser(name)).CreateAsync(node, CancellationToken.None).ConfigureAwait(false);
            }
            catch (ApiException ex) when (ex.Code == 409)
            {
                return;
            }
            // Kubelet's lease controller starts with the kubelet: the lease exists as soon as the node does, not one
            // heartbeat tick later (the tick loop lists the informer, which may not have seen this node yet).
            await CreateLeaseAsync(_client.As(NodeUser(name)), created, _time.GetUtcNow()).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Lease renewal as component-helpers' lease controller (renew interval = HeartbeatInterval), and node status
    /// as kubelet's syncNodeStatus: computed every tick, written only when it changed or the report is due.
    /// </summary>
    private async Task HeartbeatLoopAsync(CancellationToken ct)
    {
        var tick = HeartbeatTick();
        using var timer = new PeriodicTimer(tick, _time);
        do
        {
            var now = _time.GetUtcNow();
            var live = _informers.Nodes.List().Where(KwokNode.IsLive).ToList();
            SimulatedNodes.Set(live.Count);
            await Parallel.ForEachAsync(live, Bounded(ct), async (node, _) =>
            {
                try
                {
                    await HeartbeatAsync(node, now, tick).ConfigureAwait(false);
                }
                catch (ApiException ex)
                {
                    // Next tick retries; a deleted node simply drops out of the list.
                    _logger.LogDebug("heartbeat for node {Node} failed: {Message}", node.Metadata.Name, ex.Message);
                }
            }).ConfigureAwait(false);
        }
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false));
    }

    private async Task HeartbeatAsync(V1Node node, DateTimeOffset now, TimeSpan tick)
    {
        var name = node.Metadata.Name;
        var client = _client.As(NodeUser(name));
        var lease = _informers.Leases.Get(NodeLease.Namespace, name);
        if (NodeLease.IsDue(lease, now, _options.HeartbeatInterval, tick / 2))
        {
            if (lease is null)
            {
                await CreateLeaseAsync(client, node, now).ConfigureAwait(false);
            }
            else
            {
                await client.UpdateAsync<V1Lease>(NodeLease.Namespace, name, fresh =>
                {
                    NodeLease.Renew(fresh, node, now);
                    return true;
                }).ConfigureAwait(false);
            }
        }
        if (KubeletNodeStatus.NeedsUpdate(node, now))
        {
            var ip = KwokNode.InternalIp(node) ?? _nodeAddresses.Allocate(SimulatedNodeTemplate.IndexOf(name));
            await client.UpdateAsync<V1Node>("", name, fresh =>
            {
                // The pause switch may have been set since the tick's snapshot; a dead kubelet must not write.
                if (!KwokNode.IsLive(fresh) || !KubeletNodeStatus.NeedsUpdate(fresh, now))
                {
                    return false;
                }
                KubeletNodeStatus.Apply(fresh, ip, now);
                return true;
            }, status: true).ConfigureAwait(false);
        }
    }

    private static ParallelOptions Bounded(CancellationToken ct) =>
        new() { MaxDegreeOfParallelism = HeartbeatConcurrency, CancellationToken = ct };

    /// <summary>Each kubelet writes as its node's identity (the Node authorizer's system:node:&lt;name&gt;).</summary>
    internal static string NodeUser(string node) => $"system:node:{node}";
}
