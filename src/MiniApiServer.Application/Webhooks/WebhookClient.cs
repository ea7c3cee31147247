using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Webhooks;

/// <summary>
/// Posts AdmissionReviews (apiserver util/webhook/client.go): HTTPS only, the server's certificate checked against the
/// webhook's caBundle (the system roots without one), a service reference dialled at one of its ready endpoints with
/// the TLS server name "name.namespace.svc", and every failure described as Go's client would describe it, since the
/// words reach users in the 500 that failurePolicy Fail answers with.
/// </summary>
public sealed class WebhookClient(Func<string, string, int, WebhookEndpoint> resolveService) : IDisposable
{
    private readonly ConcurrentDictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _tlsFailures = new(StringComparer.Ordinal);

    // The "name.namespace.svc" hosts of service references: only these are dialled at a Service's endpoints; a URL
    // whose host merely looks like one is resolved as any other.
    private readonly ConcurrentDictionary<string, bool> _serviceHosts = new(StringComparer.Ordinal);

    /// <summary>The webhook's URL without the timeout parameter, as its error messages start it.</summary>
    public static string UrlOf(AdmissionWebhook webhook)
    {
        var cc = webhook.ClientConfig;
        if (cc.Url is { } url)
        {
            return url;
        }
        var service = cc.Service!;
        var port = service.Port is null or 0 ? 443 : service.Port.Value;
        return $"https://{service.Name}.{service.NamespaceProperty}.svc:{port.ToString(CultureInfo.InvariantCulture)}{service.Path}";
    }

    /// <summary>Sends the review and returns the answer's JSON; <see cref="WebhookCallException"/> when there is none to read.</summary>
    public async Task<JsonNode?> PostAsync(AdmissionWebhook webhook, JsonObject review, CancellationToken cancel)
    {
        var timeout = TimeSpan.FromSeconds(webhook.TimeoutSeconds);
        if (webhook.ClientConfig.Service is { } service)
        {
            _serviceHosts.TryAdd($"{service.Name}.{service.NamespaceProperty}.svc", true);
        }
        var url = UrlOf(webhook) + "?timeout=" + webhook.TimeoutSeconds.ToString(CultureInfo.InvariantCulture) + "s";
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(timeout);
        HttpResponseMessage response;
        try
        {
            using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(review));
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
            request.Headers.Accept.ParseAdd("application/json, */*");
            request.Headers.UserAgent.ParseAdd("kube-apiserver-admission");
            response = await ClientFor(webhook.ClientConfig.CaBundle).SendAsync(request, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or UriFormatException or ObjectDisposedException)
        {
            throw new WebhookCallException(webhook.Name, $"failed to call webhook: Post \"{url}\": {Describe(ex, url, deadline.IsCancellationRequested)}");
        }
        using (response)
        {
            byte[] body;
            try
            {
                body = await response.Content.ReadAsByteArrayAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                throw new WebhookCallException(webhook.Name, $"failed to call webhook: Post \"{url}\": {Describe(ex, url, deadline.IsCancellationRequested)}");
            }
            if (!response.IsSuccessStatusCode)
            {
                throw new WebhookCallException(webhook.Name, "failed to call webhook: " + StatusText((int)response.StatusCode, body));
            }
            try
            {
                return JsonNode.Parse(body);
            }
            catch (JsonException ex)
            {
                throw new WebhookCallException(webhook.Name, "failed to call webhook: " + ex.Message);
            }
        }
    }

    /// <summary>client-go's words for an answer that is not 2xx: the Status it carries, or its generic text for the code.</summary>
    private static string StatusText(int code, byte[] body)
    {
        try
        {
            if (JsonNode.Parse(body) is JsonObject { } status && status["kind"]?.ToString() == "Status" && status["message"]?.ToString() is { Length: > 0 } message)
            {
                return message;
            }
        }
        catch (JsonException)
        {
            // Not a Status: described by its code below, as client-go's newUnstructuredResponseError does.
        }
        var text = Encoding.UTF8.GetString(body).Trim();
        return code switch
        {
            404 => "the server could not find the requested resource",
            >= 500 => $"an error on the server (\"{text}\") has prevented the request from succeeding",
            _ => $"the server rejected our request for an unknown reason (post {code})",
        };
    }

    private string Describe(Exception ex, string url, bool timedOut)
    {
        if (timedOut || ex is OperationCanceledException)
        {
            return "context deadline exceeded";
        }
        for (var inner = ex; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return $"dial tcp {inner.Data["endpoint"] as string ?? new Uri(url).Authority}: connect: connection refused";
                case AuthenticationException:
                    var host = new Uri(url).Host;
                    return "tls: failed to verify certificate: " + (_tlsFailures.TryRemove(host, out var why) ? why : "x509: certificate signed by unknown authority");
                case WebhookDialException dial:
                    return dial.Message;
            }
        }
        return ex.InnerException?.Message ?? ex.Message;
    }

    // Upstream keeps an LRU of 200 clients (util/webhook/client.go); past that many bundles, the oldest connections go.
    private const int MaxClients = 200;

    private HttpClient ClientFor(byte[]? caBundle)
    {
        var key = caBundle is null ? "" : Convert.ToBase64String(caBundle);
        if (_clients.TryGetValue(key, out var client))
        {
            return client;
        }
        if (_clients.Count >= MaxClients)
        {
            // Rotated bundles leave clients nobody asks for; dropping all of them costs the live ones a new connection.
            foreach (var stale in _clients.Keys)
            {
                if (_clients.TryRemove(stale, out var old))
                {
                    // Requests in flight on it fail as a lost connection would; the webhook's failurePolicy decides.
                    old.Dispose();
                }
            }
        }
        return _clients.GetOrAdd(key, _ => new HttpClient(Handler(caBundle), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan });
    }

    private SocketsHttpHandler Handler(byte[]? caBundle)
    {
        var roots = Roots(caBundle);
        return new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = ConnectAsync,
            SslOptions = new SslClientAuthenticationOptions
            {
                // HTTP/1.1, as upstream forces for webhooks.
                ApplicationProtocols = [SslApplicationProtocol.Http11],
                RemoteCertificateValidationCallback = (sender, certificate, _, errors) => Verify(roots, (sender as SslStream)?.TargetHostName ?? "", certificate, errors),
            },
        };
    }

    // A failure is kept under the host it was for, since the handshake's exception no longer says why.
    private bool Verify(X509Certificate2Collection? roots, string targetHost, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return false;
        }
        using var cert = new X509Certificate2(certificate);
        var host = cert.GetNameInfo(X509NameType.DnsName, false);
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            _tlsFailures[targetHost] = $"x509: certificate is valid for {host}, not {targetHost}";
            return false;
        }
        if (roots is null)
        {
            return errors == SslPolicyErrors.None;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain.Build(cert))
        {
            return true;
        }
        _tlsFailures[targetHost] = "x509: certificate signed by unknown authority";
        return false;
    }

    private static X509Certificate2Collection? Roots(byte[]? caBundle)
    {
        if (caBundle is not { Length: > 0 })
        {
            return null;
        }
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPem(Encoding.ASCII.GetString(caBundle));
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            // A bundle that is not PEM trusts nothing, so every certificate fails to verify, as Go's AppendCertsFromPEM leaves the pool empty.
        }
        return roots;
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancel)
    {
        var host = context.DnsEndPoint.Host;
        var port = context.DnsEndPoint.Port;
        var target = new DnsEndPoint(host, port);
        var labels = host.Split('.');
        if (labels.Length == 3 && labels[2] == "svc" && _serviceHosts.ContainsKey(host))
        {
            var endpoint = resolveService(labels[1], labels[0], port);
            target = new DnsEndPoint(endpoint.Address, endpoint.Port);
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(target, cancel).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            ex.Data["endpoint"] = $"{target.Host}:{target.Port.ToString(CultureInfo.InvariantCulture)}";
            throw;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }
}
