using MiniApiServer.Application.Tables;
using static MiniApiServer.UnitTests.Tables.TestJson;

namespace MiniApiServer.UnitTests.Tables;

public class ResourceTableTests
{
    private static readonly string Created = Ago(TimeSpan.FromHours(2));

    [Fact]
    public void ToTable_ControllerRevisionOwnedByDaemonSet_ShowsKindGroupAndRevision()
    {
        var revision = Parse($$"""
            {"metadata":{"name":"demo-5d4f","creationTimestamp":"{{Created}}","ownerReferences":[
               {"apiVersion":"v1","kind":"ConfigMap","name":"other"},
               {"apiVersion":"apps/v1","kind":"DaemonSet","name":"demo","controller":true}]},
             "revision":2}
            """);

        var table = Table("apps", "controllerrevisions", revision);

        Assert.Equal(["Name", "Controller", "Revision", "Age"], ColumnNames(table));
        Assert.Equal("""["demo-5d4f","daemonset.apps/demo",2,"120m"]""", Cells(table).Compact());
    }

    [Fact]
    public void ToTable_ControllerRevisionWithoutController_ShowsNone()
    {
        var table = Table("apps", "controllerrevisions", Parse("""{"metadata":{"name":"r"},"revision":1}"""));

        Assert.Equal("<none>", Cell(table, "Controller")!.GetValue<string>());
    }

    [Fact]
    public void ToTable_ClusterRoleBinding_ShowsRoleRefAndSubjects()
    {
        var binding = Parse($$"""
            {"metadata":{"name":"admins","creationTimestamp":"{{Created}}"},
             "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"cluster-admin"},
             "subjects":[{"kind":"User","name":"alice"},{"kind":"Group","name":"system:masters"},
                         {"kind":"ServiceAccount","name":"builder","namespace":"ci"},{"kind":"User","name":"bob"}]}
            """);

        var table = Table("rbac.authorization.k8s.io", "clusterrolebindings", binding);

        Assert.Equal(
            """["admins","ClusterRole/cluster-admin","120m","alice, bob","system:masters","ci/builder"]""",
            Cells(table).Compact());
    }

    [Fact]
    public void ToTable_ConfigMapSecretServiceAccountLease_ShowCountsAndHolder()
    {
        var configMap = Table("", "configmaps", Parse($$$"""{"metadata":{"name":"cm","creationTimestamp":"{{{Created}}}"},"data":{"a":"1","b":"2"},"binaryData":{"c":"AA=="}}"""));
        var secret = Table("", "secrets", Parse($$$"""{"metadata":{"name":"s","creationTimestamp":"{{{Created}}}"},"type":"Opaque","data":{"k":"dg=="}}"""));
        var account = Table("", "serviceaccounts", Parse($$$"""{"metadata":{"name":"default","creationTimestamp":"{{{Created}}}"}}"""));
        var lease = Table("coordination.k8s.io", "leases", Parse($$$"""{"metadata":{"name":"node-1","creationTimestamp":"{{{Created}}}"},"spec":{"holderIdentity":"node-1"}}"""));

        Assert.Equal("""["cm",3,"120m"]""", Cells(configMap).Compact());
        Assert.Equal("""["s","Opaque",1,"120m"]""", Cells(secret).Compact());
        Assert.Equal("""["default",0,"120m"]""", Cells(account).Compact());
        Assert.Equal("""["node-1","node-1","120m"]""", Cells(lease).Compact());
    }

    [Fact]
    public void ToTable_RuntimeClass_ShowsHandler()
    {
        var table = Table("node.k8s.io", "runtimeclasses", Parse($$"""{"metadata":{"name":"gvisor","creationTimestamp":"{{Created}}"},"handler":"runsc"}"""));

        Assert.Equal(["Name", "Handler", "Age"], ColumnNames(table));
        Assert.Equal("""["gvisor","runsc","120m"]""", Cells(table).Compact());
    }
}
