using System.Globalization;
using k8s.Models;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Admission;

/// <summary>validateProbe, validateLifecycle and validateHandler of pkg/apis/core/validation/validation.go.</summary>
public static class ProbeValidation
{
    private static readonly string[] HttpSchemes = ["HTTP", "HTTPS"];

    public static void ValidateProbe(V1Probe? probe, string path, FieldErrors errors)
    {
        if (probe is null)
        {
            return;
        }
        ValidateHandler(probe.Exec, probe.HttpGet, probe.TcpSocket, probe.Grpc is not null, sleep: false, path, errors);
        foreach (var (field, value) in new[] { ("initialDelaySeconds", probe.InitialDelaySeconds), ("timeoutSeconds", probe.TimeoutSeconds), ("periodSeconds", probe.PeriodSeconds), ("successThreshold", probe.SuccessThreshold), ("failureThreshold", probe.FailureThreshold) })
        {
            if (value is < 0)
            {
                errors.Invalid($"{path}.{field}", value, "must be greater than or equal to 0");
            }
        }
    }

    public static void ValidateLifecycle(V1Lifecycle? lifecycle, string path, FieldErrors errors)
    {
        foreach (var (field, handler) in new[] { ("postStart", lifecycle?.PostStart), ("preStop", lifecycle?.PreStop) })
        {
            if (handler is not null)
            {
                ValidateHandler(handler.Exec, handler.HttpGet, handler.TcpSocket, grpc: false, handler.Sleep is not null, $"{path}.{field}", errors);
            }
        }
    }

    private static void ValidateHandler(V1ExecAction? exec, V1HTTPGetAction? httpGet, V1TCPSocketAction? tcpSocket, bool grpc, bool sleep, string path, FieldErrors errors)
    {
        var handlers = 0;
        if (exec is not null && Count(ref handlers, $"{path}.exec", errors) && (exec.Command is null || exec.Command.Count == 0))
        {
            errors.Required($"{path}.exec.command");
        }
        if (httpGet is not null && Count(ref handlers, $"{path}.httpGet", errors))
        {
            ValidatePortNumOrName(httpGet.Port, $"{path}.httpGet.port", errors);
            // An empty path and scheme are defaulted (SetDefaults_HTTPGetAction) before validation ever sees them.
            if (!string.IsNullOrEmpty(httpGet.Scheme) && !HttpSchemes.Contains(httpGet.Scheme))
            {
                errors.NotSupported($"{path}.httpGet.scheme", httpGet.Scheme, HttpSchemes);
            }
        }
        if (tcpSocket is not null && Count(ref handlers, $"{path}.tcpSocket", errors))
        {
            ValidatePortNumOrName(tcpSocket.Port, $"{path}.tcpSocket.port", errors);
        }
        if (grpc)
        {
            Count(ref handlers, $"{path}.grpc", errors);
        }
        if (sleep)
        {
            Count(ref handlers, $"{path}.sleep", errors);
        }
        if (handlers == 0)
        {
            errors.Required(path, "must specify a handler type");
        }
    }

    private static bool Count(ref int handlers, string path, FieldErrors errors)
    {
        if (handlers > 0)
        {
            errors.Forbidden(path, "may not specify more than 1 handler type");
            return false;
        }
        handlers++;
        return true;
    }

    /// <summary>ValidatePortNumOrName: an absent port is intstr's zero value, the integer 0.</summary>
    public static void ValidatePortNumOrName(IntOrString? port, string path, FieldErrors errors)
    {
        var raw = port?.Value ?? "0";
        if (int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            if (number is < 1 or > 65535)
            {
                errors.Invalid(path, number, "must be between 1 and 65535, inclusive");
            }
            return;
        }
        if (PortNameError(raw) is { } message)
        {
            errors.Invalid(path, raw, message);
        }
    }

    /// <summary>IsValidPortName of k8s.io/apimachinery/pkg/util/validation; the first failing rule.</summary>
    private static string? PortNameError(string name)
    {
        if (name.Length > 15)
        {
            return "must be no more than 15 characters";
        }
        if (!name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
        {
            return "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)";
        }
        if (!name.Any(c => c is >= 'a' and <= 'z'))
        {
            return "must contain at least one letter (a-z)";
        }
        if (name.Contains("--", StringComparison.Ordinal))
        {
            return "must not contain consecutive hyphens";
        }
        return name.StartsWith('-') || name.EndsWith('-') ? "must not begin or end with a hyphen" : null;
    }
}
