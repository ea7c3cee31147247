using System.Globalization;
using k8s.Models;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Admission;

/// <summary>validateProbe, validateLifecycle and validateHandler of pkg/apis/core/validation/validation.go.</summary>
public static class ProbeValidation
{
    private static readonly string[] HttpSchemes = ["HTTP", "HTTPS"];

    /// <summary>The probe of <paramref name="container"/> (a container's field path) named <paramref name="field"/>.</summary>
    public static void ValidateProbe(V1Probe? probe, string container, string field, FieldErrors errors)
    {
        if (probe is null)
        {
            return;
        }
        // Paths are built only for an error: every pod create with a probe comes through here.
        void NonNegative(int? value, string name)
        {
            if (value is < 0)
            {
                errors.Invalid($"{container}.{field}.{name}", value, "must be greater than or equal to 0");
            }
        }
        ValidateHandler(probe.Exec, probe.HttpGet, probe.TcpSocket, probe.Grpc is not null, sleep: false, container, field, errors);
        NonNegative(probe.InitialDelaySeconds, "initialDelaySeconds");
        NonNegative(probe.TimeoutSeconds, "timeoutSeconds");
        NonNegative(probe.PeriodSeconds, "periodSeconds");
        NonNegative(probe.SuccessThreshold, "successThreshold");
        NonNegative(probe.FailureThreshold, "failureThreshold");
    }

    public static void ValidateLifecycle(V1Lifecycle? lifecycle, string container, FieldErrors errors)
    {
        if (lifecycle?.PostStart is { } postStart)
        {
            ValidateHandler(postStart.Exec, postStart.HttpGet, postStart.TcpSocket, grpc: false, postStart.Sleep is not null, container, "lifecycle.postStart", errors);
        }
        if (lifecycle?.PreStop is { } preStop)
        {
            ValidateHandler(preStop.Exec, preStop.HttpGet, preStop.TcpSocket, grpc: false, preStop.Sleep is not null, container, "lifecycle.preStop", errors);
        }
    }

    private static void ValidateHandler(V1ExecAction? exec, V1HTTPGetAction? httpGet, V1TCPSocketAction? tcpSocket, bool grpc, bool sleep,
        string container, string field, FieldErrors errors)
    {
        var handlers = 0;
        string Path(string rest = "") => $"{container}.{field}{rest}";
        bool Count(string kind)
        {
            if (handlers > 0)
            {
                errors.Forbidden(Path(kind), "may not specify more than 1 handler type");
                return false;
            }
            handlers++;
            return true;
        }
        if (exec is not null && Count(".exec") && (exec.Command is null || exec.Command.Count == 0))
        {
            errors.Required(Path(".exec.command"));
        }
        if (httpGet is not null && Count(".httpGet"))
        {
            if (!NetValidation.IsValidPortNumOrName(httpGet.Port))
            {
                NetValidation.ValidatePortNumOrName(httpGet.Port, Path(".httpGet.port"), errors);
            }
            // An empty path and scheme are defaulted (SetDefaults_HTTPGetAction) before validation ever sees them.
            if (!string.IsNullOrEmpty(httpGet.Scheme) && !HttpSchemes.Contains(httpGet.Scheme))
            {
                errors.NotSupported(Path(".httpGet.scheme"), httpGet.Scheme, HttpSchemes);
            }
        }
        if (tcpSocket is not null && Count(".tcpSocket") && !NetValidation.IsValidPortNumOrName(tcpSocket.Port))
        {
            NetValidation.ValidatePortNumOrName(tcpSocket.Port, Path(".tcpSocket.port"), errors);
        }
        if (grpc)
        {
            Count(".grpc");
        }
        if (sleep)
        {
            Count(".sleep");
        }
        if (handlers == 0)
        {
            errors.Required(Path(), "must specify a handler type");
        }
    }
}
