using k8s.Models;
using Mediator;
using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Certificates;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.Certificates;

/// <summary>
/// pkg/controller/certificates/signer (kube-controller-manager's csrsigning): the four kubernetes.io signers in one
/// loop, signing with the cluster signing CA. An approved request for one of them is either issued a certificate or,
/// when it breaks its signer's rules, marked Failed with reason SignerValidationFailure; both through /status.
/// </summary>
public sealed class CsrSigningController : IControlLoop, IReconciler<string>, IInformerHandler<V1CertificateSigningRequest>
{
    private readonly SharedInformers _informers;
    private readonly ObjectClient _client;
    private readonly ClusterSigningAuthority _authority;
    private readonly TimeProvider _time;
    private readonly ControllerHost<string> _host;
    private int _handlersAdded;

    public CsrSigningController(SharedInformers informers, ResourceService service, ISender sender, ClusterSigningAuthority authority, TimeProvider time, ILogger<CsrSigningController> logger)
    {
        _informers = informers;
        _client = new ObjectClient(sender, service.Registry, ObjectClient.ServiceAccount("certificate-controller"));
        _authority = authority;
        _time = time;
        _host = new ControllerHost<string>(this, workers: 1, time, logger, queueName: "certificate");
    }

    public string Name => "certificatesigningrequest-signing-controller";

    public Task RunAsync(CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _handlersAdded, 1) == 0)
        {
            _informers.CertificateSigningRequests.AddHandler(this);
        }
        foreach (var csr in _informers.CertificateSigningRequests.List())
        {
            OnAdd(csr);
        }
        return _host.RunAsync(ct);
    }

    public async Task<ReconcileResult> ReconcileAsync(string name, CancellationToken ct)
    {
        if (_informers.CertificateSigningRequests.Get("", name) is not { } csr || !CsrSigningPolicy.Wants(csr))
        {
            return ReconcileResult.Done;
        }
        var (request, error) = CertificateRequests.Parse(csr.Spec.Request);
        if (request is null)
        {
            // Validation lets no such request in; upstream returns the error for a retry, as this does.
            throw new InvalidOperationException($"unable to parse csr \"{name}\": {error}");
        }
        var violation = CsrSigningPolicy.Violation(csr.Spec.SignerName, request.SubjectName, SubjectAltNames.Of(request), csr.Spec.Usages);
        var now = _time.GetUtcNow();
        var certificate = violation is null
            ? CertificateIssuer.Sign(request, csr.Spec.Usages ?? [], CsrSigningPolicy.Duration(csr.Spec.ExpirationSeconds, _authority.Duration), _authority.Certificate, now)
            : null;
        try
        {
            await _client.UpdateAsync<V1CertificateSigningRequest>("", name, c => Apply(c, csr.Metadata.Uid, certificate, violation, now.UtcDateTime), status: true, ct: ct).ConfigureAwait(false);
        }
        catch (ApiException ex) when (ex.Code == 404)
        {
            // Deleted meanwhile.
        }
        return ReconcileResult.Done;
    }

    /// <summary>The one write: the certificate, or the Failed condition, on the same request still wanting it.</summary>
    private static bool Apply(V1CertificateSigningRequest csr, string uid, string? certificate, string? violation, DateTime now)
    {
        if (csr.Metadata.Uid != uid || !CsrSigningPolicy.Wants(csr))
        {
            return false;
        }
        csr.Status ??= new V1CertificateSigningRequestStatus();
        if (certificate is not null)
        {
            csr.Status.Certificate = System.Text.Encoding.UTF8.GetBytes(certificate);
            return true;
        }
        (csr.Status.Conditions ??= []).Add(new V1CertificateSigningRequestCondition
        {
            Type = CertificateConditions.Failed,
            Status = "True",
            Reason = CsrSigningPolicy.FailureReason,
            Message = violation,
            LastUpdateTime = now,
        });
        return true;
    }

    public void OnAdd(V1CertificateSigningRequest obj)
    {
        if (CsrSigningPolicy.Wants(obj))
        {
            _host.Queue.Add(obj.Metadata.Name);
        }
    }

    public void OnUpdate(V1CertificateSigningRequest oldObj, V1CertificateSigningRequest newObj) => OnAdd(newObj);

    public void OnDelete(V1CertificateSigningRequest obj)
    {
    }
}
