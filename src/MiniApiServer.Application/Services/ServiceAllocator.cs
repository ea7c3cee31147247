using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Storage;

namespace MiniApiServer.Application.Services;

/// <summary>
/// Cluster IP and node port allocation, race-free across replicas: every allocated value is its own (unserved)
/// object, named by the value, as upstream's IPAddress allocator (pkg/registry/core/service/ipallocator/ipallocator.go)
/// keeps one networking.k8s.io IPAddress per address. Creating that object is the claim: the database's unique key
/// lets exactly one of two replicas claiming the same value commit, with no lock held across the Service write.
/// The claim is written before the Service and released when its write fails or the Service is deleted; a claim
/// left behind by a crash in between is taken over once it is older than <see cref="InFlightGrace"/> and no
/// Service holds its value (the repair loop's job upstream, done here at the moment the value is wanted).
/// </summary>
public sealed class ServiceAllocator(ObjectStore store, ServiceNetwork network, TimeProvider time, ILogger<ServiceAllocator> logger)
{
    public const string ClusterIpKey = "serviceipallocations.internal.miniapiserver.io";
    public const string NodePortKey = "servicenodeportallocations.internal.miniapiserver.io";
    private const string ServicesKey = "services";
    private const int RandomAttempts = 64;

    /// <summary>Longer than any Service write takes to follow its claim.</summary>
    public static readonly TimeSpan InFlightGrace = TimeSpan.FromSeconds(30);

    public ServiceNetwork Network => network;

    /// <summary>
    /// Fills in and claims the cluster IP and node ports of a new Service. A dry run only checks that the values
    /// asked for are free. Throws a 422 naming the field when a value is taken or out of range.
    /// </summary>
    public async Task<List<ServiceAllocation>> AllocateAsync(JsonObject svc, bool dryRun)
    {
        var claimed = new List<ServiceAllocation>();
        try
        {
            var spec = svc["spec"] as JsonObject ?? [];
            var owner = Owner(svc);
            if (NeedsClusterIp(spec))
            {
                claimed.Add(await AllocateClusterIpAsync(spec, owner, dryRun).ConfigureAwait(false));
            }
            if (NeedsNodePorts(spec))
            {
                claimed.AddRange(await AllocateNodePortsAsync(spec, owner, dryRun, [], []).ConfigureAwait(false));
            }
            if (NeedsHealthCheckNodePort(spec))
            {
                claimed.Add(await AllocateHealthCheckNodePortAsync(spec, owner, dryRun, claimed).ConfigureAwait(false));
            }
            return dryRun ? [] : claimed;
        }
        catch
        {
            await ReleaseAsync(claimed).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>An update's new values: a cluster IP when the Service leaves ExternalName, node ports it did not have.</summary>
    public async Task<List<ServiceAllocation>> AllocateUpdateAsync(JsonObject svc, JsonObject old, bool dryRun)
    {
        var claimed = new List<ServiceAllocation>();
        try
        {
            var spec = svc["spec"] as JsonObject ?? [];
            var owner = Owner(svc);
            if (NeedsClusterIp(spec) && Str(spec, "clusterIP") != Str(old["spec"], "clusterIP"))
            {
                claimed.Add(await AllocateClusterIpAsync(spec, owner, dryRun).ConfigureAwait(false));
            }
            if (NeedsNodePorts(spec))
            {
                // The health check port the Service holds is as taken for its node ports as any other Service's.
                var oldSpec = old["spec"] as JsonObject ?? [];
                IReadOnlyCollection<string> reserved = NeedsHealthCheckNodePort(oldSpec) && HealthCheckNodePort(oldSpec) is > 0 and var held
                    ? [held.ToString(CultureInfo.InvariantCulture)]
                    : [];
                claimed.AddRange(await AllocateNodePortsAsync(spec, owner, dryRun, NodePorts(old), reserved).ConfigureAwait(false));
            }
            // updateHealthCheckNodePort allocates only when the Service starts to need one: validation keeps it unchanged after.
            if (NeedsHealthCheckNodePort(spec) && !NeedsHealthCheckNodePort(old["spec"] as JsonObject ?? []))
            {
                claimed.Add(await AllocateHealthCheckNodePortAsync(spec, owner, dryRun, claimed).ConfigureAwait(false));
            }
            return dryRun ? [] : claimed;
        }
        catch
        {
            await ReleaseAsync(claimed).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Releases what a deleted Service held, or what an update stopped using.</summary>
    public Task ReleaseAsync(JsonObject old, JsonObject? updated = null)
    {
        var keep = updated is null ? [] : Values(updated).ToHashSet();
        return ReleaseAsync(Values(old).Where(v => !keep.Contains(v)).ToList(), Owner(old).Uid);
    }

    public async Task ReleaseAsync(IReadOnlyList<ServiceAllocation> allocations, string? ownerUid = null)
    {
        foreach (var a in allocations)
        {
            var current = store.Cache.Get(a.Resource, "", a.Value);
            if (current is null || (ownerUid is not null && OwnerUid(current) != ownerUid))
            {
                continue;
            }
            try
            {
                var result = await store.WriteAsync(new WriteCommand(WriteKind.Delete, a.Resource, "", a.Value, null, current.ResourceVersion)).ConfigureAwait(false);
                if (!result.Succeeded && result.Outcome != WriteOutcome.NotFound)
                {
                    // Changed under us: another Service took it over, so it is no longer ours to release.
                    logger.LogInformation("service allocation {Resource}/{Value} changed before its release: {Outcome}", a.Resource, a.Value, result.Outcome);
                }
            }
            catch (Exception ex)
            {
                // Left behind, it is taken over after InFlightGrace by the next Service that wants the value.
                logger.LogError(ex, "releasing service allocation {Resource}/{Value} failed", a.Resource, a.Value);
            }
        }
    }

    /// <summary>True when <paramref name="ip"/> is claimed by a Service (the kubernetes Service reconciler asks).</summary>
    public bool IsAllocated(string ip) => store.Cache.Get(ClusterIpKey, "", ip) is not null;

    private async Task<ServiceAllocation> AllocateClusterIpAsync(JsonObject spec, ServiceOwner owner, bool dryRun)
    {
        var range = network.ClusterIps;
        var requested = Str(spec, "clusterIP");
        if (requested.Length > 0)
        {
            if (range.OffsetOf(requested) is not { } offset || offset == 0 || offset == range.Size - 1)
            {
                throw ClusterIpInvalid(owner, requested, $"the provided IP ({requested}) is not in the valid range. The range of valid IPs is {range}");
            }
            if (!await ClaimAsync(ClusterIpKey, requested, owner, dryRun).ConfigureAwait(false))
            {
                throw ClusterIpInvalid(owner, requested, "provided IP is already allocated");
            }
            return new ServiceAllocation(ClusterIpKey, requested);
        }
        // ServiceIPStaticSubrange: dynamic addresses come from above the low band first, which is kept for static ones.
        var staticBand = Math.Min(Math.Max(16, range.Size / 16), 256);
        var ip = await PickAsync(ClusterIpKey, owner, dryRun, staticBand, range.Size - 1, 1, o => range.At(o)).ConfigureAwait(false)
            ?? throw ApiErrors.Invalid("", "Service", owner.Name, [new StatusCause("FieldValueInvalid", "Invalid value: \"\": failed to allocate a serviceIP: range is full", "spec.clusterIPs")]);
        spec["clusterIP"] = ip;
        spec["clusterIPs"] = new JsonArray(ip);
        return new ServiceAllocation(ClusterIpKey, ip);
    }

    /// <param name="alreadyHeld">Node ports the Service holds from before, which it keeps.</param>
    /// <param name="reserved">Other ports the Service holds, which its node ports may not take.</param>
    private async Task<List<ServiceAllocation>> AllocateNodePortsAsync(
        JsonObject spec, ServiceOwner owner, bool dryRun, IReadOnlyCollection<string> alreadyHeld, IReadOnlyCollection<string> reserved)
    {
        var claimed = new List<ServiceAllocation>();
        var ports = (spec["ports"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var first = network.FirstNodePort;
        var size = network.LastNodePort - first + 1;
        var staticBand = Math.Min(Math.Max(16, size / 32), 128);
        for (var i = 0; i < ports.Count; i++)
        {
            var port = ports[i];
            var requested = port["nodePort"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : 0;
            if (requested != 0)
            {
                var value = requested.ToString(CultureInfo.InvariantCulture);
                if (alreadyHeld.Contains(value) || claimed.Any(c => c.Value == value))
                {
                    continue;
                }
                if (requested < first || requested > network.LastNodePort)
                {
                    throw NodePortInvalid(owner, i, requested, $"provided port is not in the valid range. The range of valid ports is {first}-{network.LastNodePort}");
                }
                if (reserved.Contains(value) || !await ClaimAsync(NodePortKey, value, owner, dryRun).ConfigureAwait(false))
                {
                    throw NodePortInvalid(owner, i, requested, "provided port is already allocated");
                }
                claimed.Add(new ServiceAllocation(NodePortKey, value));
                continue;
            }
            var taken = NodePortsOf(spec).Concat(reserved).ToHashSet();
            var picked = await PickAsync(NodePortKey, owner, dryRun, staticBand, size, 0, o => (first + o).ToString(CultureInfo.InvariantCulture), taken).ConfigureAwait(false)
                ?? throw NodePortInvalid(owner, i, 0, "range is full");
            port["nodePort"] = int.Parse(picked, CultureInfo.InvariantCulture);
            claimed.Add(new ServiceAllocation(NodePortKey, picked));
        }
        return claimed;
    }

    /// <summary>
    /// allocHealthCheckNodePort: the node port a load balancer probes for a Service with externalTrafficPolicy Local, from
    /// the same range as the Service's node ports. Upstream answers a taken or unavailable one with a 500; it is the
    /// client's value that cannot be had, so here it is a 422 naming the field.
    /// </summary>
    private async Task<ServiceAllocation> AllocateHealthCheckNodePortAsync(JsonObject spec, ServiceOwner owner, bool dryRun, IReadOnlyCollection<ServiceAllocation> claimedNow)
    {
        var first = network.FirstNodePort;
        var requested = HealthCheckNodePort(spec);
        if (requested != 0)
        {
            var value = requested.ToString(CultureInfo.InvariantCulture);
            // A claim of this Service's counts as free to ClaimAsync, so its own node ports are checked here.
            var reason = requested < first || requested > network.LastNodePort
                ? $"provided port is not in the valid range. The range of valid ports is {first}-{network.LastNodePort}"
                : claimedNow.Contains(new ServiceAllocation(NodePortKey, value)) || NodePortsOf(spec).Contains(value)
                    || !await ClaimAsync(NodePortKey, value, owner, dryRun).ConfigureAwait(false)
                    ? "provided port is already allocated"
                    : null;
            return reason is null
                ? new ServiceAllocation(NodePortKey, value)
                : throw ApiErrors.Invalid("", "Service", owner.Name, [new StatusCause("FieldValueInvalid",
                    $"Invalid value: {requested}: failed to allocate requested HealthCheck NodePort {requested}: {reason}", "spec.healthCheckNodePort")]);
        }
        var size = network.LastNodePort - first + 1;
        var picked = await PickAsync(NodePortKey, owner, dryRun, Math.Min(Math.Max(16, size / 32), 128), size, 0, o => (first + o).ToString(CultureInfo.InvariantCulture),
            NodePortsOf(spec).ToHashSet()).ConfigureAwait(false)
            ?? throw ApiErrors.Invalid("", "Service", owner.Name, [new StatusCause("FieldValueInvalid",
                "Invalid value: 0: failed to allocate a HealthCheck NodePort 0: range is full", "spec.healthCheckNodePort")]);
        spec["healthCheckNodePort"] = int.Parse(picked, CultureInfo.InvariantCulture);
        return new ServiceAllocation(NodePortKey, picked);
    }

    /// <summary>Random free values from [low, high) first, then a scan of [lowest, high) so a nearly full range still allocates.</summary>
    /// <param name="taken">Values this Service already uses, which ClaimAsync would count as free to it.</param>
    private async Task<string?> PickAsync(string key, ServiceOwner owner, bool dryRun, long low, long high, long lowest, Func<long, string> value, IReadOnlySet<string>? taken = null)
    {
        if (low >= high)
        {
            low = lowest;
        }
        for (var i = 0; i < RandomAttempts; i++)
        {
            var candidate = value(low + Random.Shared.NextInt64(high - low));
            if (taken?.Contains(candidate) != true && store.Cache.Get(key, "", candidate) is null && await ClaimAsync(key, candidate, owner, dryRun).ConfigureAwait(false))
            {
                return candidate;
            }
        }
        for (var o = lowest; o < high; o++)
        {
            var candidate = value(o);
            if (taken?.Contains(candidate) != true && store.Cache.Get(key, "", candidate) is null && await ClaimAsync(key, candidate, owner, dryRun).ConfigureAwait(false))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>Creates the value's object; a claim of the same Service, or a stale one, counts as free.</summary>
    private async Task<bool> ClaimAsync(string key, string value, ServiceOwner owner, bool dryRun)
    {
        await store.CatchUpForReadAsync().ConfigureAwait(false);
        var existing = store.Cache.Get(key, "", value);
        if (dryRun)
        {
            return existing is null || OwnerUid(existing) == owner.Uid || IsStale(existing, key, value);
        }
        if (existing is null)
        {
            var created = await store.WriteAsync(new WriteCommand(WriteKind.Create, key, "", value, Record(value, owner))).ConfigureAwait(false);
            if (created.Succeeded)
            {
                return true;
            }
            await store.CatchUpForReadAsync().ConfigureAwait(false);
            existing = store.Cache.Get(key, "", value);
            if (existing is null)
            {
                return false;
            }
        }
        if (OwnerUid(existing) == owner.Uid)
        {
            return true;
        }
        if (!IsStale(existing, key, value))
        {
            return false;
        }
        // The revision precondition makes the takeover itself race-free: of two replicas taking over, one wins.
        var takeover = await store.WriteAsync(new WriteCommand(WriteKind.Update, key, "", value, Record(value, owner), existing.ResourceVersion)).ConfigureAwait(false);
        if (takeover.Succeeded)
        {
            logger.LogWarning("service allocation {Resource}/{Value} was left behind by a Service that no longer holds it; reused", key, value);
        }
        return takeover.Succeeded;
    }

    private bool IsStale(StoredObject allocation, string key, string value)
    {
        var record = ResourceService.Parse(allocation);
        var meta = record["metadata"] as JsonObject;
        var claimedAt = DateTimeOffset.TryParse(Str(meta, "creationTimestamp"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : DateTimeOffset.MinValue;
        if (time.GetUtcNow() - claimedAt < InFlightGrace)
        {
            return false;
        }
        var owner = record["owner"] as JsonObject;
        var svc = store.Cache.Get(ServicesKey, Str(owner, "namespace"), Str(owner, "name"));
        if (svc is null || svc.Index.Uid != Str(owner, "uid"))
        {
            return true;
        }
        var holds = Values(ResourceService.Parse(svc)).Contains(new ServiceAllocation(key, value));
        return !holds;
    }

    private JsonObject Record(string value, ServiceOwner owner) => new()
    {
        ["apiVersion"] = "internal.miniapiserver.io/v1",
        ["kind"] = "ServiceAllocation",
        ["metadata"] = new JsonObject { ["name"] = value, ["creationTimestamp"] = ObjectMeta.Timestamp(time.GetUtcNow()) },
        ["owner"] = new JsonObject { ["namespace"] = owner.Namespace, ["name"] = owner.Name, ["uid"] = owner.Uid },
    };

    private static IEnumerable<ServiceAllocation> Values(JsonObject svc)
    {
        var spec = svc["spec"] as JsonObject;
        var ip = Str(spec, "clusterIP");
        if (ip.Length > 0 && ip != "None")
        {
            yield return new ServiceAllocation(ClusterIpKey, ip);
        }
        foreach (var port in NodePorts(svc))
        {
            yield return new ServiceAllocation(NodePortKey, port);
        }
        // releaseAllocatedResources frees the health check port only while the Service needs one.
        if (spec is not null && NeedsHealthCheckNodePort(spec) && HealthCheckNodePort(spec) is > 0 and var healthCheck)
        {
            yield return new ServiceAllocation(NodePortKey, healthCheck.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static int HealthCheckNodePort(JsonObject? spec) =>
        spec?["healthCheckNodePort"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : 0;

    /// <summary>needsHCNodePort: a LoadBalancer whose external traffic stays on the node it arrives at.</summary>
    private static bool NeedsHealthCheckNodePort(JsonObject spec) =>
        Str(spec, "type") == "LoadBalancer" && Str(spec, "externalTrafficPolicy") == "Local";

    private static List<string> NodePorts(JsonObject svc) => NodePortsOf(svc["spec"] as JsonObject);

    private static List<string> NodePortsOf(JsonObject? spec) =>
        (spec?["ports"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(p => p["nodePort"] is JsonValue v && v.TryGetValue<int>(out var n) && n > 0 ? n.ToString(CultureInfo.InvariantCulture) : null)
            .OfType<string>().ToList();

    private static bool NeedsClusterIp(JsonObject spec) => Str(spec, "type") != "ExternalName" && Str(spec, "clusterIP") != "None";

    private static bool NeedsNodePorts(JsonObject spec) =>
        Str(spec, "type") == "NodePort" || (Str(spec, "type") == "LoadBalancer" && spec["allocateLoadBalancerNodePorts"]?.GetValue<bool>() != false);

    private static ServiceOwner Owner(JsonObject svc)
    {
        var meta = svc["metadata"] as JsonObject;
        return new ServiceOwner(Str(meta, "namespace"), Str(meta, "name"), Str(meta, "uid"));
    }

    private static string OwnerUid(StoredObject allocation) => Str(ResourceService.Parse(allocation)["owner"], "uid");

    private static ApiException ClusterIpInvalid(ServiceOwner owner, string ip, string reason) =>
        ApiErrors.Invalid("", "Service", owner.Name,
            [new StatusCause("FieldValueInvalid", $"Invalid value: {GoSyntax.Strings([ip])}: failed to allocate IP {ip}: {reason}", "spec.clusterIPs")]);

    private static ApiException NodePortInvalid(ServiceOwner owner, int index, int port, string reason) =>
        ApiErrors.Invalid("", "Service", owner.Name, [new StatusCause("FieldValueInvalid", $"Invalid value: {port}: {reason}", $"spec.ports[{index}].nodePort")]);

    private static string Str(JsonNode? node, string name) =>
        (node as JsonObject)?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    private sealed record ServiceOwner(string Namespace, string Name, string Uid);
}
