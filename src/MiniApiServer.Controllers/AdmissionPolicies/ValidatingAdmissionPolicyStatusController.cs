using k8s.Models;
using Mediator;
using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.AdmissionPolicies;

/// <summary>
/// pkg/controller/validatingadmissionpolicystatus (kube-controller-manager): a policy whose generation is ahead of its
/// status gets status.observedGeneration and typeChecking. Type checking against the matched kinds' schemas is not
/// done here, so typeChecking carries no warnings; what a client waits on (observedGeneration) is upstream's.
/// </summary>
public sealed class ValidatingAdmissionPolicyStatusController : IControlLoop, IReconciler<string>, IInformerHandler<V1ValidatingAdmissionPolicy>
{
    private readonly SharedInformers _informers;
    private readonly ObjectClient _client;
    private readonly ControllerHost<string> _host;
    private int _handlersAdded;

    public ValidatingAdmissionPolicyStatusController(SharedInformers informers, ResourceService service, ISender sender, TimeProvider time,
        ILogger<ValidatingAdmissionPolicyStatusController> logger)
    {
        _informers = informers;
        _client = new ObjectClient(sender, service.Registry, ObjectClient.ServiceAccount("validatingadmissionpolicy-status-controller"));
        _host = new ControllerHost<string>(this, workers: 1, time, logger, queueName: "validatingadmissionpolicy-status");
    }

    public string Name => "validatingadmissionpolicy-status-controller";

    public Task RunAsync(CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _handlersAdded, 1) == 0)
        {
            _informers.ValidatingAdmissionPolicies.AddHandler(this);
        }
        foreach (var policy in _informers.ValidatingAdmissionPolicies.List())
        {
            OnAdd(policy);
        }
        return _host.RunAsync(ct);
    }

    /// <summary>Whether the status has yet to observe the policy's generation (reconcile's first check).</summary>
    public static bool Behind(V1ValidatingAdmissionPolicy policy) =>
        (policy.Metadata?.Generation ?? 0) > (policy.Status?.ObservedGeneration ?? 0);

    public async Task<ReconcileResult> ReconcileAsync(string name, CancellationToken ct)
    {
        if (_informers.ValidatingAdmissionPolicies.Get("", name) is not { } policy || !Behind(policy))
        {
            return ReconcileResult.Done;
        }
        try
        {
            await _client.UpdateAsync<V1ValidatingAdmissionPolicy>("", name, p => Observe(p, policy.Metadata.Uid), status: true, ct: ct).ConfigureAwait(false);
        }
        catch (ApiException ex) when (ex.Code == 404)
        {
            // Deleted meanwhile.
        }
        return ReconcileResult.Done;
    }

    /// <summary>The one write, on the same policy still behind: the generation it is at now, and no type-checking warnings.</summary>
    private static bool Observe(V1ValidatingAdmissionPolicy policy, string uid)
    {
        if (policy.Metadata.Uid != uid || !Behind(policy))
        {
            return false;
        }
        policy.Status ??= new V1ValidatingAdmissionPolicyStatus();
        policy.Status.ObservedGeneration = policy.Metadata.Generation;
        policy.Status.TypeChecking = new V1TypeChecking();
        return true;
    }

    public void OnAdd(V1ValidatingAdmissionPolicy obj)
    {
        if (Behind(obj))
        {
            _host.Queue.Add(obj.Metadata.Name);
        }
    }

    public void OnUpdate(V1ValidatingAdmissionPolicy oldObj, V1ValidatingAdmissionPolicy newObj) => OnAdd(newObj);

    public void OnDelete(V1ValidatingAdmissionPolicy obj)
    {
    }
}
