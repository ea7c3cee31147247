using System.Security.Cryptography;
using System.Text;

namespace MiniApiServer.Security;

/// <summary>
/// The static token file (k8s.io/apiserver/pkg/authentication/token/tokenfile): CSV lines of
/// token,user,uid[,"group1,group2"]. Re-read when the file changes, so `kubeconfig` can add a user to a
/// running server.
/// </summary>
public sealed class TokenFile(string path)
{
    private readonly Lock _lock = new();
    private DateTime _loadedAt = DateTime.MinValue;
    private Dictionary<string, UserInfo> _tokens = new(StringComparer.Ordinal);

    public string Path => path;

    public UserInfo? Authenticate(string token)
    {
        var tokens = Current();
        foreach (var (candidate, user) in tokens)
        {
            // Constant-time comparison, so response timing does not leak a token prefix.
            if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), Encoding.UTF8.GetBytes(token)))
            {
                return user;
            }
        }
        return null;
    }

    /// <summary>The token of <paramref name="user"/>, appending a new system:masters line if there is none.</summary>
    public static string EnsureUser(string path, string user)
    {
        if (File.Exists(path))
        {
            foreach (var (token, info) in Parse(File.ReadAllLines(path)))
            {
                if (info.Name == user)
                {
                    return token;
                }
            }
        }
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        var fresh = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        File.AppendAllText(path, $"{fresh},{user},{Guid.NewGuid()},\"{UserInfo.MastersGroup}\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return fresh;
    }

    internal static IEnumerable<(string Token, UserInfo User)> Parse(IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#'))
            {
                continue;
            }
            var fields = SplitCsv(line);
            if (fields.Count < 3 || fields[0].Length == 0)
            {
                throw new FormatException($"token file line needs at least token,user,uid: \"{line}\"");
            }
            var groups = fields.Count > 3 ? fields[3].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
            yield return (fields[0], new UserInfo(fields[1], fields[2], groups));
        }
    }

    private Dictionary<string, UserInfo> Current()
    {
        var stamp = File.Exists(path) ? File.GetLastWriteTimeUtc(path) : DateTime.MinValue;
        lock (_lock)
        {
            if (stamp != _loadedAt)
            {
                _tokens = stamp == DateTime.MinValue ? new(StringComparer.Ordinal)
                    : Parse(File.ReadAllLines(path)).GroupBy(t => t.Token).ToDictionary(g => g.Key, g => g.Last().User, StringComparer.Ordinal);
                _loadedAt = stamp;
            }
            return _tokens;
        }
    }

    private static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var sb = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '"')
            {
                if (quoted && i + 1 < line.Length && line[i + 1] == '"')
                {
                    sb.Append('"');
                    i++;
                }
                else
                {
                    quoted = !quoted;
                }
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(sb.ToString().Trim());
                sb.Clear();
            }
            else
            {
                sb.Append(c);
            }
        }
        fields.Add(sb.ToString().Trim());
        return fields;
    }
}
