namespace MiniApiServer.Application.Serialization;

/// <summary>
/// What <see cref="ModelCodec"/> did on the current async flow since <see cref="Start"/>: a test wraps one write in
/// it to show what that write path costs (a controller update: one encode, no decode of the object it wrote).
/// Outside a scope the codec pays one AsyncLocal read per call.
/// </summary>
public sealed class CodecCounts : IDisposable
{
    private static readonly AsyncLocal<CodecCounts?> Current = new();
    private readonly CodecCounts? _outer;
    private int _encodes;
    private int _partEncodes;
    private int _bodyDecodes;
    private int _storedDecodes;
    private int _parses;

    private CodecCounts(CodecCounts? outer) => _outer = outer;

    /// <summary>Whole objects serialized (to a JsonObject or to stored bytes).</summary>
    public int Encodes => _encodes;

    /// <summary>Parts of objects serialized (a pod spec for the immutability check of a pod update).</summary>
    public int PartEncodes => _partEncodes;

    /// <summary>JsonObjects decoded to a model: how a request body (or a JSON mutation) becomes typed.</summary>
    public int BodyDecodes => _bodyDecodes;

    /// <summary>Stored bytes decoded to a model (the current object an update starts from).</summary>
    public int StoredDecodes => _storedDecodes;

    /// <summary>Stored bytes parsed to compare two objects structurally.</summary>
    public int Parses => _parses;

    public static CodecCounts Start() => Current.Value = new CodecCounts(Current.Value);

    public void Dispose() => Current.Value = _outer;

    internal static void Encoded(object model)
    {
        if (model is k8s.IKubernetesObject)
        {
            Bump(static c => ref c._encodes);
        }
        else
        {
            Bump(static c => ref c._partEncodes);
        }
    }

    internal static void BodyDecoded() => Bump(static c => ref c._bodyDecodes);

    internal static void StoredDecoded() => Bump(static c => ref c._storedDecodes);

    internal static void Parsed() => Bump(static c => ref c._parses);

    private delegate ref int Counter(CodecCounts counts);

    private static void Bump(Counter counter)
    {
        for (var c = Current.Value; c is not null; c = c._outer)
        {
            Interlocked.Increment(ref counter(c));
        }
    }
}
