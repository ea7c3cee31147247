using Mediator;
using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.Certificates;

/// <summary>
/// kube-controller-manager's csrcleaner (pkg/controller/certificates/cleaner): each period, the requests
/// <see cref="CsrCleanupPolicy"/> finds stale are deleted, each guarded by its uid so a re-created one stays.
/// </summary>
public sealed class CsrCleaner(SharedInformers informers, ResourceService service, ISender sender, ControllerOptions options, TimeProvider time, ILogger<CsrCleaner> logger) : IControlLoop
{
    private readonly ObjectClient _client = new(sender, service.Registry, ObjectClient.ServiceAccount("certificate-controller"));

    public string Name => "certificatesigningrequest-cleaner-controller";

    public async Task RunAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(options.CsrCleanerPeriod, time);
        // wait.UntilWithContext sweeps once at start, then every period.
        do
        {
            var now = time.GetUtcNow().UtcDateTime;
            foreach (var csr in informers.CertificateSigningRequests.List().Where(c => CsrCleanupPolicy.IsStale(c, now)))
            {
                try
                {
                    await _client.DeleteAsync(service.Registry.CertificateSigningRequests, "", csr.Metadata.Name, new DeleteOptions(PreconditionUid: csr.Metadata.Uid), ct).ConfigureAwait(false);
                }
                catch (ApiException ex) when (ex.Code is 404 or 409)
                {
                    logger.LogDebug("csr {Name} already gone or replaced", csr.Metadata.Name);
                }
                catch (ApiException ex)
                {
                    // Upstream logs and moves on to the next request; the next period tries again.
                    logger.LogError(ex, "unable to delete stale csr {Name}", csr.Metadata.Name);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false));
    }
}
