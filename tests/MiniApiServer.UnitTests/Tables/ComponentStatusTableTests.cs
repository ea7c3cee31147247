using System.Text.Json;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.UnitTests.Tables;

/// <summary>printers.go printComponentStatus.</summary>
public class ComponentStatusTableTests
{
    private static string[] Row(string conditions)
    {
        using var doc = JsonDocument.Parse($$"""{"metadata":{"name":"scheduler"},"conditions":{{conditions}}}""");
        return [.. new ComponentStatusPrinter().Cells(doc.RootElement, DateTimeOffset.UnixEpoch).Select(c => c!.GetValue<string>())];
    }

    [Fact]
    public void HealthyCondition_ReadsHealthyUnhealthyOrUnknown()
    {
        Assert.Equal(["scheduler", "Healthy", "ok", ""], Row("""[{"type":"Healthy","status":"True","message":"ok"}]"""));
        Assert.Equal(["scheduler", "Unhealthy", "", "dial tcp 127.0.0.1:10259: connect: connection refused"],
            Row("""[{"type":"Healthy","status":"False","error":"dial tcp 127.0.0.1:10259: connect: connection refused"}]"""));
        Assert.Equal(["scheduler", "Unknown", "", ""], Row("""[]"""));
        Assert.Equal(["Name", "Status", "Message", "Error"], new ComponentStatusPrinter().Columns.Select(c => c.Name));
    }
}
