using System.Data.Common;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace MiniApiServer.IntegrationTests.Watch;

/// <summary>
/// The rows of a stopped server's durable change log for one namespace of ConfigMaps, and the watch history
/// a selector should produce from them, derived here independently of the server's own filtering.
/// </summary>
internal sealed class CommittedLog
{
    private readonly List<(long Revision, string Name, int Type, string? Set)> _rows = [];

    private CommittedLog()
    {
    }

    public int Count => _rows.Count;

    /// <summary>Reads the log; the server must have stopped, as it holds the file exclusively while running.</summary>
    public static CommittedLog Read(string databasePath, string @namespace)
    {
        var cs = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        using var connection = new SqliteConnection(cs.ToString());
        return Read(connection, @namespace);
    }

    /// <summary>Reads the log over any provider's connection; both providers name the table and its columns alike.</summary>
    public static CommittedLog Read(DbConnection connection, string @namespace)
    {
        var log = new CommittedLog();
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, name, type, json FROM changes WHERE resource = 'configmaps' AND namespace = @ns ORDER BY id";
        var ns = command.CreateParameter();
        ns.ParameterName = "ns";
        ns.Value = @namespace;
        command.Parameters.Add(ns);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var json = JsonNode.Parse(Encoding.UTF8.GetString((byte[])reader["json"]))!;
            log._rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), json["metadata"]?["labels"]?["set"]?.GetValue<string>()));
        }
        return log;
    }

    /// <summary>
    /// The events a watch with this selector must deliver for the revisions in (after, through], following the
    /// apiserver cacher: ADDED when an object starts to match, MODIFIED while it keeps matching, DELETED when it
    /// stops matching or is deleted while matching, nothing while it does not match.
    /// </summary>
    public List<WatchEventKey> Expected(Func<string?, bool> selectorMatches, long after, long through)
    {
        var previous = new Dictionary<string, string?>(StringComparer.Ordinal);
        var expected = new List<WatchEventKey>();
        foreach (var (revision, name, type, set) in _rows)
        {
            var before = previous.TryGetValue(name, out var previousSet) && selectorMatches(previousSet);
            var now = type != 3 && selectorMatches(set);
            if (type == 3)
            {
                previous.Remove(name);
            }
            else
            {
                previous[name] = set;
            }
            var eventType = (before, now) switch
            {
                (false, true) => "ADDED",
                (true, true) => "MODIFIED",
                (true, false) => "DELETED",
                _ => null,
            };
            if (eventType is not null && revision > after && revision <= through)
            {
                expected.Add(new WatchEventKey(eventType, name, revision));
            }
        }
        return expected;
    }
}
