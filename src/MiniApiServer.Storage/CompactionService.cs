using Microsoft.Extensions.Hosting;

namespace MiniApiServer.Storage;

/// <summary>Periodically trims the durable change log to the window the feed still serves.</summary>
public sealed class CompactionService(ObjectStore store, StorageOptions options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.CompactionInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            store.RequestCompaction();
        }
    }
}
