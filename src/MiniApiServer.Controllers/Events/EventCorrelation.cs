namespace MiniApiServer.Controllers.Events;

/// <summary>What the correlator decided for one recorded event.</summary>
/// <param name="Skip">Dropped by the spam filter: nothing is written.</param>
/// <param name="Key">The dedup key: a later event with the same key bumps the count of the object written for this one.</param>
/// <param name="Message">The message to write: the original, or "(combined from similar events): …" once aggregated.</param>
public readonly record struct EventCorrelation(bool Skip, string Key, string Message);
