using System.Text.Json.Nodes;
using static MiniApiServer.UnitTests.Tables.TestJson;

namespace MiniApiServer.UnitTests.Tables;

/// <summary>printers.go printIngress (formatHosts, formatPorts, the load-balancer addresses), printIngressClass and printNetworkPolicy.</summary>
public class NetworkingTableTests
{
    private static JsonObject Ingress(string spec, string status = "{}") => Parse($$"""
        {
          "apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
          "metadata": { "name": "web", "namespace": "default", "creationTimestamp": "{{Ago(TimeSpan.FromMinutes(3))}}" },
          "spec": {{spec}}, "status": {{status}}
        }
        """);

    [Fact]
    public void Ingress_WithoutClassHostsOrTls_ShowsNoneStarAnd80()
    {
        var table = Table("networking.k8s.io", "ingresses", Ingress("""{"defaultBackend":{"service":{"name":"web","port":{"number":80}}}}"""));

        Assert.Equal(["Name", "Class", "Hosts", "Address", "Ports", "Age"], ColumnNames(table));
        Assert.Equal("""["web","<none>","*","","80","3m"]""", Cells(table).Compact());
    }

    [Fact]
    public void Ingress_ListsThreeHosts_ThenCountsTheRulesLeftOut()
    {
        var rules = """[{"host":"a.example.com"},{"host":""},{"host":"b.example.com"},{"host":"c.example.com"},{"host":"d.example.com"},{}]""";

        var table = Table("networking.k8s.io", "ingresses", Ingress($$"""{"ingressClassName":"nginx","rules":{{rules}},"tls":[{"hosts":["a.example.com"]}]}"""));

        // Six rules, three shown: "+ 3 more" although only one of the three left out names a host.
        Assert.Equal("""["web","nginx","a.example.com,b.example.com,c.example.com + 3 more...","","80, 443","3m"]""", Cells(table).Compact());
    }

    [Fact]
    public void Ingress_Address_IsEachIpElseHostname_SortedOnce()
    {
        var status = """{"loadBalancer":{"ingress":[{"ip":"10.0.0.9"},{"hostname":"lb.example.com"},{"ip":"10.0.0.10","hostname":"ignored"},{"ip":"10.0.0.9"}]}}""";

        var table = Table("networking.k8s.io", "ingresses", Ingress("""{"rules":[{"host":"x.example.com"}]}""", status));

        Assert.Equal("10.0.0.10,10.0.0.9,lb.example.com", Cell(table, "Address")!.GetValue<string>());
    }

    [Theory]
    [InlineData("", "<none>")]
    [InlineData(""","parameters":{"kind":"Params","name":"p","scope":"Cluster"}""", "Params/p")]
    [InlineData(""","parameters":{"apiGroup":"k8s.example.com","kind":"Params","name":"p","scope":"Cluster"}""", "Params.k8s.example.com/p")]
    public void IngressClass_ShowsControllerAndParameters(string parameters, string expected)
    {
        var ingressClass = Parse($$"""
            {"apiVersion":"networking.k8s.io/v1","kind":"IngressClass",
             "metadata":{"name":"nginx","creationTimestamp":"{{Ago(TimeSpan.FromHours(5))}}"},
             "spec":{"controller":"k8s.io/ingress-nginx"{{parameters}} } }
            """);

        var table = Table("networking.k8s.io", "ingressclasses", ingressClass);

        Assert.Equal(["Name", "Controller", "Parameters", "Age"], ColumnNames(table));
        Assert.Equal($"""["nginx","k8s.io/ingress-nginx","{expected}","5h"]""", Cells(table).Compact());
    }

    [Theory]
    [InlineData("{}", "<none>")]
    [InlineData("""{"matchLabels":{"app":"web","tier":"front"}}""", "app=web,tier=front")]
    [InlineData("""{"matchExpressions":[{"key":"app","operator":"In","values":["b","a"]}]}""", "app in (a,b)")]
    public void NetworkPolicy_ShowsThePodSelector(string selector, string expected)
    {
        var policy = Parse($$"""
            {"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy",
             "metadata":{"name":"deny","namespace":"default","creationTimestamp":"{{Ago(TimeSpan.FromSeconds(42))}}"},
             "spec":{"podSelector":{{selector}},"policyTypes":["Ingress"]} }
            """);

        var table = Table("networking.k8s.io", "networkpolicies", policy);

        Assert.Equal(["Name", "Pod-Selector", "Age"], ColumnNames(table));
        Assert.Equal($"""["deny","{expected}","42s"]""", Cells(table).Compact());
    }
}
