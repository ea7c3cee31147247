namespace MiniApiServer.IntegrationTests.Infrastructure;

/// <summary>Polls a condition until a deadline instead of sleeping a fixed time.</summary>
public static class Eventually
{
    public static async Task<T> Get<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        T last = default!;
        Exception? lastError = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await probe().ConfigureAwait(false);
                if (done(last))
                {
                    return last;
                }
                lastError = null;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                lastError = ex;
            }
            await Task.Delay(50).ConfigureAwait(false);
        }
        throw new TimeoutException($"condition not met in time: {what}; last value: {System.Text.Json.JsonSerializer.Serialize(last)}", lastError);
    }

    public static Task True(Func<Task<bool>> probe, TimeSpan? timeout = null, string? what = null) =>
        Get(probe, b => b, timeout, what);

    /// <summary>Until the clock has left the second of a managedFields entry's time (its RFC 3339 form).</summary>
    public static Task PastSecond(string time) =>
        True(() => Task.FromResult(DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) != time),
            what: "the clock past the entry's second");
}
