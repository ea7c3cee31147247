using System.Text;
using System.Text.Json.Nodes;

namespace MiniApiServer.Pipeline;

/// <summary>
/// kube-apiserver's log audit backend (--audit-log-path): one audit.k8s.io/v1 Event per line, appended to a file that
/// rotates as lumberjack's does (<see cref="RotatingAuditFile"/>) or written to standard out for "-"; --audit-log-format
/// legacy writes format.go's text line instead. Without a path nothing is written.
/// </summary>
public sealed class AuditLog : IDisposable
{
    private readonly RotatingAuditFile? _file;
    private readonly bool _standardOut;
    private readonly bool _legacy;
    private readonly Lock _gate = new();
    private ILogger? _logger;

    public AuditLog(AuditLogOptions options)
    {
        _legacy = options.Legacy;
        _standardOut = options.Path == AuditLogOptions.StandardOut;
        if (options.Path is not null && !_standardOut)
        {
            _file = new RotatingAuditFile(options.Path, options, TimeProvider.System);
        }
    }

    public bool Enabled => _file is not null || _standardOut;

    public void Write(JsonObject auditEvent)
    {
        if (!Enabled)
        {
            return;
        }
        var line = (_legacy ? Audit.AuditLegacyFormat.EventString(auditEvent) : auditEvent.ToJsonString()) + "\n";
        lock (_gate)
        {
            try
            {
                if (_file is null)
                {
                    Console.Out.Write(line);
                    Console.Out.Flush();
                }
                else
                {
                    _file.Write(Encoding.UTF8.GetBytes(line));
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
            {
                // The log backend's errors never fail the request it audits (audit/plugin/log: "Error in audit plugin").
                Observability.ApiMetrics.AuditErrors.WithLabels("log").Inc();
                _logger?.LogError(ex, "Error in audit plugin 'log' affecting 1 event");
            }
        }
    }

    /// <summary>The logger the backend's write errors go to, once the host has one.</summary>
    public AuditLog WithLogger(ILogger logger)
    {
        _logger = logger;
        return this;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _file?.Dispose();
        }
    }
}
