using System.Text.Json.Nodes;

namespace MiniApiServer.Pipeline;

/// <summary>
/// kube-apiserver's log audit backend (--audit-log-path): one audit.k8s.io/v1 Event per line, appended.
/// Without a path nothing is written.
/// </summary>
public sealed class AuditLog : IDisposable
{
    private readonly StreamWriter? _writer;
    private readonly Lock _gate = new();

    public AuditLog(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return;
        }
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir)
        {
            Directory.CreateDirectory(dir);
        }
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
    }

    public bool Enabled => _writer is not null;

    public void Write(JsonObject auditEvent)
    {
        if (_writer is null)
        {
            return;
        }
        var line = auditEvent.ToJsonString();
        lock (_gate)
        {
            _writer.WriteLine(line);
        }
    }

    public void Dispose() => _writer?.Dispose();
}
