using System.Text;

namespace MiniApiServer.Benchmarks.Infrastructure;

/// <summary>
/// A realistic ~2 KB pod: three containers with env, ports, probes and resources. Its schedulerName is one no
/// scheduler serves, so creates measure the API alone even once a scheduler runs.
/// </summary>
public static class PodFactory
{
    public const string SelectedLabel = "bench-sel";

    private const string Template = """
    {"apiVersion":"v1","kind":"Pod","metadata":{"name":"__NAME__","labels":{"app":"bench-web","tier":"frontend","release":"stable","team":"perf","version":"v1.4.2"__EXTRA__},
    "annotations":{"bench.miniapi.io/owner":"benchmarks","bench.miniapi.io/purpose":"api write throughput"}},
    "spec":{"schedulerName":"bench-none","restartPolicy":"Always","terminationGracePeriodSeconds":30,
    "containers":[
    {"name":"web","image":"registry.example.com/team/web:1.4.2","ports":[{"name":"http","containerPort":8080,"protocol":"TCP"}],
     "env":[{"name":"LOG_LEVEL","value":"info"},{"name":"LISTEN_ADDR","value":"0.0.0.0:8080"},{"name":"UPSTREAM","value":"http://api.default.svc.cluster.local:9000"},{"name":"CACHE_TTL","value":"300"}],
     "resources":{"requests":{"cpu":"100m","memory":"128Mi"},"limits":{"cpu":"500m","memory":"256Mi"}},
     "readinessProbe":{"httpGet":{"path":"/healthz","port":8080},"periodSeconds":10},"imagePullPolicy":"IfNotPresent"},
    {"name":"sidecar-proxy","image":"registry.example.com/infra/proxy:2.11.0","ports":[{"name":"admin","containerPort":15000,"protocol":"TCP"}],
     "env":[{"name":"PROXY_MODE","value":"sidecar"},{"name":"CLUSTER_DOMAIN","value":"cluster.local"},{"name":"CONCURRENCY","value":"2"}],
     "resources":{"requests":{"cpu":"50m","memory":"64Mi"},"limits":{"cpu":"200m","memory":"128Mi"}},"imagePullPolicy":"IfNotPresent"},
    {"name":"log-shipper","image":"registry.example.com/infra/logs:0.9.7","args":["--input=/var/log/app","--output=collector:24224","--buffer=8MB"],
     "env":[{"name":"SHIPPER_ID","value":"__NAME__"},{"name":"FLUSH_INTERVAL","value":"5s"}],
     "resources":{"requests":{"cpu":"20m","memory":"32Mi"},"limits":{"cpu":"100m","memory":"64Mi"}},"imagePullPolicy":"IfNotPresent"}]}}
    """;

    /// <summary>Every hundredth pod (i % 100 == 0) carries the 1% label a selector benchmark matches.</summary>
    public static byte[] Create(string name, int index = 1) =>
        Encoding.UTF8.GetBytes(Template
            .Replace("__NAME__", name, StringComparison.Ordinal)
            .Replace("__EXTRA__", index % 100 == 0 ? $",\"{SelectedLabel}\":\"one-percent\"" : "", StringComparison.Ordinal));
}
