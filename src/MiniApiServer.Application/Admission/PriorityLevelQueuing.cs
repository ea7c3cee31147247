using k8s.Models;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// ValidateLimitResponse and ValidatePriorityLevelQueuingConfiguration (pkg/apis/flowcontrol/validation): queue or
/// reject, and queues that shuffle sharding can deal hands from (apiserver's pkg/util/shufflesharding).
/// </summary>
internal static class PriorityLevelQueuing
{
    private const string Path = "spec.limited.limitResponse";
    private const int MaxQueues = 10 * 1000 * 1000;
    private const int MaxHashBits = 60;
    private static readonly string[] Types = ["Queue", "Reject"];

    public static void ValidateLimitResponse(V1LimitResponse response, FieldErrors errors)
    {
        switch (response.Type)
        {
            case "Reject":
                if (response.Queuing is not null)
                {
                    errors.Forbidden($"{Path}.queuing", "must be nil if limited.limitResponse.type is not Limited");
                }
                break;
            case "Queue":
                if (response.Queuing is null)
                {
                    errors.Required($"{Path}.queuing", "must not be empty if limited.limitResponse.type is Limited");
                }
                else
                {
                    ValidateQueuing(response.Queuing, errors);
                }
                break;
            default:
                errors.NotSupported($"{Path}.type", response.Type ?? "", Types);
                break;
        }
    }

    private static void ValidateQueuing(V1QueuingConfiguration queuing, FieldErrors errors)
    {
        var queues = queuing.Queues ?? 0;
        var handSize = queuing.HandSize ?? 0;
        if ((queuing.QueueLengthLimit ?? 0) <= 0)
        {
            errors.Invalid($"{Path}.queuing.queueLengthLimit", queuing.QueueLengthLimit ?? 0, "must be positive");
        }
        if (queues <= 0)
        {
            errors.Invalid($"{Path}.queuing.queues", queues, "must be positive");
        }
        else if (queues > MaxQueues)
        {
            errors.Invalid($"{Path}.queuing.queues", queues, $"must not be greater than {MaxQueues}");
        }
        if (handSize <= 0)
        {
            errors.Invalid($"{Path}.queuing.handSize", handSize, "must be positive");
        }
        else if (handSize > queues)
        {
            errors.Invalid($"{Path}.queuing.handSize", handSize, $"should not be greater than queues ({queues})");
        }
        else if (RequiredEntropyBits(queues, handSize) > MaxHashBits)
        {
            errors.Invalid($"{Path}.queuing.handSize", handSize,
                $"required entropy bits of deckSize {queues} and handSize {handSize} should not be greater than {MaxHashBits}");
        }
    }

    /// <summary>shufflesharding.RequiredEntropyBits: the bits a hash needs to deal one hand.</summary>
    private static int RequiredEntropyBits(int deckSize, int handSize) => (int)Math.Ceiling(Math.Log2(deckSize) * handSize);
}
