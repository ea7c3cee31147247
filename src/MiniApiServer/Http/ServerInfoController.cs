using MiniApiServer.Controllers;
using Microsoft.AspNetCore.Mvc;
using MiniApiServer.Hosting;
using MiniApiServer.Storage;

namespace MiniApiServer.Http;

/// <summary>/version and the health endpoints, which stay open even when authentication is on.</summary>
[ApiController]
public sealed class ServerInfoController(ReadinessState readiness, ObjectStore store) : ControllerBase
{
    public const string GitVersion = "v1.32.4-miniapiserver";

    /// <summary>kubectl's dispatcher on this image picks its release from "minor", so it must say 32.</summary>
    [HttpGet("version")]
    public IActionResult Version() => new JsonResult(new Dictionary<string, string>
    {
        ["major"] = "1",
        ["minor"] = "32",
        ["gitVersion"] = GitVersion,
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2026-11-27T00:00:00Z",
        ["goVersion"] = "dotnet" + Environment.Version,
        ["compiler"] = "roslyn",
        ["platform"] = "linux/amd64",
    });

    [HttpGet("livez")]
    public IActionResult Livez() => Health("livez", ("ping", true), ("log", true));

    [HttpGet("healthz")]
    public IActionResult Healthz() => Health("healthz", ("ping", true), ("storage", StorageOk));

    [HttpGet("readyz")]
    public IActionResult Readyz() =>
        Health("readyz", ("ping", true), ("storage", StorageOk), ("informers-synced", readiness.ControllersStarted));

    /// <summary>Bootstrapped, and the last commit (or the probe after a failed one) reached the disk.</summary>
    private bool StorageOk => readiness.StorageReady && store.Health.Healthy;

    /// <summary>The apiserver's healthz format: "ok", or with ?verbose one [+]/[-] line per named check.</summary>
    private ContentResult Health(string endpoint, params (string Name, bool Ok)[] checks)
    {
        var verbose = Request.Query.ContainsKey("verbose");
        var ok = checks.All(c => c.Ok);
        string body;
        if (verbose)
        {
            var lines = checks.Select(c => c.Ok ? $"[+]{c.Name} ok" : $"[-]{c.Name} failed: reason withheld");
            body = string.Join("\n", lines) + (ok ? $"\n{endpoint} check passed\n" : $"\n{endpoint} check failed\n");
        }
        else
        {
            body = ok ? "ok" : $"{endpoint} check failed";
        }
        return new ContentResult { Content = body, ContentType = "text/plain; charset=utf-8", StatusCode = ok ? 200 : 500 };
    }
}
