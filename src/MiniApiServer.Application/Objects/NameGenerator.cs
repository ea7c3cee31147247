namespace MiniApiServer.Application.Objects;

/// <summary>k8s.io/apiserver/pkg/storage/names: base truncated to 58 characters plus 5 random characters.</summary>
public static class NameGenerator
{
    /// <summary>k8s.io/apimachinery/pkg/util/rand's alphabet: no vowels, no confusable characters.</summary>
    public const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static string Generate(string prefix)
    {
        if (prefix.Length > 58)
        {
            prefix = prefix[..58];
        }
        Span<char> suffix = stackalloc char[5];
        for (var i = 0; i < suffix.Length; i++)
        {
            suffix[i] = Alphabet[Random.Shared.Next(Alphabet.Length)];
        }
        return prefix + new string(suffix);
    }
}
