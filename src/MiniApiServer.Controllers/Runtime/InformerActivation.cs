using Microsoft.Extensions.Logging;

namespace MiniApiServer.Controllers.Runtime;

/// <summary>
/// Runs the informers that only control loops read while this replica leads at least one component, and stops them
/// when it leads none, as kube-controller-manager starts its informers only once it has won its lease
/// (cmd/kube-controller-manager/app/controllermanager.go, Run: StartControllers and InformerFactory.Start inside
/// OnStartedLeading). A standby replica then spends nothing decoding the objects other replicas write for controllers
/// it does not run (39.6% of such a replica's CPU while another wrote pods, docs/benchmarks.md session 30). A replica
/// that starts leading lists from its own cache, in memory, so the cost of starting cold is one decode per object (after
/// a stop, per object that changed meanwhile: a stopped informer keeps the stored versions it last saw, not their
/// models). kube-scheduler upstream starts its informers before its leader election, warm for a takeover; here the
/// scheduler's informers are the same shared ones, started with the first lease this replica wins.
/// </summary>
public sealed class InformerActivation(IReadOnlyList<IInformer> informers, ILogger logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _leading;
    private CancellationTokenSource? _stop;
    private Task _runs = Task.CompletedTask;
    private long _runsStarted;

    /// <summary>
    /// Starts the informers if no component here led until now, and returns once they have listed; disposing the
    /// result stops them when it was the last component leading.
    /// </summary>
    public async Task<Activated> AcquireAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_leading++ == 0 && informers.Count > 0)
            {
                _runsStarted++;
                foreach (var informer in informers)
                {
                    informer.ExpectRelist();
                }
                _stop = new CancellationTokenSource();
                var stop = _stop.Token;
                _runs = Task.WhenAll(informers.Select(i => Task.Run(() => i.RunAsync(stop), CancellationToken.None)));
                ControllerMetrics.InformersRunning.Inc(informers.Count);
                logger.LogInformation("leading a component: started {Count} informers", informers.Count);
            }
        }
        finally
        {
            _gate.Release();
        }
        var release = new Activated(this, _runsStarted);
        try
        {
            await Task.WhenAll(informers.Select(i => i.WaitForSyncAsync(ct))).ConfigureAwait(false);
        }
        catch
        {
            await release.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return release;
    }

    private async Task ReleaseAsync()
    {
        await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (--_leading == 0 && _stop is not null)
            {
                await _stop.CancelAsync().ConfigureAwait(false);
                await _runs.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                foreach (var informer in informers)
                {
                    informer.ReleaseModels();
                }
                _stop.Dispose();
                _stop = null;
                ControllerMetrics.InformersRunning.Dec(informers.Count);
                logger.LogInformation("leading no component: stopped {Count} informers", informers.Count);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>One component's hold on the informers.</summary>
    public sealed class Activated(InformerActivation owner, long run) : IAsyncDisposable
    {
        private int _done;

        /// <summary>
        /// How many times the informers have been started so far: a component that sees a number other than at its
        /// last leadership knows they were stopped in between, and may have missed changes.
        /// </summary>
        public long Run { get; } = run;

        public ValueTask DisposeAsync() => Interlocked.Exchange(ref _done, 1) == 0 ? new ValueTask(owner.ReleaseAsync()) : ValueTask.CompletedTask;
    }
}
