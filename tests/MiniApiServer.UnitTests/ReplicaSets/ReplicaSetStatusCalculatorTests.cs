using k8s.Models;
using MiniApiServer.Controllers.ReplicaSets;

namespace MiniApiServer.UnitTests.ReplicaSets;

/// <summary>calculateStatus's ReplicaFailure condition (pkg/controller/replicaset/replica_set_utils.go).</summary>
public sealed class ReplicaSetStatusCalculatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static V1ReplicaSet ReplicaSet(params V1ReplicaSetCondition[] conditions) => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default" },
        Spec = new V1ReplicaSetSpec { Replicas = 1, Selector = new V1LabelSelector() },
        Status = new V1ReplicaSetStatus { Conditions = conditions.Length == 0 ? null : conditions },
    };

    [Fact]
    public void AFailure_SetsTheCondition_WithTheErrorAndTheTime()
    {
        var status = ReplicaSetStatusCalculator.Compute(ReplicaSet(), [], "pods \"web-abcde\" is forbidden: x", "FailedCreate", Now);

        var condition = Assert.Single(status.Conditions);
        Assert.Equal(("ReplicaFailure", "True", "FailedCreate", "pods \"web-abcde\" is forbidden: x", new DateTime(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc)),
            (condition.Type, condition.Status, condition.Reason, condition.Message, condition.LastTransitionTime));
    }

    [Fact]
    public void ALaterFailure_LeavesTheConditionAsItWas_EvenWithAnotherMessage()
    {
        // Each retry's error names another generated pod; rewriting the condition each time wrote the status each time,
        // and the status event requeued the ReplicaSet at once (a hot loop under a PodSecurity or quota refusal).
        var first = new V1ReplicaSetCondition
        {
            Type = "ReplicaFailure", Status = "True", Reason = "FailedCreate", Message = "pods \"web-abcde\" is forbidden: x",
            LastTransitionTime = new DateTime(2026, 1, 1, 11, 0, 0, DateTimeKind.Utc),
        };

        var status = ReplicaSetStatusCalculator.Compute(ReplicaSet(first), [], "pods \"web-fghjk\" is forbidden: x", "FailedCreate", Now);

        var condition = Assert.Single(status.Conditions);
        Assert.Equal(("pods \"web-abcde\" is forbidden: x", new DateTime(2026, 1, 1, 11, 0, 0, DateTimeKind.Utc)), (condition.Message, condition.LastTransitionTime));
    }

    [Fact]
    public void Success_RemovesTheCondition()
    {
        var failed = new V1ReplicaSetCondition { Type = "ReplicaFailure", Status = "True", Reason = "FailedCreate", Message = "m" };

        Assert.Null(ReplicaSetStatusCalculator.Compute(ReplicaSet(failed), [], null, null, Now).Conditions);
    }
}
