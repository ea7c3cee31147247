namespace MiniApiServer.Controllers.Runtime;

/// <summary>
/// client-go's workqueue semantics: a key is queued at most once, is never processed by two workers at
/// once (a key re-added while processing is re-queued when Done is called), failures back off per key
/// exponentially, and AddAfter schedules a key on the given clock.
/// </summary>
public sealed class WorkQueue<T> : IDisposable
    where T : notnull
{
    private readonly Lock _lock = new();
    private readonly Queue<T> _queue = new();
    private readonly HashSet<T> _dirty = [];
    private readonly HashSet<T> _processing = [];
    private readonly Dictionary<T, int> _failures = [];
    private readonly Dictionary<T, (ITimer Timer, DateTimeOffset ReadyAt)> _delayed = [];
    private readonly SemaphoreSlim _signal = new(0);
    private readonly TimeProvider _time;
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;
    private bool _shuttingDown;
    private long _adds;
    private long _retries;

    private readonly Prometheus.Gauge.Child _depthMetric;
    private readonly Prometheus.Counter.Child _addsMetric;
    private readonly Prometheus.Counter.Child _retriesMetric;

    public WorkQueue(TimeProvider time, TimeSpan? baseDelay = null, TimeSpan? maxDelay = null, string name = "unnamed")
    {
        _time = time;
        Name = name;
        _depthMetric = ControllerMetrics.Depth.WithLabels(name);
        _addsMetric = ControllerMetrics.Adds.WithLabels(name);
        _retriesMetric = ControllerMetrics.Retries.WithLabels(name);
        _baseDelay = baseDelay ?? TimeSpan.FromMilliseconds(5);
        _maxDelay = maxDelay ?? TimeSpan.FromSeconds(1000);
    }

    public string Name { get; }

    public int Depth
    {
        get { lock (_lock) { return _queue.Count; } }
    }

    public long Adds => Interlocked.Read(ref _adds);
    public long Retries => Interlocked.Read(ref _retries);

    public void Add(T item)
    {
        lock (_lock)
        {
            if (_shuttingDown || !_dirty.Add(item))
            {
                return;
            }
            _adds++;
            _addsMetric.Inc();
            if (_processing.Contains(item))
            {
                return;
            }
            _queue.Enqueue(item);
            _depthMetric.Set(_queue.Count);
        }
        _signal.Release();
    }

    public void AddAfter(T item, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(item);
            return;
        }
        lock (_lock)
        {
            if (_shuttingDown)
            {
                return;
            }
            var readyAt = _time.GetUtcNow() + delay;
            if (_delayed.TryGetValue(item, out var existing))
            {
                // client-go's delaying queue only ever moves a waiting key's readyAt earlier
                // (delaying_queue.go insert), so a later request must not postpone a pending one.
                if (existing.ReadyAt <= readyAt)
                {
                    return;
                }
                _delayed.Remove(item);
                existing.Timer.Dispose();
            }
            ITimer? timer = null;
            timer = _time.CreateTimer(_ =>
            {
                lock (_lock)
                {
                    if (_delayed.TryGetValue(item, out var t) && ReferenceEquals(t.Timer, timer))
                    {
                        _delayed.Remove(item);
                    }
                }
                Add(item);
            }, null, delay, Timeout.InfiniteTimeSpan);
            _delayed[item] = (timer, readyAt);
        }
    }

    public void AddRateLimited(T item)
    {
        int failures;
        lock (_lock)
        {
            failures = _failures.TryGetValue(item, out var f) ? f + 1 : 1;
            _failures[item] = failures;
            _retries++;
        }
        _retriesMetric.Inc();
        var delay = TimeSpan.FromTicks((long)Math.Min(_maxDelay.Ticks, _baseDelay.Ticks * Math.Pow(2, Math.Min(failures - 1, 30))));
        AddAfter(item, delay);
    }

    public void Forget(T item)
    {
        lock (_lock)
        {
            _failures.Remove(item);
        }
    }

    /// <summary>Waits for the next key; returns false once the queue is shut down and drained.</summary>
    public async Task<(bool Ok, T Item)> GetAsync(CancellationToken ct)
    {
        while (true)
        {
            lock (_lock)
            {
                if (_queue.TryDequeue(out var item))
                {
                    _depthMetric.Set(_queue.Count);
                    _processing.Add(item);
                    _dirty.Remove(item);
                    return (true, item);
                }
                if (_shuttingDown)
                {
                    return (false, default!);
                }
            }
            try
            {
                await _signal.WaitAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return (false, default!);
            }
        }
    }

    public void Done(T item)
    {
        var requeue = false;
        lock (_lock)
        {
            _processing.Remove(item);
            if (_dirty.Contains(item))
            {
                _queue.Enqueue(item);
                requeue = true;
            }
        }
        if (requeue)
        {
            _signal.Release();
        }
    }

    public void ShutDown()
    {
        lock (_lock)
        {
            _shuttingDown = true;
            foreach (var (t, _) in _delayed.Values)
            {
                t.Dispose();
            }
            _delayed.Clear();
        }
        _signal.Release(1024);
    }

    public void Dispose()
    {
        ShutDown();
        _signal.Dispose();
    }
}
