using System.Globalization;

namespace MiniApiServer.Pipeline;

/// <summary>
/// gopkg.in/natefinch/lumberjack.v2's Logger, which kube-apiserver's log backend writes through: before a line would take
/// the file past --audit-log-maxsize megabytes (100 when 0) the file is renamed NAME-2006-01-02T15-04-05.000.EXT (UTC)
/// and a new one begun; then the backups past --audit-log-maxbackup (the newest kept) and those older than
/// --audit-log-maxage days, by the time in their name, are deleted. A line longer than the limit is refused, as there.
/// </summary>
internal sealed class RotatingAuditFile : IDisposable
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH-mm-ss.fff";
    private const long DefaultMaxSize = 100L * 1024 * 1024;

    private readonly string _path;
    private readonly string _directory;
    private readonly string _prefix;
    private readonly string _extension;
    private readonly long _maxSize;
    private readonly AuditLogOptions _options;
    private readonly TimeProvider _time;
    private FileStream _file;
    private long _size;

    public RotatingAuditFile(string path, AuditLogOptions options, TimeProvider time)
    {
        _path = Path.GetFullPath(path);
        _directory = Path.GetDirectoryName(_path)!;
        _prefix = Path.GetFileNameWithoutExtension(_path) + "-";
        _extension = Path.GetExtension(_path);
        _maxSize = options.MaxSizeMegabytes > 0 ? options.MaxSizeMegabytes * 1024L * 1024 : DefaultMaxSize;
        _options = options;
        _time = time;
        Directory.CreateDirectory(_directory);
        _file = Open();
        _size = _file.Length;
    }

    public void Write(ReadOnlySpan<byte> line)
    {
        if (line.Length > _maxSize)
        {
            return;
        }
        if (_size + line.Length > _maxSize)
        {
            Rotate();
        }
        _file.Write(line);
        _file.Flush();
        _size += line.Length;
    }

    public void Dispose() => _file.Dispose();

    private FileStream Open() => new(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);

    private void Rotate()
    {
        _file.Dispose();
        var now = _time.GetUtcNow().UtcDateTime;
        try
        {
            File.Move(_path, Path.Combine(_directory, _prefix + now.ToString(TimeFormat, CultureInfo.InvariantCulture) + _extension), overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Something else moved or locked the file (logrotate without copytruncate): the events go on in a file at the
            // path rather than being lost, and the next rotation tries again.
        }
        _file = Open();
        _size = _file.Length;
        DeleteOldBackups(now);
    }

    /// <summary>lumberjack's millRunOnce, without compression.</summary>
    private void DeleteOldBackups(DateTime now)
    {
        if (_options.MaxBackups == 0 && _options.MaxAgeDays == 0)
        {
            return;
        }
        var backups = Directory.EnumerateFiles(_directory, _prefix + "*" + _extension)
            .Select(f => (File: f, Time: TimeOf(Path.GetFileName(f))))
            .Where(b => b.Time is not null)
            .OrderByDescending(b => b.Time)
            .ToList();
        var expired = new HashSet<string>(StringComparer.Ordinal);
        if (_options.MaxBackups > 0)
        {
            expired.UnionWith(backups.Skip(_options.MaxBackups).Select(b => b.File));
        }
        if (_options.MaxAgeDays > 0)
        {
            var cutoff = now.AddDays(-_options.MaxAgeDays);
            expired.UnionWith(backups.Where(b => b.Time < cutoff).Select(b => b.File));
        }
        foreach (var file in expired)
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // Left for the next rotation, as lumberjack leaves a backup it cannot remove.
            }
        }
    }

    private DateTime? TimeOf(string name) =>
        name.Length > _prefix.Length + _extension.Length
        && DateTime.TryParseExact(name[_prefix.Length..^_extension.Length], TimeFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;
}
