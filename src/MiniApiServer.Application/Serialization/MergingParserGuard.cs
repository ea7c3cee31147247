using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MiniApiServer.Application.Serialization;

/// <summary>Rejects anchors and aliases before the representation model expands them (YAML bombs).</summary>
internal sealed class MergingParserGuard(IParser inner) : IParser
{
    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }
        if (inner.Current is AnchorAlias)
        {
            throw new FormatException("YAML aliases are not supported");
        }
        return true;
    }
}
