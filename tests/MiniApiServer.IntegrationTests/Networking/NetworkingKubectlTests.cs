using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Networking;

/// <summary>
/// kubectl against networking.k8s.io/v1 as a user types it: apply of a typical app (Deployment, Service, Ingress,
/// NetworkPolicy, IngressClass), get with printers.go's columns, and kubectl create ingress.
/// </summary>
public sealed class NetworkingKubectlTests : ServerTest
{
    private const string App = """
        apiVersion: networking.k8s.io/v1
        kind: IngressClass
        metadata:
          name: nginx
          annotations:
            ingressclass.kubernetes.io/is-default-class: "true"
        spec:
          controller: k8s.io/ingress-nginx
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 2
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
              - name: web
                image: nginx:1.27
                ports:
                - containerPort: 80
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        spec:
          selector:
            app: web
          ports:
          - port: 80
            targetPort: 80
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: web
        spec:
          tls:
          - hosts: [web.example.com]
            secretName: web-tls
          rules:
          - host: web.example.com
            http:
              paths:
              - path: /
                pathType: Prefix
                backend:
                  service:
                    name: web
                    port:
                      number: 80
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: web-allow-http
        spec:
          podSelector:
            matchLabels:
              app: web
          ingress:
          - ports:
            - port: 80
        """;

    protected override ApiServerHost StartServer() => ApiServerHost.Start(nodes: 1);

    [KubectlFact]
    public async Task ApplyApp_GetShowsUpstreamsColumns()
    {
        var applied = await Kubectl.OkAsync("apply", "-f", Kubectl.WriteFile("app.yaml", App));

        Assert.Equal("ingressclass.networking.k8s.io/nginx created\ndeployment.apps/web created\nservice/web created\n"
            + "ingress.networking.k8s.io/web created\nnetworkpolicy.networking.k8s.io/web-allow-http created\n", applied);
        var ing = await Kubectl.OkAsync("get", "ing");
        Assert.Matches(@"^NAME\s+CLASS\s+HOSTS\s+ADDRESS\s+PORTS\s+AGE\n", ing);
        // The default class was filled in by admission; no controller publishes an address.
        Assert.Matches(@"(?m)^web\s+nginx\s+web\.example\.com\s+80, 443\s+\d+s$", ing);
        var netpol = await Kubectl.OkAsync("get", "netpol");
        Assert.Matches(@"^NAME\s+POD-SELECTOR\s+AGE\n", netpol);
        Assert.Matches(@"(?m)^web-allow-http\s+app=web\s+\d+s$", netpol);
        var classes = await Kubectl.OkAsync("get", "ingressclass");
        Assert.Matches(@"^NAME\s+CONTROLLER\s+PARAMETERS\s+AGE\n", classes);
        Assert.Matches(@"(?m)^nginx\s+k8s\.io/ingress-nginx\s+<none>\s+\d+s$", classes);
        Assert.Equal("TCP Ingress", await Kubectl.OkAsync("get", "networkpolicy", "web-allow-http", "-o", "jsonpath={.spec.ingress[0].ports[0].protocol} {.spec.policyTypes[*]}"));

        // A second apply changes nothing and says so.
        Assert.Contains("ingress.networking.k8s.io/web unchanged", await Kubectl.OkAsync("apply", "-f", Kubectl.WriteFile("app.yaml", App)), StringComparison.Ordinal);
    }

    [KubectlFact]
    public async Task CreateIngress_BuildsRulesFromTheCommandLine()
    {
        Assert.Equal("ingress.networking.k8s.io/simple created\n",
            await Kubectl.OkAsync("create", "ingress", "simple", "--class=nginx", "--rule=foo.com/bar=svc1:8080,tls=my-cert", "--rule=foo.com/api*=svc2:http"));

        var paths = await Kubectl.OkAsync("get", "ingress", "simple", "-o",
            "jsonpath={range .spec.rules[*].http.paths[*]}{.path} {.pathType} {.backend.service.name}:{.backend.service.port.number}{.backend.service.port.name};{end}");
        Assert.Equal("/bar Exact svc1:8080;/api Prefix svc2:http;", paths);
        var get = await Kubectl.OkAsync("get", "ingress", "simple");
        Assert.Matches(@"(?m)^simple\s+nginx\s+foo\.com\s+80, 443\s+\d+s$", get);
    }

    [KubectlFact]
    public async Task CreateIngress_WithABadServiceName_IsRefusedWithUpstreamsMessage()
    {
        var (code, _, stderr) = await Kubectl.RunAsync("create", "ingress", "bad", "--rule=foo.com/=Svc:80");

        Assert.NotEqual(0, code);
        Assert.Equal("error: failed to create ingress: Ingress.networking.k8s.io \"bad\" is invalid: spec.rules[0].http.paths[0].backend.service.name: Invalid value: \"Svc\": "
            + "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')\n", stderr);
    }

    /// <summary>
    /// Client-side apply computes its strategic merge patch from the OpenAPI v3 patch metadata: a Service's ports merge by
    /// port (ServiceSpec's patchMergeKey), so a changed port is sent as the new entry and a delete of the old one. With the
    /// list advertised as atomic, kubectl sent the new list whole, the server merged it by port beside the old entry, and
    /// the apply failed on a duplicate port name.
    /// </summary>
    [KubectlFact]
    public async Task ReApplyingAServiceWithAChangedPort_ReplacesThePort()
    {
        static string Service(int port) => $"""
            apiVersion: v1
            kind: Service
            metadata:
              name: moved
            spec:
              selector:
                app: moved
              ports:
              - name: http
                port: {port}
                targetPort: http
            """;
        Assert.Contains("service/moved created", await Kubectl.OkAsync("apply", "-f", Kubectl.WriteFile("svc.yaml", Service(80))), StringComparison.Ordinal);
        Assert.Contains("service/moved unchanged", await Kubectl.OkAsync("apply", "-f", Kubectl.WriteFile("svc.yaml", Service(80))), StringComparison.Ordinal);

        Assert.Contains("service/moved configured", await Kubectl.OkAsync("apply", "-f", Kubectl.WriteFile("svc.yaml", Service(8080))), StringComparison.Ordinal);

        Assert.Equal("http:8080:http;", await Kubectl.OkAsync("get", "service", "moved", "-o", "jsonpath={range .spec.ports[*]}{.name}:{.port}:{.targetPort};{end}"));
    }

    /// <summary>A Deployment's strategy is retainKeys: switching to Recreate by apply drops the defaulted rollingUpdate.</summary>
    [KubectlFact]
    public async Task ReApplyingADeploymentAsRecreate_DropsItsRollingUpdate()
    {
        static string Deployment(string strategy) => $"""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: recreated
            spec:
              selector:
                matchLabels:
                  app: recreated
              strategy:
                type: {strategy}
              template:
                metadata:
                  labels:
                    app: recreated
                spec:
                  containers:
                  - name: c
                    image: nginx
            """;
        await Kubectl.OkAsync("apply", "-f", Kubectl.WriteFile("deploy.yaml", Deployment("RollingUpdate")));

        Assert.Contains("deployment.apps/recreated configured", await Kubectl.OkAsync("apply", "-f", Kubectl.WriteFile("deploy.yaml", Deployment("Recreate"))), StringComparison.Ordinal);

        Assert.Equal("""{"type":"Recreate"}""", await Kubectl.OkAsync("get", "deployment", "recreated", "-o", "jsonpath={.spec.strategy}"));
    }
}
