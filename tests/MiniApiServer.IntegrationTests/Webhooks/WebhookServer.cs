using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MiniApiServer.IntegrationTests.Webhooks;

/// <summary>
/// A real admission webhook for the tests: HTTPS on 127.0.0.1 with its own self-signed certificate (whose PEM is the
/// caBundle a configuration names), answering each AdmissionReview with what <paramref name="answer"/> decides
/// and keeping every review it was sent.
/// </summary>
public sealed class WebhookServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly X509Certificate2 _certificate;

    public ConcurrentQueue<(string Path, string Query, JsonObject Review)> Received { get; } = new();

    public int Port { get; }

    /// <summary>The certificate's PEM, base64-encoded as a caBundle is in JSON.</summary>
    public string CaBundle { get; }

    public string Url(string path) => $"https://127.0.0.1:{Port}{path}";

    private WebhookServer(WebApplication app, X509Certificate2 certificate, int port)
    {
        _app = app;
        _certificate = certificate;
        Port = port;
        CaBundle = Convert.ToBase64String(Encoding.ASCII.GetBytes(certificate.ExportCertificatePem()));
    }

    /// <param name="answer">From the path and the review's request, the response's fields besides uid (null: allowed).</param>
    /// <param name="dnsName">A name the certificate is valid for besides 127.0.0.1 (a service's "name.namespace.svc").</param>
    public static async Task<WebhookServer> StartAsync(Func<string, JsonObject, Task<JsonObject?>> answer, string dnsName = "localhost")
    {
        var certificate = SelfSigned(dnsName);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        WebhookServer? server = null;
        app.Run(async context =>
        {
            var review = (await JsonNode.ParseAsync(context.Request.Body).ConfigureAwait(false))!.AsObject();
            server!.Received.Enqueue((context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "", review));
            var request = review["request"]!.AsObject();
            var response = await answer(context.Request.Path.Value ?? "", request).ConfigureAwait(false) ?? new JsonObject { ["allowed"] = true };
            if (!response.ContainsKey("uid"))
            {
                response["uid"] = request["uid"]!.GetValue<string>();
            }
            var body = new JsonObject { ["apiVersion"] = "admission.k8s.io/v1", ["kind"] = "AdmissionReview", ["response"] = response };
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body.ToJsonString()).ConfigureAwait(false);
        });
        await app.StartAsync().ConfigureAwait(false);
        var port = new Uri(app.Urls.First()).Port;
        server = new WebhookServer(app, certificate, port);
        return server;
    }

    /// <summary>A JSON patch as a mutating webhook's response carries it.</summary>
    public static JsonObject Patch(string jsonPatch) => new()
    {
        ["allowed"] = true,
        ["patchType"] = "JSONPatch",
        ["patch"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(jsonPatch)),
    };

    private static X509Certificate2 SelfSigned(string dnsName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + dnsName, key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName(dnsName);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // Kestrel needs the key in a form SslStream can use on Linux: a PFX round trip gives it one.
        return X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pfx), null);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _certificate.Dispose();
    }
}
