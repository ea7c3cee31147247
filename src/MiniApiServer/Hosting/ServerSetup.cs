using Prometheus;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;
using MiniApiServer.Controllers;
using MiniApiServer.Http;
using MiniApiServer.Security;
using MiniApiServer.Storage;
using MiniApiServer.Storage.Sqlite;
using MiniApiServer.Ui;
using MiniApiServer.Watch;

namespace MiniApiServer.Hosting;

public static class ServerSetup
{
    /// <summary>Kubernetes' own request body limit (3 MiB, apiserver MaxRequestBodyBytes).</summary>
    public const long MaxRequestBodyBytes = 3 * 1024 * 1024;

    /// <summary>
    /// secure_serving.go's http.Server MaxHeaderBytes (1 MiB), which bounds the request line and the headers together.
    /// Kestrel's own defaults (8 KiB for the line, 32 KiB of headers, 16 KiB an HTTP/2 field) refused a label selector
    /// of a few hundred values with a bare 414 that kube-apiserver serves.
    /// </summary>
    public const int MaxHeaderBytes = 1 << 20;

    public static WebApplicationBuilder AddMiniApiServer(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        LoggingSetup.Configure(builder);
        if (string.IsNullOrEmpty(config["urls"]) && string.IsNullOrEmpty(config["ASPNETCORE_URLS"]) && string.IsNullOrEmpty(config["http_ports"]))
        {
            builder.WebHost.UseUrls(ServerOptions.DefaultUrl);
        }
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            k.Limits.MaxRequestLineSize = MaxHeaderBytes;
            k.Limits.MaxRequestHeadersTotalSize = MaxHeaderBytes;
            k.Limits.Http2.MaxRequestHeaderFieldSize = MaxHeaderBytes;
            k.AddServerHeader = false;
        });
        var serverOptions = new ServerOptions();
        config.Bind(serverOptions);
        builder.AddApiSecurity(serverOptions);
        var storageOptions = new StorageOptions { DatabasePath = serverOptions.Db };
        config.GetSection("Storage").Bind(storageOptions);
        var services = builder.Services;
        services.AddSingleton(serverOptions);
        services.AddSingleton(storageOptions);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ResourceRegistry>();
        services.AddSingleton<IObjectIndexer, ResourceIndexer>();
        services.AddSingleton<IStorageBackend>(_ => MiniApiServer.Storage.Postgres.PostgresConnectionString.IsPostgres(storageOptions.DatabasePath)
            ? new MiniApiServer.Storage.Postgres.PostgresBackend(storageOptions.DatabasePath)
            : new SqliteBackend(storageOptions.DatabasePath));
        services.AddSingleton<ObjectStore>();
        services.AddSingleton<StrategyRegistry>();
        services.AddSingleton(new Application.Services.ServiceNetwork(config["service-cluster-ip-range"], config["service-node-port-range"]));
        services.AddSingleton<Application.Services.ServiceAllocator>();
        services.AddSingleton(sp =>
        {
            var webhooks = ActivatorUtilities.CreateInstance<Application.Webhooks.AdmissionWebhooks>(sp);
            webhooks.CallFailed = (name, mutating, failedOpen) =>
            {
                var admissionType = mutating ? "admit" : "validating";
                if (failedOpen)
                {
                    Observability.ApiMetrics.WebhookFailOpen.WithLabels(name, admissionType).Inc();
                }
                else
                {
                    Observability.ApiMetrics.WebhookCallRejections.WithLabels(name, admissionType, "calling_webhook_error").Inc();
                }
            };
            webhooks.Authorize = Security.CelAuthorization.For(sp.GetRequiredService<Security.IAuthorizer>());
            webhooks.Policies.Checked = (policy, binding, errorType, action) =>
                Observability.ApiMetrics.ValidatingAdmissionPolicyChecks.WithLabels(policy, binding, errorType, action).Inc();
            return webhooks;
        });
        services.AddSingleton(sp =>
        {
            var service = ActivatorUtilities.CreateInstance<ResourceService>(sp);
            service.PodSecurityEvaluated = Observability.ApiMetrics.CountPodSecurity;
            service.SignerAuthorizer = Security.SignerAuthorization.For(sp.GetRequiredService<Security.IAuthorizer>());
            return service;
        });
        services.AddSingleton<WatchStreamer>();
        services.AddSingleton<ReadinessState>();
        services.AddSingleton<OpenApi.OpenApiDocumentStore>();
        services.AddOpenApi();
        services.AddSingleton<Observability.ApiMetrics>();
        services.AddFleetUi();
        services.AddHostedService<CustomResources.CustomResourceRegistrar>();
        services.AddHostedService<ClusterBootstrap>();
        services.AddHostedService<KubernetesServiceReconciler>();
        services.AddHostedService<SecurityBootstrap>();
        services.AddHostedService<CompactionService>();
        // What kube-apiserver's ListedPaths would add to the stored kinds for the autoregister controller.
        services.AddSingleton<Discovery.ServiceBackedGroupVersions>();
        services.AddSingleton(new Controllers.ApiRegistration.LocalApis([.. Discovery.CreateOnlyResources.Types, .. ResourceMetrics.MetricsApi.Types]));
        services.AddControlPlane(config);
        services.AddHostedService<StartupBanner>();
        var auditLog = new Pipeline.AuditLog(Pipeline.AuditLogOptions.From(config));
        services.AddSingleton(sp => auditLog.WithLogger(sp.GetRequiredService<ILoggerFactory>().CreateLogger<Pipeline.AuditLog>()));
        // Without a log there is nowhere to write, as kube-apiserver's policy has no backend to feed then.
        if (auditLog.Enabled && NullIfEmpty(config["audit-policy-file"]) is { } auditPolicy)
        {
            services.AddSingleton(Pipeline.Audit.AuditPolicy.Load(auditPolicy));
            services.AddSingleton<Pipeline.Audit.FailedAuthenticationAudit>();
            Application.Admission.AuditAnnotations.Enable();
            // Only here: the accessor costs every request an async-local write, and only the audit behaviour reads it.
            services.AddHttpContextAccessor();
        }
        // Singleton so the controllers' typed clients, which live as long as the host, send through the same pipeline.
        services.AddMediator(o =>
        {
            o.ServiceLifetime = ServiceLifetime.Singleton;
            o.PipelineBehaviors = [typeof(Pipeline.TelemetryBehavior<,>), typeof(Pipeline.AuditBehavior<,>)];
        });
        services.AddControllers(o => o.SuppressAsyncSuffixInActionNames = false)
            .ConfigureApiBehaviorOptions(o =>
            {
                o.SuppressModelStateInvalidFilter = true;
                o.SuppressMapClientErrors = true;
            });
        return builder;
    }

    public static WebApplication UseMiniApiServer(this WebApplication app)
    {
        // First: every later step (metrics, authorization, routing) must see the path as the client sent it.
        app.UseMiddleware<DotSegmentPathMiddleware>();
        // Explicit so it follows the step above: WebApplication would otherwise route before any middleware runs.
        app.UseRouting();
        app.UseMiddleware<Observability.RequestMetricsMiddleware>();
        app.UseMiddleware<StatusExceptionMiddleware>();
        app.UseMiddleware<RequestTimeoutMiddleware>();
        app.UseFleetUi();
        app.UseApiSecurity();
        app.UseMiddleware<AggregatedApiMiddleware>();
        app.UseStatusCodePages(async ctx =>
        {
            var code = ctx.HttpContext.Response.StatusCode;
            var error = code == 405 ? Application.Errors.ApiErrors.MethodNotAllowed() : code == 404 ? Application.Errors.ApiErrors.PathNotFound() : null;
            if (error is not null)
            {
                await StatusWriter.WriteAsync(ctx.HttpContext.Response, error).ConfigureAwait(false);
            }
        });
        app.MapOpenApi("/openapi/server/{documentName}.json");
        app.UseSwaggerUI(ui =>
        {
            // Swagger UI reads the same per-group-version documents kubectl reads, so "Try it out" hits the real paths.
            ui.RoutePrefix = "swagger";
            ui.DocumentTitle = "MiniApiServer";
            foreach (var gv in app.Services.GetRequiredService<OpenApi.OpenApiDocumentStore>().Documents.Keys)
            {
                ui.SwaggerEndpoint($"/openapi/v3/{gv}", gv);
            }
        });
        app.MapControllers();
        // prometheus-net republishes every .NET Meter once /metrics is first scraped; ASP.NET Core's and Kestrel's record
        // several measurements per request, and the adapter's label lookups cost ~3% of the server's CPU under a create
        // load. The apiserver_* families already cover requests, so only the runtime's own meter is republished.
        Metrics.ConfigureMeterAdapter(adapter => adapter.InstrumentFilterPredicate = instrument => instrument.Meter.Name == "System.Runtime");
        // Its event counter adapter listens to Kestrel's, hosting's and sockets' EventSources, which makes them raise an
        // event per request and per connection (~3% of the bytes a create allocates) for counters the runtime meter above
        // already gives.
        Metrics.ConfigureEventCounterAdapter(adapter => adapter.EventSourceFilterPredicate = _ => false);
        app.MapMetrics("/metrics");
        // Force the store open (and the database loaded) before the first request.
        app.Services.GetRequiredService<ObjectStore>();
        app.Services.GetRequiredService<Observability.ApiMetrics>();
        return app;
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
