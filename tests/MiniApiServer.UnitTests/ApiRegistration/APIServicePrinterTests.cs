using System.Text.Json;
using MiniApiServer.Application.Kinds;

namespace MiniApiServer.UnitTests.ApiRegistration;

/// <summary>kube-aggregator pkg/registry/apiservice/etcd/etcd.go ConvertToTable.</summary>
public class APIServicePrinterTests
{
    private static string[] Row(string json)
    {
        var printer = new APIServiceKind().Printer;
        using var doc = JsonDocument.Parse(json);
        return [.. printer.Cells(doc.RootElement, DateTimeOffset.UnixEpoch).Take(3).Select(c => c!.GetValue<string>())];
    }

    [Fact]
    public void Columns()
    {
        Assert.Equal(["Name", "Service", "Available", "Age"], new APIServiceKind().Printer.Columns.Select(c => c.Name));
    }

    [Fact]
    public void Local_True()
    {
        Assert.Equal(["v1.apps", "Local", "True"],
            Row("""{"metadata":{"name":"v1.apps"},"spec":{"group":"apps","version":"v1"},"status":{"conditions":[{"type":"Available","status":"True","reason":"Local"}]}}"""));
    }

    [Fact]
    public void Remote_FalseWithItsReason()
    {
        Assert.Equal(["v1.w", "wardle/api", "False (MissingEndpoints)"],
            Row("""{"metadata":{"name":"v1.w"},"spec":{"service":{"namespace":"wardle","name":"api"}},"status":{"conditions":[{"type":"Available","status":"False","reason":"MissingEndpoints"}]}}"""));
    }

    [Fact]
    public void NoCondition_Unknown_AndFalseWithoutReason()
    {
        Assert.Equal(["v1.w", "Local", "Unknown"], Row("""{"metadata":{"name":"v1.w"},"spec":{}}"""));
        Assert.Equal(["v1.w", "Local", "False"], Row("""{"metadata":{"name":"v1.w"},"status":{"conditions":[{"type":"Available","status":"False"}]}}"""));
    }
}
