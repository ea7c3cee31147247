using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MiniApiServer.Application.Serialization;

/// <summary>
/// Rejects nesting deeper than <see cref="MaxDepth"/> before a recursive reader exhausts the stack
/// (sigs.k8s.io/yaml relies on Go's growable stacks; .NET threads have a fixed one).
/// </summary>
internal sealed class MergingParserGuard(IParser inner) : IParser
{
    public const int MaxDepth = 100;
    private int _depth;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }
        switch (inner.Current)
        {
            case MappingStart or SequenceStart when ++_depth > MaxDepth:
                throw new FormatException($"YAML nesting exceeds {MaxDepth} levels");
            case MappingEnd or SequenceEnd:
                _depth--;
                break;
        }
        return true;
    }
}
